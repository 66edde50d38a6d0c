// Verdict semantics: which cases are required (derived from the spec's basis of what they check),
// INCOMPLETE when required cases did not run (with what to add, grouped), the gate named in the
// verdict, new failures marked, advisory failures reported without deciding.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { ScenarioUnsupported } from '../harness/index.ts';
import { skipReason } from '../suites/engine/run.ts';
import { need, needOf, NEEDS } from '../suites/engine/needs.ts';
import type { Case, SuiteContext } from '../suites/engine/types.ts';
import type { Baseline } from './baseline.ts';
import { buildReport } from './report.ts';
import type { ConformanceResult } from './types.ts';
import { weightOf } from './verdict.ts';

const spec = await loadSpec();
const now = new Date('2026-11-29T12:00:00Z');
const stated = spec.rules.all.find((r) => r.basis === 'stated')!.id;
const inferred = spec.rules.all.find((r) => r.basis === 'inferred')!.id;
const inferredTransition = spec.rules.states.data.transitions.find((t) => t.basis === 'inferred')!.id;

const result = (name: string, status: ConformanceResult['status'], extra: Partial<ConformanceResult> = {}): ConformanceResult => ({
  name, operationId: 'CreateInstance', section: '4.1.1', capability: '4.1 Lifecycle Management', check: 'negative', rules: [stated], statuses: [400], status, durationMs: 1, ...extra,
});
const build = (results: ConformanceResult[], extra: Partial<Parameters<typeof buildReport>[0]> = {}) =>
  buildReport({ spec, results, profile: 'full', seed: 1, target: { name: 't', kind: 'remote', endpoint: 'http://127.0.0.1:1' }, startedAt: now, durationMs: 10, now, ...extra });
const baseline = (failures: string[]): { file: string; baseline: Baseline } => ({ file: 'known.json', baseline: { format: 1, failures, specHash: spec.hash, createdAt: now.toISOString() } });

describe('required or advisory, from the basis of what a case checks', () => {
  test('a stated rule, or no rule at all (the documented contract), is required; only inferred rules and transitions make it advisory', () => {
    expect(weightOf(spec, { rules: [stated] })).toBe('required');
    expect(weightOf(spec, { rules: [] })).toBe('required');
    expect(weightOf(spec, { rules: [inferred] })).toBe('advisory');
    expect(weightOf(spec, { rules: [inferred, stated] })).toBe('required');
    expect(weightOf(spec, { rules: [], transitions: [inferredTransition] })).toBe('advisory');
    expect(weightOf(spec, { rules: ['instance-states.requires-running'] })).toBe(spec.rules.basis('instance-states.requires-running') === 'inferred' ? 'advisory' : 'required');
  });

  test('every result and capability carries its weight', () => {
    const r = build([result('A', 'passed'), result('B', 'passed', { rules: [inferred], capability: '4.9 Other' })]);
    expect(r.results.map((x) => x.weight)).toEqual(['required', 'advisory']);
    expect(r.capabilities.map((c) => [c.name, c.weight])).toEqual([['4.1 Lifecycle Management', 'required'], ['4.9 Other', 'advisory']]);
  });
});

describe('INCOMPLETE', () => {
  const destructive = { destructive: true } as Case;
  const remote = { allowDestructive: false, target: { endpoint: 'http://127.0.0.1:1' } } as SuiteContext;
  const skipped = [
    result('A', 'skipped', { message: skipReason(destructive, remote)! }),
    result('B', 'skipped', { message: skipReason(destructive, remote)! }),
    result('C', 'skipped', { message: `no read-only principal: ${need('principals.readonly').fix}` }),
    result('D', 'skipped', { message: 'instance 0123456789abcdef lists no replica' }),
    result('E', 'skipped', { message: 'instance fedcba9876543210 lists no replica' }),
  ];

  test('required cases that did not run make the run INCOMPLETE (not PASS), with what to add grouped by need', () => {
    const r = build([result('P', 'passed'), ...skipped]);
    expect(r.outcome).toBe('incomplete');
    // Format 1 readers of the two-valued verdict never take an incomplete run for a certified one.
    expect(r.verdict).toBe('fail');
    expect(r.completeness).toEqual({
      requiredSkipped: 3,
      needs: [{ need: 'allow-destructive', add: need('allow-destructive').add, cases: 2 }, { need: 'principals.readonly', add: need('principals.readonly').add, cases: 1 }],
      other: [{ reason: 'instance <id> lists no replica', cases: 2 }],
    });
    expect(r.verdictText).toBe('INCOMPLETE: 3 required cases did not run; to complete, add --allow-destructive (2), principals.readonly (1); 2 required cases could not be checked in this run');
    expect(r.results.filter((x) => x.need).map((x) => x.need)).toEqual(['allow-destructive', 'allow-destructive', 'principals.readonly']);
    expect(r.capabilities[0]).toMatchObject({ outcome: 'incomplete', verdict: 'fail' });
  });

  test('required cases skipped for no need (nothing the user adds would run them) are listed as not checked and leave the outcome', () => {
    const message = new ScenarioUnsupported('a diagnosis report', 'chapter 4 has no operation that starts a diagnosis').message;
    const r = build([result('P', 'passed'), result('U', 'skipped', { message })]);
    expect(r.outcome).toBe('pass');
    expect(r.verdictText).toBe('PASS; 1 required case could not be checked in this run');
    expect(r.completeness).toEqual({ requiredSkipped: 0, needs: [], other: [{ reason: message, cases: 1 }] });
    expect(r.capabilities[0]!.outcome).toBe('pass');
  });

  test('advisory cases that did not run leave it PASS', () => {
    const r = build([result('P', 'passed'), result('S', 'skipped', { rules: [inferred], message: skipReason(destructive, remote)! })]);
    expect(r.outcome).toBe('pass');
    expect(r.completeness).toBeUndefined();
  });

  test('a required failure makes it FAIL even when incomplete; it still says what is missing', () => {
    const r = build([result('F', 'failed'), ...skipped]);
    expect(r.outcome).toBe('fail');
    expect(r.verdictText).toMatch(/^FAIL: 1 required failure; 3 required cases did not run; to complete, add --allow-destructive/);
  });

  test('every need is found back from the skip message that carries it', () => {
    for (const n of NEEDS) expect(needOf(`something missing: ${n.fix}`)?.id).toBe(n.id);
    expect(needOf(skipReason(destructive, remote))?.id).toBe('allow-destructive');
    expect(needOf('the spec offers no cache mode')).toBeUndefined();
  });
});

describe('gates and new failures', () => {
  test('baseline: "PASS against baseline: N known failures, 0 new"; known failures are marked not new', () => {
    const r = build([result('A', 'failed'), result('B', 'failed'), result('C', 'passed')], { baseline: baseline(['A', 'B']) });
    expect(r.outcome).toBe('pass');
    expect(r.verdictText).toBe('PASS against baseline: 2 known failures, 0 new');
    expect(r.results.map((x) => x.new)).toEqual([false, false, undefined]);
    expect(r.baseline).toMatchObject({ knownFailures: ['A', 'B'], newFailures: [], createdAt: now.toISOString() });
  });

  test('baseline with a new required failure: FAIL, and only that one is new', () => {
    const r = build([result('A', 'failed'), result('N', 'failed')], { baseline: baseline(['A']) });
    expect(r.outcome).toBe('fail');
    expect(r.verdictText).toBe('FAIL against baseline: 1 new required failure (1 known)');
    expect(r.results.map((x) => [x.name, x.new])).toEqual([['A', false], ['N', true]]);
  });

  test('waivers are named in the verdict', () => {
    const r = build([result('A', 'failed'), result('B', 'passed')], { waivers: [{ test: 'A', reason: 'vendor fix due', expires: '2027-01-01' }] });
    expect(r.verdictText).toBe('PASS; 1 failure waived');
  });

  test('an advisory failure is reported and does not decide', () => {
    const r = build([result('A', 'passed'), result('B', 'failed', { rules: [inferred] })]);
    expect(r.outcome).toBe('pass');
    expect(r.verdictText).toBe('PASS; 1 advisory failure (not deciding)');
    expect(r.summary).toMatchObject({ requiredFailed: 0, advisoryFailed: 1 });
  });

  test('a run that broke (planned cases with no result) is FAIL naming the error, never PASS of what ran', () => {
    const r = build([result('A', 'passed'), result('B', 'skipped', { message: 'not run: the run broke before this case: x.ts: SyntaxError: y', notRun: true })], { stopped: { reason: 'error', error: 'x.ts: SyntaxError: y', notRun: 1 } });
    expect(r.outcome).toBe('fail');
    expect(r.verdictText).toBe('FAIL: the run broke (x.ts: SyntaxError: y), 1 case not run');
    // A broken run's unreached cases are counted by `stopped`, not listed as what the user could add.
    expect(r.completeness?.requiredSkipped ?? 0).toBe(0);
  });

  test('a run stopped at --max-failures fails and says so', () => {
    const r = build([result('A', 'failed'), result('B', 'skipped', { message: 'not run', notRun: true })], { stopped: { reason: 'max-failures', maxFailures: 1, notRun: 1 } });
    expect(r.outcome).toBe('fail');
    expect(r.verdictText).toBe('FAIL: 1 required failure, stopped at --max-failures 1, 1 case not run');
    expect(r.completeness).toBeUndefined();
  });
});
