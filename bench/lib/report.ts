// Output of every benchmark: a table on stdout, and the same numbers (with the machine) in
// reports/bench/<name>.json, so the README quotes one file per command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, finish, type Machine } from './machine.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Cell = string | number | undefined;

/** A plain-text table: numbers right-aligned, thousands separated. */
export function table(header: string[], rows: Cell[][]): string {
  const text = (c: Cell) => (c === undefined ? '—' : typeof c === 'number' ? formatNumber(c) : c);
  const cells = [header, ...rows.map((r) => r.map(text))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || r[i] === undefined));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = Math.abs(n) >= 100 || Number.isInteger(n) ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints the machine line and writes reports/bench/<name>.json; returns the file written. */
export function writeReport(name: string, m: Machine, data: Record<string, unknown>): string {
  const done = finish(m);
  console.log(describe(done));
  const file = join(ROOT, 'reports', 'bench', `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: done, ...data }, null, 2)}\n`);
  console.log(`numbers: ${file}`);
  return file;
}
