// Model: ACL accounts of an instance (reference 4.10). Accounts are created (CREATING, then
// AVAILABLE), listed, get their password changed (right and wrong old password, with the lockout
// numbers of the instance password: rule acl.password-lockout) or reset, their role changed (a job:
// UPDATING until done) and their description changed (at once), and are deleted (DELETING, then gone).
// While an account's own task runs, changes to it are refused (rule acl.lifecycle). The statuses,
// the default account and the codes come from spec/src/rules/acl.json.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkPassword, validPassword } from '../../spec/rules/index.ts';
import type { Inst, CallResult } from '../../harness/index.ts';
import { passwordArbitrary } from '../../generators/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { bodyEnum, exampleField, pick, statusesOf, Step, type ModelDef, type Real } from './model.ts';

const PICK = 9;
/** Accounts a sequence keeps at most. */
const MAX_ACCOUNTS = 3;

type Phase = 'creating' | 'available' | 'updating' | 'deleting';

interface Account {
  id: string;
  name: string;
  role: string;
  description: string;
  password: string;
  /** Exact on the emulator's still clock; 'gone' once a deletion settled. */
  phase: Phase | 'gone';
  /** Role once a pending role change is done. */
  newRole?: string;
  failures: number;
  /** Target time the password locked at (it unlocks lockMinutes later). */
  lockedAt?: number;
}

interface Model {
  inst: Inst;
  accounts: Account[];
}

interface Lifecycle {
  statuses: Record<Phase, string>;
  errorCode: string;
}

const lifecycle = (spec: Spec) => spec.rules.byId('acl.lifecycle') as unknown as Lifecycle & { id: string };
const defaults = (spec: Spec) => (spec.rules.byId('acl.default-account') as unknown as { defaultAccount: { name: string; type: string } }).defaultAccount;
const lockout = (spec: Spec) => spec.rules.states.data.passwordLockout;

const live = (m: Model) => m.accounts.filter((a) => a.phase !== 'gone');
const available = (m: Model) => m.accounts.filter((a) => a.phase === 'available');
const busy = (m: Model) => m.accounts.filter((a) => a.phase !== 'available' && a.phase !== 'gone');

/** Whether the account's password is locked now; an expired lock starts the counter again. */
async function isLocked(r: Real, a: Account): Promise<boolean> {
  if (a.lockedAt === undefined) return false;
  if ((await r.ctx.scenario.now()) - a.lockedAt < lockout(r.spec).lockMinutes * 60_000) return true;
  delete a.lockedAt;
  a.failures = 0;
  return false;
}

/**
 * Commands on an available account apply while accounts are only busy: they settle first (a
 * recorded step), so sequences stay productive.
 */
async function ready(m: Model, r: Real): Promise<Account[]> {
  if (!available(m).length && busy(m).length) await finishAll(m, r);
  return available(m);
}

/** Lets the accounts' tasks finish: elsewhere than on the emulator, until the list shows them done. */
async function finishAll(m: Model, r: Real): Promise<void> {
  const l = lifecycle(r.spec);
  await r.settle(async () => {
    const res = await r.read('ListAclAccounts', { params: { instance_id: m.inst.id } }, 'ACL accounts');
    const listed = ((res.json as { accounts?: { account_id: string; status: string }[] }).accounts ?? []);
    return busy(m).every((a) => {
      const x = listed.find((y) => y.account_id === a.id);
      return a.phase === 'deleting' ? !x : x?.status === l.statuses.available;
    });
  });
  settleModel(m);
}
const readyOr = (m: Model) => available(m).length > 0 || busy(m).some((a) => a.phase !== 'deleting');

function settleModel(m: Model): void {
  for (const a of m.accounts) {
    if (a.phase === 'deleting') a.phase = 'gone';
    else if (a.phase !== 'gone') a.phase = 'available';
    if (a.newRole !== undefined) a.role = a.newRole;
    delete a.newRole;
  }
}

/** A password the ACL rule accepts for this account (not containing its name), other than `avoid`. */
function accountPassword(spec: Spec, candidate: string, name: string, avoid: string[]): string {
  const rule = spec.rules.password.acl;
  return avoid.includes(candidate) || checkPassword(rule, candidate, name).length ? validPassword(rule, avoid, name) : candidate;
}

function expectResult(r: Real, res: CallResult, a: Account, result: string, what: string): void {
  const body = (res.json ?? {}) as { result?: string; retry_times_left?: string };
  if (body.result !== result) r.fail(res, `${what}: result is ${body.result}, the model expects ${result}`, 'acl.password-lockout');
  const retries = lockout(r.spec).maxFailures - a.failures;
  if (Number(body.retry_times_left) !== retries) r.fail(res, `${what}: retry_times_left is ${body.retry_times_left}, the model expects ${retries}`, 'acl.password-lockout');
}

async function verify(m: Model, r: Real): Promise<void> {
  const { spec } = r;
  const l = lifecycle(spec);
  const res = await r.read('ListAclAccounts', { params: { instance_id: m.inst.id } }, `ACL accounts of ${m.inst.id}`);
  const listed = ((res.json as { accounts?: { account_id: string; account_name: string; account_type: string; status: string; account_role: string; description?: string }[] }).accounts ?? []);
  const d = defaults(spec);
  if (listed.filter((x) => x.account_type === d.type && x.account_name === d.name).length !== 1) r.fail(res, `the list does not have exactly one default account "${d.name}"`, 'acl.default-account');
  for (const a of m.accounts) {
    const x = listed.find((y) => y.account_id === a.id);
    if (a.phase === 'gone') {
      if (x) r.fail(res, `deleted account ${a.name} is still listed (${x.status})`, l.id);
      continue;
    }
    // Elsewhere than on the emulator a pending task may be over already (a deletion: gone).
    if (!x) {
      if (r.virtual || a.phase !== 'deleting') r.fail(res, `account ${a.name} is not listed`);
      continue;
    }
    const statuses = [l.statuses[a.phase], ...(!r.virtual && a.phase !== 'available' ? [l.statuses.available] : [])];
    if (!statuses.includes(x.status)) r.fail(res, `account ${a.name} is ${x.status}, the model expects ${statuses.join(' or ')}`, l.id);
    const roles = [a.role, ...(a.newRole !== undefined ? [a.newRole] : [])];
    if (!roles.includes(x.account_role)) r.fail(res, `account ${a.name} has role ${x.account_role}, the model expects ${roles.join(' or ')}`);
    if ((x.description ?? '') !== a.description) r.fail(res, `account ${a.name} has description ${JSON.stringify(x.description)}, the model expects ${JSON.stringify(a.description)}`);
  }
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const roles = bodyEnum(spec, 'CreateAclAccount', 'account_role');
  const pw = passwordArbitrary(spec.rules.password.acl);
  const text = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,24}$/);
  const l = lifecycle(spec);
  const lock = lockout(spec);
  const success = String(exampleField(spec, 'UpdateAclAccountPassWord', 200, 'result'));
  const on = (m: Model, a: Account) => ({ instance_id: m.inst.id, account_id: a.id });

  const create = fc.record({ role: fc.constantFrom(...roles), password: pw, description: text }).map(({ role, password, description }) =>
    step(`create(${role})`, (m) => live(m).length < MAX_ACCOUNTS, async (m, r) => {
      const name = r.ctx.scenario.name('sfa');
      const pass = accountPassword(spec, password, name, []);
      await r.must('CreateAclAccount', { params: { instance_id: m.inst.id }, json: { account_name: name, account_role: role, account_password: pass, description } }, `creating account ${name}`);
      // The create answers no body: the ID is read from the list.
      const list = await r.read('ListAclAccounts', { params: { instance_id: m.inst.id } }, 'ACL accounts after a create');
      const id = ((list.json as { accounts?: { account_id: string; account_name: string }[] }).accounts ?? []).find((x) => x.account_name === name)?.account_id;
      if (!id) return r.fail(list, `account ${name} is not listed after its creation was accepted`);
      m.accounts.push({ id, name, role, description, password: pass, phase: 'creating', failures: 0 });
    }),
  );

  const settle = fc.constant(
    step('settle', () => true, (m, r) => finishAll(m, r)),
  );

  const changeRight = fc.record({ k: fc.nat({ max: PICK }), next: pw }).map(({ k, next }) =>
    step(`change password(#${k}, right old)`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      const fresh = accountPassword(spec, next, a.name, [a.password]);
      const res = await r.must('UpdateAclAccountPassWord', { params: on(m, a), json: { old_password: a.password, new_password: fresh } }, `changing the password of ${a.name}`);
      if (await isLocked(r, a)) return expectResult(r, res, a, lock.locked.result, 'change while locked');
      a.password = fresh;
      a.failures = 0;
      expectResult(r, res, a, success, 'change with the right old password');
    }),
  );

  const changeWrong = fc.record({ k: fc.nat({ max: PICK }), guess: pw, times: fc.integer({ min: 1, max: lock.maxFailures }) }).map(({ k, guess, times }) =>
    step(`change password(#${k}, wrong old) ×${times}`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      const wrong = accountPassword(spec, guess, a.name, [a.password]);
      for (let i = 0; i < times; i++) {
        const res = await r.must('UpdateAclAccountPassWord', { params: on(m, a), json: { old_password: wrong, new_password: accountPassword(spec, guess, a.name, [a.password, wrong]) } }, `changing the password of ${a.name} with a wrong old one`);
        if (await isLocked(r, a)) {
          expectResult(r, res, a, lock.locked.result, 'wrong old password while locked');
          continue;
        }
        a.failures++;
        if (a.failures >= lock.maxFailures) a.lockedAt = await r.ctx.scenario.now();
        expectResult(r, res, a, a.lockedAt !== undefined ? lock.locked.result : lock.wrongPassword.result, `wrong old password, failure ${a.failures} of ${lock.maxFailures}`);
      }
    }),
  );

  const reset = fc.record({ k: fc.nat({ max: PICK }), next: pw }).map(({ k, next }) =>
    step(`reset password(#${k})`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      const fresh = accountPassword(spec, next, a.name, [a.password]);
      const args = { params: on(m, a), json: { new_password: fresh } };
      if (await isLocked(r, a)) {
        const rule = spec.rules.byId('acl.password-lockout');
        await r.refused('ResetAclAccountPassWord', args, rule.errorCode, rule.id, `resetting the locked password of ${a.name}`);
        return;
      }
      await r.must('ResetAclAccountPassWord', args, `resetting the password of ${a.name}`);
      a.password = fresh;
      a.failures = 0;
    }),
  );

  const role = fc.nat({ max: PICK }).map((k) =>
    step(`change role(#${k})`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      const next = roles.find((x) => x !== a.role) ?? a.role;
      await r.must('UpdateAclAccount', { params: on(m, a), json: { account_role: next } }, `changing the role of ${a.name}`);
      a.phase = 'updating';
      a.newRole = next;
    }),
  );

  const remark = fc.record({ k: fc.nat({ max: PICK }), description: text }).map(({ k, description }) =>
    step(`change description(#${k})`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      await r.must('UpdateAclAccountRemark', { params: on(m, a), json: { description } }, `changing the description of ${a.name}`);
      a.description = description;
    }),
  );

  const remove = fc.nat({ max: PICK }).map((k) =>
    step(`delete(#${k})`, readyOr, async (m, r) => {
      const a = pick(await ready(m, r), k)!;
      await r.must('DeleteAclAccount', { params: on(m, a) }, `deleting ${a.name}`);
      a.phase = 'deleting';
    }),
  );

  // While an account's own task runs (creating, updating, deleting) changes to it are refused.
  const busyChange = fc.record({ k: fc.nat({ max: PICK }), op: fc.constantFrom('UpdateAclAccountRemark', 'UpdateAclAccount', 'DeleteAclAccount', 'ResetAclAccountPassWord') }).map(({ k, op }) =>
    step(`${op} while busy(#${k})`, (m) => busy(m).length > 0, async (m, r) => {
      if (!r.virtual) return;
      const a = pick(busy(m), k)!;
      const json = op === 'UpdateAclAccountRemark' ? { description: 'busy' } : op === 'UpdateAclAccount' ? { account_role: roles[0] } : op === 'ResetAclAccountPassWord' ? { new_password: accountPassword(spec, a.password, a.name, [a.password]) } : undefined;
      await r.refused(op, { params: on(m, a), ...(json ? { json } : {}) }, l.errorCode, l.id, `${op} of ${a.name} while it is ${l.statuses[a.phase as Phase]}`);
    }),
  );

  return [create, create, settle, settle, changeRight, changeWrong, reset, role, remark, remove, busyChange];
}

export const aclModel: ModelDef<Model, Inst> = {
  name: 'acl',
  operationId: 'CreateAclAccount',
  rules: ['acl.lifecycle', 'acl.default-account', 'acl.password-lockout', 'password.acl'],
  statuses: (spec) => statusesOf(spec, 'CreateAclAccount'),
  maxCommands: 10,
  // The shared instance is of a version with ACL accounts; the model tracks only its own accounts.
  prepare: (ctx: SuiteContext) => ctx.scenario.main(),
  init: async (_r, inst) => ({ inst, accounts: [] }),
  verify,
  commands,
  async teardown(m, r) {
    // Best effort: the sequence's accounts go (the shared instance stays).
    if (!m) return;
    try {
      await finishAll(m, r);
      for (const a of m.accounts.filter((x) => x.phase !== 'gone')) {
        await r.ctx.client.call('DeleteAclAccount', { params: { instance_id: m.inst.id, account_id: a.id } });
        a.phase = 'deleting';
      }
      await finishAll(m, r);
    } catch (e) {
      console.warn(`acl teardown: ${String(e)}`);
    }
  },
};
