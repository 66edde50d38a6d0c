// Every error a caller may handle is typed (house style, after undici's lib/core/errors.js): a class
// in its layer's one errors module (`<layer>/…/errors.ts`), deriving from the common base
// (common/errors.ts DcsError; spec/, which imports nothing of ours, has SpecError of the same shape),
// each with a stable `code` no other class uses. So no non-test source of the product builds a plain
// Error. bench/ is left out: its scripts are one-shot commands whose errors end the process with their
// message, and nothing catches them (nothing of ours may import bench/). Test files (`*.test.ts`, the
// `*.fixture.ts` test files other tests run) are not read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ancestry, classesOf, duplicateCodes, errorClasses, plainErrorLines, type ErrorClass } from './errorSources.ts';
import { layerOf, sourceFiles } from './importGraph.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const CHECKED = ['spec', 'common', 'config', 'generators', 'emulator', 'harness', 'suites', 'reporters', 'cli', 'testing'];
/** The base every error class derives from; spec/'s own where it may not import common/. */
const BASE = 'DcsError';
const SPEC_BASE = 'SpecError';

const files = sourceFiles(root, CHECKED).filter((f) => !f.endsWith('.fixture.ts'));
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const isErrorsModule = (f: string) => f.endsWith('/errors.ts');

/** `file:line` of every plain Error built in the files. */
function plainErrors(paths: readonly string[], readFile: (f: string) => string): string[] {
  return paths.flatMap((f) => plainErrorLines(readFile(f)).map((line) => `${f}:${line}`));
}

/** Offences against the error classes' rules, one line each. */
function classOffences(classes: readonly ErrorClass[]): string[] {
  const errors = errorClasses(classes);
  const out: string[] = [];
  for (const c of errors) {
    if (!isErrorsModule(c.file)) out.push(`${c.file}: ${c.name} is declared outside its layer's errors module`);
    if (c.code === undefined) out.push(`${c.file}: ${c.name} declares no code`);
    else if (!/^DCS_[A-Z0-9_]+$/.test(c.code)) out.push(`${c.file}: ${c.name}'s code ${c.code} is not DCS_<WORDS>`);
    const chain = ancestry(c.name, classes);
    const base = layerOf(c.file) === 'spec' ? SPEC_BASE : BASE;
    if (c.name !== base && !chain.includes(base)) out.push(`${c.file}: ${c.name} does not derive from ${base} (${chain.join(' < ')})`);
  }
  for (const [name, owners] of Object.entries(groupBy(errors, (c) => c.name))) if (owners.length > 1) out.push(`${name} is declared ${owners.length} times (${owners.map((c) => c.file).join(', ')})`);
  for (const [code, owners] of Object.entries(duplicateCodes(errors))) out.push(`code ${code} is declared by ${owners.join(', ')}`);
  return out;
}

function groupBy<T>(items: readonly T[], key: (x: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const x of items) (out[key(x)] ??= []).push(x);
  return out;
}

describe('errors are typed', () => {
  const classes = files.flatMap((f) => classesOf(read(f), f));

  test('the sources are read (errors modules and error classes are found)', () => {
    expect(files.filter(isErrorsModule).length).toBeGreaterThanOrEqual(5);
    expect(errorClasses(classes).length).toBeGreaterThan(20);
  });

  test('no non-test source builds a plain Error: each throw is a class from its layer\'s errors module', () => {
    expect(plainErrors(files, read), 'plain Errors (use a class of the layer\'s errors.ts; an invariant: its internal error)').toEqual([]);
  });

  test('every error class lives in its layer\'s errors module, derives from the base and has its own DCS_ code', () => {
    expect(classOffences(classes)).toEqual([]);
  });

  test('one errors module per layer', () => {
    const modules = groupBy(files.filter(isErrorsModule), layerOf);
    expect(Object.entries(modules).filter(([, m]) => m.length > 1)).toEqual([]);
  });
});

describe('the checker itself', () => {
  const source = [
    "import { DcsError } from '../common/errors.ts';",
    'export class GoodError extends DcsError {',
    "  override readonly code = 'DCS_GOOD';",
    '  constructor() { super(`a ${"b"} c`); }',
    '}',
    'export class SameCode extends GoodError {',
    "  override readonly code: string = 'DCS_GOOD';",
    '}',
    '// throw new Error("in a comment");',
    "const s = 'new Error(\"in a string\")';",
    'export class Loose extends Error {}',
    'function f() {',
    '  if (s) throw new Error(`plain`);',
    "  return Error('called');",
    '}',
    'const re = /new Error\\(/;',
  ].join('\n');

  test('finds plain Errors by line, none in comments, strings or regular expressions', () => {
    expect(plainErrorLines(source)).toEqual([13, 14]);
    expect(plainErrors(['x/a.ts'], () => source)).toEqual(['x/a.ts:13', 'x/a.ts:14']);
  });

  test('reads classes, their bases and codes', () => {
    expect(classesOf(source, 'x/a.ts')).toEqual([
      { name: 'GoodError', base: 'DcsError', file: 'x/a.ts', code: 'DCS_GOOD' },
      { name: 'SameCode', base: 'GoodError', file: 'x/a.ts', code: 'DCS_GOOD' },
      { name: 'Loose', base: 'Error', file: 'x/a.ts' },
    ]);
  });

  test('reports a class outside an errors module, without a code, off the base, a code or name used twice', () => {
    const base = { name: 'DcsError', base: 'Error', file: 'common/errors.ts', code: 'DCS_ERROR' };
    const classesHere = [base, ...classesOf(source, 'x/a.ts'), { name: 'Loose', base: 'Error', file: 'y/errors.ts', code: 'DCS_LOOSE' }, { name: 'NotAnError', base: 'Map', file: 'x/b.ts' }];
    expect(classOffences(classesHere)).toEqual([
      'x/a.ts: GoodError is declared outside its layer\'s errors module',
      'x/a.ts: SameCode is declared outside its layer\'s errors module',
      'x/a.ts: Loose is declared outside its layer\'s errors module',
      'x/a.ts: Loose declares no code',
      'x/a.ts: Loose does not derive from DcsError (Loose < Error)',
      'y/errors.ts: Loose does not derive from DcsError (Loose < Error)',
      'Loose is declared 2 times (x/a.ts, y/errors.ts)',
      'code DCS_GOOD is declared by x/a.ts: GoodError, x/a.ts: SameCode',
    ]);
  });
});
