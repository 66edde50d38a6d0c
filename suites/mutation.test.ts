// The mutation guard: every fault of the catalog (emulator/faults) must be caught by a case that
// checks the rule (or transition) it breaks and does not leave it to chance (a stateful model sends
// what its generators give: it may add a kill, never be the only one), no benign variation may make a case fail, and the
// faithful emulator passes everything the faults are judged by. A fault added to the catalog that
// the suite cannot see fails here: write the missing case (suites/cases/faultGaps.ts), do not drop
// the fault. `npm run mutation` gives the whole kill matrix; this guard runs, per fault, only the
// cases of its `rules` scope that decide the verdict, and stops at the first that fails. Two runs go
// at a time (each against its own emulator): a run waits on its emulator as much as it computes.
import { describe, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { FAULTS, type Fault } from '../emulator/faults/index.ts';
import { BENIGN_SCOPE_OPERATIONS, brokenRules, checksFault, DEFAULT_SEED, runAgainst, scopeOf, suiteCases, unionOf } from '../bench/mutation.ts';
import type { Case, CaseResult } from './engine/types.ts';
import { familyOf } from './index.ts';

const spec = await loadSpec();
const cases = suiteCases(spec);
const seed = DEFAULT_SEED;
const failures = (rs: readonly CaseResult[]) => rs.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.message?.split('\n')[0] ?? ''}`);

/** At most `n` runs at once; the others wait their turn. */
function slots(n: number): <T>(run: () => Promise<T>) => Promise<T> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await run();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
const inTurn = slots(2);

/**
 * The cases that decide whether a fault is caught: those checking it whose requests do not depend on
 * chance (not a stateful model, which may or may not send what the fault changes), the ones driving
 * its transitions first (the most specific).
 */
function deciding(f: Fault): Case[] {
  const checking = scopeOf(f, cases, 'rules').filter((c) => checksFault(f, c) && familyOf(c) !== 'stateful');
  const drives = (c: Case) => (c.transitions ?? []).some((t) => (f.transitions ?? []).includes(t));
  return [...checking.filter(drives), ...checking.filter((c) => !drives(c))];
}

describe('mutation guard', () => {
  test.concurrent('the faithful emulator passes every case the faults are judged by', { timeout: 240_000 }, async ({ expect }) => {
    const union = unionOf(cases, FAULTS.map((f) => scopeOf(f, cases, 'rules')));
    // An empty scope would pass by running nothing.
    expect(union.length).toBeGreaterThan(0);
    expect(failures(await inTurn(() => runAgainst(union, [], { seed, spec })))).toEqual([]);
  });

  test.concurrent.for(FAULTS.filter((f) => !f.benign))('$id is caught by a case checking $rule, not by chance', { timeout: 240_000 }, async (f, { expect }) => {
    const decide = deciding(f);
    expect(decide.length, `no case but a stateful model lists ${brokenRules(f).join(' or ')}${f.transitions ? ` or drives ${f.transitions.join(' or ')}` : ''}`).toBeGreaterThan(0);
    const results = await inTurn(() => runAgainst(decide, [f.id], { seed, spec, stop: (r) => r.status === 'failed' }));
    expect(failures(results), `${f.id} survived ${results.length} cases checking ${brokenRules(f).join(', ')}: ${f.breaks}`).not.toEqual([]);
  });

  test.concurrent.for(FAULTS.filter((f) => f.benign))('$id (benign) makes no case fail', { timeout: 240_000 }, async (f, { expect }) => {
    const scope = scopeOf(f, cases, 'rules');
    // Every operation of the benign scope must be the spec's and have cases: else nothing runs and it "survives".
    for (const id of BENIGN_SCOPE_OPERATIONS) expect(scope.some((c) => c.operationId === id), `no case of ${id} in the benign scope`).toBe(true);
    expect(failures(await inTurn(() => runAgainst(scope, [f.id], { seed, spec })))).toEqual([]);
  });
});
