// The API reference as text, read line by line. Every spec datum carries line numbers into this file,
// and the spec's own tests re-read it to prove the spec is complete.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeedNotFoundError } from '../errors.ts';

export const SEED_FILE_NAME = '000_948e113ca86e65a7.txt';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function seedPath(env: NodeJS.ProcessEnv = process.env): string {
  const tried = [env.DCS_SEED, resolve(projectRoot, '..', 'shared', 'seeds', SEED_FILE_NAME)].filter((p): p is string => !!p);
  const found = tried.find((p) => existsSync(p));
  if (!found) throw new SeedNotFoundError(tried, SEED_FILE_NAME);
  return found;
}

export interface Seed {
  /** 1-based: line(n) is what `sed -n np` prints. */
  line(n: number): string;
  /** Lines first..last inclusive, 1-based. */
  slice(first: number, last: number): string[];
  readonly count: number;
}

let cached: Seed | undefined;
export function loadSeed(): Seed {
  if (cached) return cached;
  const lines = readFileSync(seedPath(), 'utf8').split(/\r?\n/);
  cached = {
    count: lines.length,
    line: (n) => lines[n - 1] ?? '',
    slice: (first, last) => lines.slice(first - 1, last),
  };
  return cached;
}

/** Joins the lines of a wrapped table cell: no space after a hyphen or slash that ends a line. */
export function joinWrapped(parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .reduce((acc, p) => (acc === '' ? p : /[-/]$/.test(acc) ? acc + p : `${acc} ${p}`), '');
}

/** Finds the first line (1-based) at or after `from` whose text matches. */
export function findLine(seed: Seed, re: RegExp, from = 1, to = seed.count): number | undefined {
  for (let n = from; n <= to; n++) if (re.test(seed.line(n))) return n;
  return undefined;
}
