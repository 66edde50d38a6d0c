// The project's errors as the sources declare them, read with importGraph.ts's tokenizer (comments,
// strings and regular expressions left out): plain `new Error(` / `throw Error(` throws, the error classes
// and where they live, and the `code` each declares. `errors.test.ts` runs its checks on them.
import { tokens } from './importGraph.ts';

/** The built-in classes an error class may derive from. */
export const BUILTIN_ERRORS: ReadonlySet<string> = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'AggregateError']);

export interface ErrorClass {
  name: string;
  base: string;
  file: string;
  /** The `code = '…'` its body declares, if any. */
  code?: string;
}

/** The lines of the source that build a plain Error: `new Error(`, `throw Error(`, `Error(` called alone. */
export function plainErrorLines(source: string): number[] {
  const t = tokens(source);
  const lines: number[] = [];
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (tok.kind !== 'word' || tok.text !== 'Error' || t[k + 1]?.text !== '(') continue;
    const before = t[k - 1];
    if (before?.text === '.') continue; // x.Error(…)
    if (before?.kind === 'word' && before.text !== 'new' && before.text !== 'throw' && before.text !== 'return') continue; // function Error(…), a method named Error
    lines.push(lineAt(source, tok.at));
  }
  return lines;
}

/** Every `class Name extends Base` of the source, with the code its body declares. */
export function classesOf(source: string, file: string): ErrorClass[] {
  const t = tokens(source);
  const out: ErrorClass[] = [];
  for (let k = 0; k < t.length; k++) {
    if (t[k]!.kind !== 'word' || t[k]!.text !== 'class' || t[k - 1]?.text === '.') continue;
    const name = t[k + 1];
    if (name?.kind !== 'word' || t[k + 2]?.text !== 'extends' || t[k + 3]?.kind !== 'word') continue;
    const base = t[k + 3]!.text;
    let m = k + 4;
    while (m < t.length && t[m]!.text !== '{') m++;
    let depth = 0;
    let code: string | undefined;
    for (; m < t.length; m++) {
      const x = t[m]!;
      if (x.text === '{') depth++;
      else if (x.text === '}' && --depth === 0) break;
      // At the body's top level: `code = '…'` or `code: string = '…'` (readonly, override before it).
      else if (depth === 1 && x.kind === 'word' && x.text === 'code' && code === undefined) {
        let n = m + 1;
        if (t[n]?.text === ':') n += 2;
        if (t[n]?.text === '=' && t[n + 1]?.kind === 'string') code = t[n + 1]!.text;
      }
    }
    out.push({ name: name.text, base, file, ...(code !== undefined ? { code } : {}) });
  }
  return out;
}

/** The classes that are errors: those deriving, at any depth, from a built-in error class. */
export function errorClasses(classes: readonly ErrorClass[]): ErrorClass[] {
  const errors = new Set(BUILTIN_ERRORS);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of classes) {
      if (!errors.has(c.name) && errors.has(c.base)) {
        errors.add(c.name);
        grew = true;
      }
    }
  }
  return classes.filter((c) => errors.has(c.name) && !BUILTIN_ERRORS.has(c.name));
}

/** The chain of bases of a class up to a built-in (`['ApiError', 'EmulatorError', 'DcsError', 'Error']`). */
export function ancestry(name: string, classes: readonly ErrorClass[]): string[] {
  const chain = [name];
  for (let c = classes.find((x) => x.name === name); c && !chain.includes(c.base); c = classes.find((x) => x.name === c!.base)) chain.push(c.base);
  return chain;
}

/** Codes declared by more than one class: code -> the classes (`file: Name`). */
export function duplicateCodes(classes: readonly ErrorClass[]): Record<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of classes) if (c.code !== undefined) by.set(c.code, [...(by.get(c.code) ?? []), `${c.file}: ${c.name}`]);
  return Object.fromEntries([...by].filter(([, owners]) => owners.length > 1));
}

/** The 1-based line of an offset. */
function lineAt(source: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
