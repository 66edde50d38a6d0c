// The rule cases against the embedded emulator: every case passes on a faithful target, and the
// rules they cover are exactly the ones the brief listed minus those no public API call can reach.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { openSuite, type OpenSuite } from '../engine/context.ts';
import { runCases } from '../engine/run.ts';
import { startTarget, type StartedTarget } from '../engine/target.ts';
import { ruleUniverse } from '../engine/coverage.ts';
import { allCases } from './index.ts';
import { ruleCheckCases, UNREACHABLE_RULES } from './ruleChecks.ts';

const spec = await loadSpec();
const cases = ruleCheckCases(spec);

/** The rules the suite had no case for; a case that disappears makes the coverage test fail. */
const LISTED = [
  'acl.lifecycle', 'acl.default-account', 'acl.engine-version', 'acl.password-free', 'acl.default-password-colon', 'acl.account-name-unique', 'acl.password-required', 'acl.role-required',
  'analysis.bigkey-running', 'analysis.hotkey-lfu-policy', 'analysis.schedule-at',
  'backup.restore-requires-succeed', 'backup.in-progress',
  'config.param-value', 'config.updating',
  'replica.not-replica', 'replica.all-zero', 'replica.priority-weight',
  'remove-ip.cache-mode', 'remove-ip.last-replica', 'remove-ip.already-removed',
  'template.matches-source', 'template.name-unique',
  'slowlog.time-format', 'slowlog.time-order', 'redislog.replication-id',
  'migration.task-state', 'migration.online-type-retired', 'migration.backup-files', 'migration.redis-password', 'migration.endpoint', 'migration.distinct-endpoints', 'migration.instance-running', 'migration.bandwidth',
  'resource.az-not-found', 'ssl.support', 'ssl.cert-requires-enabled',
  'backup-restore.cache-mode', 'swap.cache-mode', 'swap.roles', 'flush.engine',
];

test('the cases cover exactly the listed rules minus the unreachable ones, one case each', () => {
  const covered = cases.flatMap((c) => c.rules);
  expect(covered.toSorted()).toEqual(LISTED.filter((id) => !(id in UNREACHABLE_RULES)).toSorted());
  expect(Object.keys(UNREACHABLE_RULES).every((id) => LISTED.includes(id))).toBe(true);
  for (const c of cases) {
    expect(c.name).toBe(`${c.operationId} › rule (${c.rules[0]})`);
    expect(c.tags).toContain('contract');
    expect(c.profile).toBe('full');
    // Coverage counts (operation, status) pairs: every status a case expects is one its operation documents.
    expect(c.statuses.filter((s) => !spec.operation(c.operationId).responses.has(s))).toEqual([]);
  }
  // Every id is a rule of the spec or a capability of the state machine.
  for (const id of LISTED) expect(spec.rules.all.some((r) => r.id === id) || spec.rules.states.data.capabilities.some((c) => c.id === id)).toBe(true);
});

test('every rule of the spec (and of the state machine) has a case somewhere in the suite, or is listed as unreachable', () => {
  const covered = new Set(allCases(spec).flatMap((c) => c.rules));
  expect(ruleUniverse(spec).filter((id) => !covered.has(id) && !(id in UNREACHABLE_RULES))).toEqual([]);
});

let started: StartedTarget;
let suite: OpenSuite;
beforeAll(async () => {
  started = await startTarget();
  suite = await openSuite(started.descriptor, { profile: 'full', seed: 7 });
});
afterAll(async () => {
  await suite?.close();
  await started?.close();
});

test('every rule case passes on the emulator', { timeout: 300_000 }, async () => {
  const results = await runCases(cases, suite.ctx);
  expect(results.filter((r) => r.status !== 'passed').map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`)).toEqual([]);
});
