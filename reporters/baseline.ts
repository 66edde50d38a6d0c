// Baselines: the failures a CI owner has accepted as "known". A run gated on a baseline fails only on
// failures that are not in it; entries that now pass are reported as fixed (so the baseline shrinks).
import { readFileSync, writeFileSync } from 'node:fs';
import type { ConformanceResult } from './types.ts';
import { BaselineFileError } from './errors.ts';

export interface Baseline {
  format: 1;
  /** Case names that failed when the baseline was written. */
  failures: string[];
  specHash: string;
  createdAt: string;
}

export function loadBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BaselineFileError(`${file}: cannot read the baseline (${(e as Error).message}). Fix: write one with --update-baseline`);
  }
  const b = raw as Partial<Baseline>;
  if (!b || !Array.isArray(b.failures) || b.failures.some((f) => typeof f !== 'string')) throw new BaselineFileError(`${file}: not a baseline (needs "failures": [case names]). Fix: write one with --update-baseline`);
  return { format: 1, failures: b.failures, specHash: String(b.specHash ?? ''), createdAt: String(b.createdAt ?? '') };
}

export function writeBaseline(file: string, results: ConformanceResult[], specHash: string, now: Date): Baseline {
  const baseline: Baseline = { format: 1, failures: results.filter((r) => r.status === 'failed').map((r) => r.name).sort(), specHash, createdAt: now.toISOString() };
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

/** Failures not in the baseline (these gate), baseline entries that passed this time, and those that still fail. */
export function compareToBaseline(results: ConformanceResult[], baseline: Baseline): { newFailures: string[]; fixed: string[]; knownFailures: string[] } {
  const known = new Set(baseline.failures);
  const byName = new Map(results.map((r) => [r.name, r]));
  return {
    newFailures: results.filter((r) => r.status === 'failed' && !known.has(r.name)).map((r) => r.name),
    fixed: baseline.failures.filter((n) => byName.get(n)?.status === 'passed'),
    knownFailures: results.filter((r) => r.status === 'failed' && known.has(r.name)).map((r) => r.name),
  };
}
