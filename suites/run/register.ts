// Registers one suite family's cases as vitest tests: named `<operationId> › <check>`, with the
// operation, section, check, rules and transitions in task meta (reporters and coverage read them).
// The run's context opens once per file; what the file made is removed after it.
import { afterAll, beforeAll, inject, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { allCases, familyOf, type Family } from '../cases/index.ts';
import { openSuite, type OpenSuite } from '../engine/context.ts';
import { runCase } from '../engine/run.ts';
import { selectCases } from '../engine/select.ts';

declare module 'vitest' {
  interface TaskMeta {
    operationId?: string;
    section?: string;
    check?: string;
    rules?: string[];
    transitions?: string[];
    statuses?: number[];
    destructive?: boolean;
    outcome?: 'passed' | 'failed' | 'skipped';
  }
}

/** Per-case limit: a remote target polls for minutes; the emulator answers in milliseconds. */
const CASE_TIMEOUT_MS = 30 * 60_000;

export async function registerFamily(family: Family): Promise<void> {
  const spec = await loadSpec();
  const run = inject('run');
  const target = inject('target');
  const cases = selectCases(allCases(spec), { profile: run.profile, only: run.only }).filter((c) => familyOf(c) === family);
  let open: OpenSuite;
  beforeAll(async () => {
    open = await openSuite(target, { spec, profile: run.profile, seed: run.seed, ...(run.runs ? { runs: run.runs } : {}), allowDestructive: run.allowDestructive, runId: `${run.runId}${family.slice(0, 2)}`, mode: run.mode });
  });
  afterAll(async () => {
    const left = await open?.close();
    if (left?.length) console.warn(`${family}: left in place: ${left.join('; ')}`);
  });
  for (const c of cases) {
    test(c.name, { timeout: CASE_TIMEOUT_MS, meta: { operationId: c.operationId, section: c.section, check: c.check, rules: c.rules, ...(c.transitions ? { transitions: c.transitions } : {}), statuses: c.statuses, destructive: c.destructive } }, async (t) => {
      const r = await runCase(c, open.ctx);
      t.task.meta.outcome = r.status;
      if (r.status === 'skipped') t.skip(r.message);
      if (r.status === 'failed') throw new Error(r.message);
    });
  }
  if (!cases.length) test.skip(`${family}: no case selected`, () => {});
}
