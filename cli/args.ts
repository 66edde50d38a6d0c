// A small, strict flag parser: every flag is declared with its kind; an unknown flag (with the closest
// known ones), a missing value or a bad number is a UsageError that names the flag and the fix.
// `--flag=value` and `--flag value` both work; repeatable flags collect into arrays.
import { closest } from '../suites/engine/suggest.ts';
import { UsageError } from './errors.ts';

export type FlagKind = 'string' | 'int' | 'bool' | 'list';

export interface FlagSpec {
  kind: FlagKind;
  /** For the help text. */
  description: string;
  /** Value placeholder in help, e.g. "N" or "FILE". */
  value?: string;
}

export type Parsed = Record<string, string | number | boolean | string[] | undefined> & { _: string[] };

export function parseArgs(argv: readonly string[], flags: Record<string, FlagSpec>, command: string): Parsed {
  const out: Parsed = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      out._.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = flags[name];
    if (!spec) {
      const close = closest(name, Object.keys(flags), 3);
      throw new UsageError(`${command}: unknown flag --${name}.${close.length ? ` Did you mean ${close.map((f) => `--${f}`).join(', ')}?` : ` Known: ${Object.keys(flags).map((f) => `--${f}`).join(', ')}`} (see dcs-conformance ${command} --help)`);
    }
    if (spec.kind === 'bool') {
      if (eq > 0) throw new UsageError(`${command}: --${name} takes no value`);
      out[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${command}: --${name} needs a value (${spec.value ?? 'VALUE'})`);
    if (spec.kind === 'int') {
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${command}: --${name} must be an integer (got "${value}")`);
      out[name] = Number(value);
    } else if (spec.kind === 'list') {
      out[name] = [...((out[name] as string[] | undefined) ?? []), ...value.split(',').filter(Boolean)];
    } else out[name] = value;
  }
  return out;
}

/** The flags part of a --help text, aligned. */
export function flagHelp(flags: Record<string, FlagSpec>): string {
  const rows = Object.entries(flags).map(([name, f]) => [`--${name}${f.kind === 'bool' ? '' : ` ${f.value ?? 'VALUE'}`}`, `${f.description}${f.kind === 'list' ? ' (repeatable, or comma-separated)' : ''}`] as const);
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}
