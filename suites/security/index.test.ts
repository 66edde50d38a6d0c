// The security cases against the embedded emulator: all pass on the faithful one, and the auth
// refusals fail on one that serves requests without a valid token (fault auth.token-not-checked),
// while tenant isolation and IAM, which that fault leaves alone, still pass.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { actionAllowed, defaultConfig } from '../../emulator/core/config.ts';
import { openSuite } from '../engine/context.ts';
import { runCases } from '../engine/run.ts';
import { startTarget } from '../engine/target.ts';
import type { Case, CaseResult } from '../engine/types.ts';
import { securityCases } from './index.ts';
import { readonlyLacks } from './_internals/answers.ts';

const spec = await loadSpec();
const cases = securityCases(spec);
const seed = 7;

async function runAgainst(selected: readonly Case[], faults: string[] = []): Promise<CaseResult[]> {
  const started = await startTarget(faults.length ? { emulator: { faults } } : {});
  const { ctx, close } = await openSuite(started.descriptor, { profile: 'full', seed });
  try {
    return await runCases(selected, ctx);
  } finally {
    expect(await close()).toEqual([]);
    await started.close();
  }
}

const show = (rs: CaseResult[]) => rs.map((r) => `${r.name}: ${r.status}${r.message ? `\n  ${r.message.slice(0, 400)}` : ''}`);

describe('security cases', () => {
  test('one no-credentials and one invalid-token case per operation; every case names its rule and statuses', () => {
    for (const check of ['auth.no-credentials', 'auth.invalid-token']) expect(cases.filter((c) => c.check === check).map((c) => c.operationId)).toEqual(spec.operations.map((o) => o.id));
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.rules.length, c.name).toBeGreaterThan(0);
      for (const r of c.rules) expect(() => spec.rules.byId(r), c.name).not.toThrow();
      expect(c.statuses.length, c.name).toBeGreaterThan(0);
      expect(c.destructive, c.name).toBe(false);
      expect(c.tags, c.name).toContain('security');
    }
    expect(cases.some((c) => c.profile === 'smoke')).toBe(true);
  });

  test('the read-only decision from the action name agrees with the emulator read-only policy', () => {
    const readonly = defaultConfig().users.find((u) => u.name === 'readonly')!;
    for (const op of spec.operations) expect(readonlyLacks(op.action), `${op.id} ${op.action}`).toBe(!actionAllowed(readonly, op));
  });

  test('every write is denied to the read-only user: an iam.action-denied case for each (DeleteCenterTask had none)', () => {
    const denied = new Set(cases.filter((c) => c.check === 'iam.action-denied' && !c.name.includes('allowed read')).map((c) => c.operationId));
    const writes = spec.operations.filter((o) => o.method !== 'GET' && !/:(get|list)/.test(o.action ?? ''));
    expect(writes.map((o) => o.id)).toContain('DeleteCenterTask');
    expect(writes.filter((o) => !denied.has(o.id)).map((o) => `${o.id} (${o.action ?? 'no action'})`)).toEqual([]);
  });

  test('they can fail: a target that takes an unsigned X-Sdk-Content-Sha256 for the body hash passes a changed body', async () => {
    const body = cases.filter((c) => c.check === 'auth.aksk' && c.name.includes('body changed'));
    expect(body).toHaveLength(3);
    const results = await runAgainst(body, ['auth.unsigned-content-sha256-trusted']);
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.name);
    expect(failed).toEqual(body.filter((c) => c.name.includes('unsigned X-Sdk-Content-Sha256')).map((c) => c.name));
    expect(results.find((r) => r.status === 'failed')?.message).toMatch(/401|DCS\.1001/);
  }, 120_000);

  test('they can fail: a target that enforces only the actions Table 5-1 states lets the read-only user delete task-center tasks', async () => {
    const denials = cases.filter((c) => c.check === 'iam.action-denied' && spec.operation(c.operationId).actionBasis === 'inferred');
    expect(denials.map((c) => c.operationId)).toContain('DeleteCenterTask');
    const results = await runAgainst(denials, ['auth.inferred-actions-open']);
    expect(show(results.filter((r) => r.status !== 'failed'))).toEqual([]);
  }, 120_000);

  test('all pass against the embedded emulator, none skipped', async () => {
    const results = await runAgainst(cases);
    expect(show(results.filter((r) => r.status !== 'passed'))).toEqual([]);
    expect(results).toHaveLength(cases.length);
  }, 120_000);

  test('they can fail: a target that does not check tokens fails the auth refusals, not isolation or IAM', async () => {
    const results = await runAgainst(cases, ['auth.token-not-checked']);
    const of = (check: string) => results.filter((r) => r.check === check);
    for (const check of ['auth.no-credentials', 'auth.invalid-token']) {
      expect(of(check)).toHaveLength(spec.operations.length);
      expect(show(of(check).filter((r) => r.status !== 'failed')), check).toEqual([]);
    }
    // Everything else judges known credentials (or AK/SK signatures, which the fault leaves alone).
    const rest = results.filter((r) => r.check !== 'auth.no-credentials' && r.check !== 'auth.invalid-token');
    expect(rest.filter((r) => r.check === 'auth.other-project').length).toBeGreaterThan(0);
    expect(rest.filter((r) => r.check === 'iam.action-denied').length).toBeGreaterThan(0);
    expect(show(rest.filter((r) => r.status !== 'passed'))).toEqual([]);
  }, 120_000);
});
