// Model: the instance password (reference 4.2.2 change, 4.2.3 reset) and its lockout
// (spec.rules.states.data.passwordLockout): a wrong old password lowers retry_times_left, the
// maxFailures-th locks the password for lockMinutes (result "locked", lock_time_left counting down in
// whole minutes), nothing changes it while locked (reset refused), and the lock expires with time.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkPassword, validPassword } from '../../spec/rules/index.ts';
import type { Inst, CallResult } from '../../harness/index.ts';
import { domainEntry, passwordArbitrary } from '../../generators/index.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import type { SuiteContext } from '../engine/types.ts';
import { exampleField, statusesOf, Step, type ModelDef, type Real } from './model.ts';

const LOCKOUT = STATE_RULES[2];
const MINUTE = 60_000;

interface Prepared {
  inst: Inst;
  /** A sequence that ended locked leaves the lock to the next one, which waits it out first. */
  lockedUntil?: number;
}

interface Model {
  inst: Inst;
  password: string;
  failures: number;
  /** Target time (virtual on the emulator) when the lock began. */
  lockedAt?: number;
}

const lockout = (spec: Spec) => spec.rules.states.data.passwordLockout;
const lockMs = (spec: Spec) => lockout(spec).lockMinutes * MINUTE;

/** Time as the target counts it: the emulator's virtual clock, the wall clock elsewhere. */
const now = (r: Real) => r.ctx.scenario.now();

/** Expires the model's lock when its time is over (the counter starts again). */
async function locked(m: Model, r: Real): Promise<boolean> {
  if (m.lockedAt === undefined) return false;
  if ((await now(r)) - m.lockedAt < lockMs(r.spec)) return true;
  delete m.lockedAt;
  m.failures = 0;
  return false;
}

interface ChangeAnswer {
  result?: string;
  retry_times_left?: string;
  lock_time_left?: string;
}

/** Checks a change's 200 body: result, retries left and (when locked) minutes left. */
async function expectAnswer(m: Model, r: Real, res: CallResult, result: string, what: string): Promise<void> {
  const body = (res.json ?? {}) as ChangeAnswer;
  const rule = lockout(r.spec);
  if (body.result !== result) r.fail(res, `${what}: result is ${body.result}, the model expects ${result}`, LOCKOUT);
  if (result === rule.locked.result) {
    // Whole minutes left, rounded up; elsewhere than on the emulator the two clocks may differ by one.
    const left = Math.ceil((m.lockedAt! + lockMs(r.spec) - (await now(r))) / MINUTE);
    const slack = r.virtual ? 0 : 1;
    if (!(Math.abs(Number(body.lock_time_left) - left) <= slack)) r.fail(res, `${what}: lock_time_left is ${body.lock_time_left}, the model expects ${left}`, LOCKOUT);
  }
  const retries = rule.maxFailures - m.failures;
  if (Number(body.retry_times_left) !== retries) r.fail(res, `${what}: retry_times_left is ${body.retry_times_left}, the model expects ${retries}`, LOCKOUT);
}

/** A password the rule accepts other than `avoid` (generated ones that collide are replaced). */
const other = (spec: Spec, pw: string, avoid: string[]) => (avoid.includes(pw) || checkPassword(spec.rules.password.instance, pw).length ? validPassword(spec.rules.password.instance, avoid) : pw);

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>, opts: { longWaits: boolean }): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const rule = lockout(spec);
  const success = String(exampleField(spec, 'UpdatePassword', 200, 'result'));
  const pw = passwordArbitrary(spec.rules.password.instance);
  const params = (m: Model) => ({ instance_id: m.inst.id });
  const always = () => true;

  const changeRight = pw.map((next) =>
    step('change(right old password)', always, async (m, r) => {
      const fresh = other(spec, next, [m.password]);
      const res = await r.must('UpdatePassword', { params: params(m), json: { old_password: m.password, new_password: fresh } }, 'changing the password');
      if (await locked(m, r)) return expectAnswer(m, r, res, rule.locked.result, 'change while locked');
      m.password = fresh;
      m.failures = 0;
      await expectAnswer(m, r, res, success, 'change with the right old password');
    }),
  );

  // Up to maxFailures wrong attempts in a row (each checked), so sequences reach the lock.
  const changeWrong = fc.tuple(pw, fc.integer({ min: 1, max: rule.maxFailures })).map(([guess, times]) =>
    step(`change(wrong old password) ×${times}`, always, async (m, r) => {
      const wrong = other(spec, guess, [m.password]);
      for (let i = 0; i < times; i++) {
        const res = await r.must('UpdatePassword', { params: params(m), json: { old_password: wrong, new_password: other(spec, guess, [m.password, wrong]) } }, 'changing the password with a wrong old one');
        if (await locked(m, r)) {
          await expectAnswer(m, r, res, rule.locked.result, 'wrong old password while locked');
          continue;
        }
        m.failures++;
        if (m.failures >= rule.maxFailures) {
          m.lockedAt = await now(r);
          await expectAnswer(m, r, res, rule.locked.result, `wrong old password, failure ${m.failures} of ${rule.maxFailures}`);
        } else await expectAnswer(m, r, res, rule.wrongPassword.result, `wrong old password, failure ${m.failures} of ${rule.maxFailures}`);
      }
    }),
  );

  // The new password must differ from the old one (rule password.new-differs); tried while unlocked
  // with a clean counter, where no reading of the reference puts another answer first.
  const changeSame = fc.constant(
    step('change(new = old)', (m) => m.lockedAt === undefined && m.failures === 0, async (m, r) => {
      const differs = spec.rules.password.newDiffers;
      await r.refused('UpdatePassword', { params: params(m), json: { old_password: m.password, new_password: m.password } }, differs.errorCode, differs.id, 'changing to the same password', differs.alsoAccepted);
    }),
  );

  const changeInvalid = domainEntry<string>(spec, 'password.instance').invalid.map((bad) =>
    step(`change(new password breaks ${bad.kind})`, (m) => m.lockedAt === undefined && m.failures === 0, async (m, r) => {
      await r.rejected('UpdatePassword', { params: params(m), json: { old_password: m.password, new_password: bad.value } }, { status: bad.expect.status, codes: bad.expect.errorCodes, rule: bad.expect.rule }, `changing to a password that breaks ${bad.kind}`);
    }),
  );

  const reset = pw.map((next) =>
    step('reset', always, async (m, r) => {
      const fresh = other(spec, next, [m.password]);
      const args = { params: params(m), json: { new_password: fresh } };
      if (await locked(m, r)) {
        await r.refused('ResetPassword', args, rule.resetWhileLocked.errorCode, LOCKOUT, 'resetting while locked');
        return;
      }
      const res = await r.must('ResetPassword', args, 'resetting the password');
      m.password = fresh;
      m.failures = 0;
      const left = (res.json as { retry_times_left?: string } | undefined)?.retry_times_left;
      if (left !== undefined && Number(left) !== rule.maxFailures) r.fail(res, `after a reset retry_times_left is ${left}, the model expects ${rule.maxFailures}`, LOCKOUT);
    }),
  );

  const wait = fc.constantFrom(1, rule.lockMinutes).map((minutes) =>
    step(`wait ${minutes} min`, (m) => m.lockedAt !== undefined, async (_m, r) => {
      await r.advance(minutes * MINUTE);
    }),
  );

  // Waiting out a lock takes minutes of real time where the clock cannot be moved: those sequences run
  // only with long waits allowed (the lock's expiry is then checked by lockExpiryCase, or skipped with its cost).
  return [changeRight, changeWrong, changeWrong, changeSame, changeInvalid, reset, ...(opts.longWaits ? [wait, wait] : [])];
}

export const passwordModel: ModelDef<Model, Prepared> = {
  name: 'password',
  operationId: 'UpdatePassword',
  rules: [LOCKOUT, 'password.instance', 'password.new-differs'],
  statuses: (spec) => statusesOf(spec, 'UpdatePassword', [spec.rules.password.newDiffers.errorCode, spec.rules.password.instance.errorCode]),
  maxCommands: 10,
  // An instance of its own: the lockout must not lock a password other cases use.
  prepare: async (ctx: SuiteContext) => ({ inst: await ctx.scenario.instance({ name: ctx.scenario.name('sfp') }) }),
  async init(r, p) {
    const left = p.lockedUntil === undefined ? 0 : p.lockedUntil - (await now(r));
    // A lock the previous sequence left: waited out, or (no long waits) left behind on that instance.
    if (left > 0 && r.ctx.allowLongWaits) await r.advance(left);
    else if (left > 0) p.inst = await r.ctx.scenario.instance({ name: r.ctx.scenario.name('sfp') });
    // A reset starts every sequence from a known password and a clean counter.
    const password = validPassword(r.spec.rules.password.instance, [p.inst.password]);
    await r.must('ResetPassword', { params: { instance_id: p.inst.id }, json: { new_password: password } }, 'resetting to a known password');
    p.inst.password = password;
    delete p.lockedUntil;
    return { inst: p.inst, password, failures: 0 };
  },
  async verify(m, r) {
    // Password changes leave the instance serving, with password access.
    const s = await r.read('ShowInstance', { params: { instance_id: m.inst.id } }, `details of ${m.inst.id}`);
    const body = s.json as { status?: string; no_password_access?: string | boolean };
    if (!r.spec.rules.states.data.statuses.serving.values.includes(body.status ?? '')) r.fail(s, `instance ${m.inst.id} is ${body.status} after a password operation`);
    if (String(body.no_password_access) !== String(false)) r.fail(s, `instance ${m.inst.id} reports no_password_access ${body.no_password_access}, but it has a password`);
  },
  commands,
  async teardown(m, r, p) {
    if (m) {
      p.inst.password = m.password;
      if (m.lockedAt !== undefined) p.lockedUntil = m.lockedAt + lockMs(r.spec);
    }
  },
};
