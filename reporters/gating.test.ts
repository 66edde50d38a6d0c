// Gating logic: waivers (matching, expiry), baselines (only new failures gate), and merging shard
// reports (counts of the whole, overlaps refused).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { compareToBaseline, loadBaseline, writeBaseline } from './baseline.ts';
import { buildReport, mergeReports } from './report.ts';
import type { ConformanceResult } from './types.ts';
import { applyWaivers, loadWaivers, type Waiver } from './waivers.ts';

const spec = await loadSpec();
const dir = mkdtempSync(join(tmpdir(), 'dcs-gating-'));
const now = new Date('2026-11-29T12:00:00Z');

const result = (name: string, status: ConformanceResult['status'], rule = 'password.instance'): ConformanceResult => ({
  name, operationId: 'CreateInstance', section: '4.1.1', capability: '4.1 Lifecycle Management', check: 'negative', rule, rules: [rule], statuses: [400], status, durationMs: 1,
});
const input = (results: ConformanceResult[]) => ({ spec, results, profile: 'full' as const, seed: 1, target: { name: 'emulator', kind: 'emulator' as const, endpoint: 'http://x' }, startedAt: now, durationMs: 10, now });
const file = (name: string, content: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

describe('waivers', () => {
  test('a bad waivers file names the entry and the fix', () => {
    expect(() => loadWaivers(file('w1.json', '{'))).toThrow(/cannot read waivers/);
    expect(() => loadWaivers(file('w2.json', [{ test: 'a', rule: 'b', reason: 'r', expires: '2027-01-01' }]))).toThrow(/waivers\[0\] needs exactly one of "test"/);
    expect(() => loadWaivers(file('w3.json', [{ test: 'a', expires: '2027-01-01' }]))).toThrow(/waivers\[0\]\.reason is missing/);
    expect(() => loadWaivers(file('w4.json', [{ rule: 'a', reason: 'r', expires: 'soon' }]))).toThrow(/expires must be a date YYYY-MM-DD/);
    expect(loadWaivers(file('w5.json', { waivers: [{ rule: 'a', reason: 'r', expires: '2027-01-01' }] }))).toHaveLength(1);
  });

  test('a live waiver turns matching failures (by test or by rule) into waived; others stay failed', () => {
    const ws: Waiver[] = [{ test: 'A', reason: 'known', expires: '2026-12-31' }, { rule: 'capacity.create', reason: 'vendor limit', expires: '2026-11-29' }];
    const { results, applied } = applyWaivers([result('A', 'failed'), result('B', 'failed', 'capacity.create'), result('C', 'failed'), result('D', 'passed')], ws, now);
    expect(results.map((r) => r.status)).toEqual(['waived', 'waived', 'failed', 'passed']);
    expect(applied.map((a) => a.results)).toEqual([1, 1]);
  });

  test('an expired waiver waives nothing and fails the run even when nothing else fails', () => {
    const ws: Waiver[] = [{ test: 'A', reason: 'was known', expires: '2026-11-28' }];
    const r = buildReport({ ...input([result('A', 'passed')]), waivers: ws });
    expect(r.waivers.expired).toHaveLength(1);
    expect(r.verdict).toBe('fail');
    expect(buildReport({ ...input([result('A', 'failed')]), waivers: ws }).summary).toMatchObject({ failed: 1, waived: 0 });
  });

  test('all failures waived by live waivers: pass', () => {
    const r = buildReport({ ...input([result('A', 'failed'), result('B', 'passed')]), waivers: [{ test: 'A', reason: 'r', expires: '2027-01-01' }] });
    expect(r.verdict).toBe('pass');
    expect(r.summary).toMatchObject({ passed: 1, failed: 0, skipped: 0, waived: 1 });
  });
});

describe('baselines', () => {
  test('only failures outside the baseline gate; baseline entries that pass are reported fixed', () => {
    const f = join(dir, 'baseline.json');
    writeBaseline(f, [result('A', 'failed'), result('B', 'failed'), result('C', 'passed')], spec.hash, now);
    const b = loadBaseline(f);
    expect(b.failures).toEqual(['A', 'B']);
    expect(compareToBaseline([result('A', 'failed'), result('B', 'passed'), result('C', 'failed')], b)).toEqual({ newFailures: ['C'], fixed: ['B'], knownFailures: ['A'] });
    expect(buildReport({ ...input([result('A', 'failed'), result('B', 'passed')]), baseline: { file: f, baseline: b } }).verdict).toBe('pass');
    expect(buildReport({ ...input([result('A', 'failed'), result('C', 'failed')]), baseline: { file: f, baseline: b } }).verdict).toBe('fail');
  });

  test('a file that is not a baseline says how to make one', () => {
    expect(() => loadBaseline(file('nb.json', { nope: 1 }))).toThrow(/--update-baseline/);
  });
});

describe('merging shard reports', () => {
  const whole = [result('A', 'passed'), result('B', 'failed'), result('C', 'skipped'), result('D', 'passed')];
  test('merged counts and verdict equal the unsharded report', () => {
    const one = buildReport(input(whole));
    const merged = mergeReports(spec, [buildReport({ ...input(whole.slice(0, 2)), shard: '1/2' }), buildReport({ ...input(whole.slice(2)), shard: '2/2' })]);
    expect(merged.summary).toEqual(one.summary);
    expect(merged.verdict).toBe(one.verdict);
    expect(merged.coverage).toEqual(one.coverage);
    expect(merged.capabilities).toEqual(one.capabilities);
    expect(merged.shard).toBeUndefined();
  });

  test('overlapping shards, or shards of different runs, are refused', () => {
    const a = buildReport(input(whole.slice(0, 2)));
    expect(() => mergeReports(spec, [a, a])).toThrow(/in two shard reports/);
    expect(() => mergeReports(spec, [a, { ...buildReport(input(whole.slice(2))), seed: 2 }])).toThrow(/differ in seed/);
    expect(() => mergeReports(spec, [])).toThrow(/nothing to merge/);
  });
});
