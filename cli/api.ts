// The package's main entry (`import { runConformance } from 'dcs-conformance'`): the conformance run of
// `dcs-conformance run` from a program. It runs exactly as the command does (same checks, same printing,
// same reports under reportDir, the same SIGINT/SIGTERM handling: a first signal stops the run and it
// cleans up, exit code 130) and answers the exit code with the report object instead of exiting.
import type { RunOutcome } from './commands/run.ts';
import { exitCodeOf } from './exitCode.ts';
import { defaultIo } from './main.ts';
import type { Io } from './types.ts';

export type { RunOutcome } from './commands/run.ts';
export { EXIT, type ExitCode } from './types.ts';
export type { ConformanceReport, ConformanceResult } from '../reporters/types.ts';
export { defineConfig, type DcsConformanceConfig, type TargetConfig } from '../config/index.ts';

/** The flags of `dcs-conformance run`, camelCased (`--allow-destructive` is `allowDestructive`; lists are arrays). */
export interface RunOptions {
  /** "emulator" (default: the embedded one, started and stopped by the run), a DCS endpoint URL, or a target named in the config. */
  target?: string;
  profile?: 'smoke' | 'full' | 'certification';
  seed?: number;
  runs?: number;
  only?: string[];
  /** Default: reports/ under cwd. */
  reportDir?: string;
  baseline?: string;
  updateBaseline?: boolean;
  waivers?: string;
  shard?: string;
  allowDestructive?: boolean;
  allowLongWaits?: boolean;
  mode?: 'strict' | 'lenient';
  emulatorFaults?: string[];
  maxFailures?: number;
  dryRun?: boolean;
  token?: string;
  ak?: string;
  sk?: string;
  projectId?: string;
  config?: string;
  implementationName?: string;
  implementationVersion?: string;
  quiet?: boolean;
  verbose?: boolean;
  /** false: no colour. */
  color?: boolean;
  /** Where files named in the options are read from and reports go (default: process.cwd()). */
  cwd?: string;
  /** DCS_* settings (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Where the run's lines go (default: stdout and stderr, as the command prints them; `() => {}` silences them). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const NOT_FLAGS = new Set(['cwd', 'env', 'out', 'err', 'color']);
const FLAG_NAMES: Record<string, string> = { emulatorFaults: 'emulator-fault' };

/** The command line `run` would be given for these options. */
export function runArgs(options: RunOptions): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === false || NOT_FLAGS.has(key)) continue;
    const flag = `--${FLAG_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (Array.isArray(value)) for (const v of value) argv.push(flag, String(v));
    else if (value === true) argv.push(flag);
    else argv.push(flag, String(value));
  }
  if (options.color === false) argv.push('--no-color');
  return argv;
}

/**
 * Runs the conformance suite and answers `{ exitCode, report, files }`: exitCode as the command exits
 * (0 conformant, 1 non-conformant, 2 usage or config error, 3 target unreachable, 4 incomplete, 130
 * stopped by a signal); report is conformance.json's object (absent when nothing ran: a dry run, an
 * unreachable target, a usage error, whose message went to `err`).
 */
export async function runConformance(options: RunOptions = {}): Promise<RunOutcome> {
  const base = defaultIo();
  const cwd = options.cwd ?? base.cwd;
  const env = options.env ?? base.env;
  // Lines taken by the caller are plain lines (no terminal: no colour, no progress redrawn in place).
  const io: Io = options.out || options.err ? { out: options.out ?? base.out, err: options.err ?? base.err, cwd, env } : { ...base, cwd, env };
  // Loaded on use: a config file importing defineConfig from here does not load vitest.
  const { runCommand } = await import('./commands/run.ts');
  let outcome: RunOutcome | undefined;
  const exitCode = await exitCodeOf('run', io, async () => (outcome = await runCommand.outcome(runArgs(options), io)).exitCode);
  return outcome ?? { exitCode };
}
