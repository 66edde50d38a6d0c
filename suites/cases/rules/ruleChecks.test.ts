// The rule cases against the embedded emulator: every case passes on a faithful target, and the
// rules they cover are exactly the ones the brief listed minus those no public API call can reach.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadSpec } from '../../../spec/index.ts';
import { openSuite, type OpenSuite } from '../../engine/context.ts';
import { runCases } from '../../engine/run.ts';
import { startTarget, type StartedTarget } from '../../engine/target.ts';
import { ruleUniverse } from '../../engine/coverage.ts';
import { allCases } from '../../index.ts';
import { ruleCheckCases } from './index.ts';
import type { Case } from '../../engine/types.ts';

const spec = await loadSpec();
const cases = ruleCheckCases(spec);
const UNREACHABLE_RULES = spec.rules.unreachable;

/** The rules the suite had no case for (issue 13): a case of theirs that disappears makes this test fail.
 * A new rule family's ids need no line here: the deterministic-case test below demands a case for each. */
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
  // Only the stateful models sent these before issue 13, when chance had them.
  'password.new-differs', 'instance-states.password-lockout', 'acl.password-lockout',
  // Only a positive case or a schema negative's sample listed these.
  'password.required', 'name.unique', 'request.invalid-parameter',
];

test('the cases cover every listed rule but the unreachable ones, one case each, and no unreachable rule', () => {
  const covered = cases.flatMap((c) => c.rules);
  expect(LISTED.filter((id) => !(id in UNREACHABLE_RULES) && !covered.includes(id)), 'listed rules without a case').toEqual([]);
  expect(covered.filter((id, i) => covered.indexOf(id) !== i), 'rules with more than one case').toEqual([]);
  expect(covered.filter((id) => id in UNREACHABLE_RULES), 'unreachable rules with a case').toEqual([]);
  for (const id of covered) expect(ruleUniverse(spec).includes(id) || spec.rules.states.data.capabilities.some((c) => c.id === id), id).toBe(true);
  for (const c of cases) {
    expect(c.name).toBe(`${c.operationId} › rule (${c.rules[0]})`);
    expect(c.tags).toContain('contract');
    expect(c.profile).toBe('full');
    // Coverage counts (operation, status) pairs: every status a case expects is one its operation documents.
    expect(c.statuses.filter((s) => !spec.operation(c.operationId).responses.has(s))).toEqual([]);
  }
  // Every id is a rule of the spec, a rule of the state machine or one of its capabilities.
  for (const id of LISTED) expect(ruleUniverse(spec).includes(id) || spec.rules.states.data.capabilities.some((c) => c.id === id), id).toBe(true);
});

test('every rule of the spec (and of the state machine) has a case somewhere in the suite, or is listed as unreachable', () => {
  const covered = new Set(allCases(spec).flatMap((c) => c.rules));
  expect(ruleUniverse(spec).filter((id) => !covered.has(id) && !(id in UNREACHABLE_RULES))).toEqual([]);
});

/** Rules of the universe no case breaks on every run (Case.breaks): only chance (a stateful model) would send a breaking request. */
const leftToChance = (suite: readonly Case[]) => {
  const broken = new Set(suite.flatMap((c) => c.breaks ?? []));
  return ruleUniverse(spec).filter((id) => !broken.has(id) && !(id in UNREACHABLE_RULES));
};

test('every rule has a deterministic case: one that breaks it on every run, whatever the seed; stateful models only add sequences on top', () => {
  const all = allCases(spec);
  expect(leftToChance(all)).toEqual([]);
  for (const c of all) expect((c.breaks ?? []).filter((r) => !c.rules.includes(r)), c.name).toEqual([]);
  // Chance is not a claim: the stateful models and the positive cases break nothing for sure.
  expect(all.filter((c) => (c.check.startsWith('stateful') || c.check === 'positive') && c.breaks?.length).map((c) => c.name)).toEqual([]);
});

test('the deterministic-case check fails for a rule only a stateful model exercises (password.new-differs before issue 13)', () => {
  const all = allCases(spec);
  expect(all.filter((c) => c.rules.includes('password.new-differs')).map((c) => c.check)).toContain('stateful.password');
  expect(leftToChance(all.filter((c) => c.name !== 'UpdatePassword › rule (password.new-differs)'))).toEqual(['password.new-differs']);
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
