// The suite catches a departure where it should and nowhere else: the embedded emulator is started
// with one rule deliberately broken (emulator/faults), the cases of the operations that rule governs
// run against it, and exactly the cases that check that rule fail — while the faithful emulator
// passes all of them. One fault per rule family: password, capacity, maintenance window, whitelist,
// state transition, auth.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { FAULTS } from '../emulator/faults/index.ts';
import { allCases } from './index.ts';
import { openSuite } from './engine/context.ts';
import { runCases } from './engine/run.ts';
import { selectCases } from './engine/select.ts';
import { startTarget } from './engine/target.ts';
import type { Case, CaseResult } from './engine/types.ts';

const spec = await loadSpec();
const FAMILIES = ['password', 'capacity', 'maintenance-window', 'whitelist', 'state', 'auth'] as const;
const picked = FAMILIES.map((family) => {
  const fault = FAULTS.find((f) => f.family === family && !f.benign);
  if (!fault) throw new Error(`no fault of family ${family} in emulator/faults`);
  return fault;
});
const brokenRules = (f: (typeof picked)[number]) => [f.rule, ...(f.alsoBreaks ?? [])];

/** The cases of every operation that has a case checking one of these rules. */
function scope(rules: string[]): Case[] {
  const full = selectCases(allCases(spec), { profile: 'full' });
  const ops = new Set(full.filter((c) => c.rules.some((r) => rules.includes(r))).map((c) => c.operationId));
  return full.filter((c) => ops.has(c.operationId));
}

async function run(cases: Case[], faults: string[], seed: number): Promise<CaseResult[]> {
  const started = await startTarget({ env: {}, cwd: '/', emulator: { seed, faults } });
  const { ctx, close } = await openSuite(started.descriptor, { spec, profile: 'full', seed });
  try {
    return await runCases(cases, ctx);
  } finally {
    await close();
    await started.close();
  }
}

const failedNames = (rs: CaseResult[]) => rs.filter((r) => r.status === 'failed').map((r) => r.name);

describe('one rule broken, exactly its cases fail', () => {
  test('the faithful emulator passes every case in scope', async () => {
    const all = [...new Map(picked.flatMap((f) => scope(brokenRules(f))).map((c) => [c.name, c])).values()];
    const results = await run(all, [], 21);
    expect(results.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.message}`)).toEqual([]);
  });

  test.for(picked.map((f) => ({ id: f.id, family: f.family, fault: f })))('$family: --fault $id', async ({ fault }) => {
    const rules = brokenRules(fault);
    const cases = scope(rules);
    const results = await run(cases, [fault.id], 22);
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.length, `no case caught ${fault.id} (${fault.breaks})`).toBeGreaterThan(0);
    // Every failing case is one that checks a broken rule: the report points at the rule.
    const strays = failed.filter((r) => !r.rules.some((x) => rules.includes(x)));
    expect(strays.map((r) => `${r.name}: ${r.message?.split('\n')[0]}`), `cases that failed without checking ${rules.join(', ')}`).toEqual([]);
    console.log(`${fault.id}: ${failed.length} of ${cases.length} cases failed: ${failedNames(results).slice(0, 6).join('; ')}${failed.length > 6 ? '; …' : ''}`);
  });
});
