// Rule cases: password changes (spec/src/rules/passwords.json, acl.json, instanceStates.json): a new
// password differs from the old one, wrong old passwords lock the instance or the ACL account.
import type { Spec } from '../../../spec/index.ts';
import { validPassword } from '../../../spec/rules/index.ts';
import { departure } from '../../engine/assert.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { STATE_RULES } from '../../engine/coverage.ts';
import { exampleField } from '../../stateful/model.ts';
import { ok, successStatuses } from '../common.ts';
import { refusal, instanceParams, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { instanceStatus, ownAccount } from './_internals/reads.ts';
import type { Draft } from './_internals/draft.ts';

/**
 * Password rules whose breaking requests only the stateful models sent, when chance had them: a new
 * password equal to the old one, and enough wrong old passwords in a row to lock (instance and ACL
 * account). Each case sends them on every run, on a password no other case uses.
 */
export const passwordCases = (spec: Spec): Draft[] => {
  const lockout = () => spec.rules.states.data.passwordLockout;
  /** The `result` of a change that succeeded, as the reference's example answers it. */
  const success = (opId: string) => String(exampleField(spec, opId, successStatuses(spec.operation(opId))[0]!, 'result'));
  /**
   * `maxFailures` changes with a wrong old password: each answered passwordFailed with one retry
   * fewer, the last one locked; then the right old password is answered locked too.
   */
  const lockWith = async (ctx: SuiteContext, rule: string, opId: string, params: Record<string, string>, passwords: { old: string; wrong: string; next: string }, what: string) => {
    const l = lockout();
    const { old, wrong, next } = passwords;
    const expect = async (json: { old_password: string; new_password: string }, result: string, retries: number, step: string) => {
      const r = await ok(ctx, opId, { params, json }, `${what}: ${step}`);
      const body = (r.json ?? {}) as { result?: string; retry_times_left?: string };
      if (body.result !== result || Number(body.retry_times_left) !== retries) departure(ctx.client, r, `${what}: ${step}: result ${body.result} with retry_times_left ${body.retry_times_left}, expected ${result} with ${retries}`, rule);
    };
    for (let i = 1; i <= l.maxFailures; i++) await expect({ old_password: wrong, new_password: next }, i < l.maxFailures ? l.wrongPassword.result : l.locked.result, l.maxFailures - i, `wrong old password ${i} of ${l.maxFailures}`);
    await expect({ old_password: old, new_password: next }, l.locked.result, 0, 'the right old password while locked');
  };
  return [
    {
      op: 'UpdatePassword',
      rule: 'password.new-differs',
      also: successStatuses(spec.operation('UpdatePassword')),
      async run(ctx, rule) {
        const inst = await ctx.scenario.instance();
        const params = instanceParams(inst);
        await refusedAndUnchanged(ctx, rule, 'the new password equal to the old one', () => instanceStatus(ctx, inst), () => refused(ctx, 'UpdatePassword', { params, json: { old_password: inst.password, new_password: inst.password } }, refusal(spec, rule), 'changing the password to itself'));
        // The refusal counted no failure and left the password: it changes with the same old one.
        const next = validPassword(spec.rules.password.instance, [inst.password]);
        const r = await ok(ctx, 'UpdatePassword', { params, json: { old_password: inst.password, new_password: next } }, 'changing the password afterwards');
        const result = (r.json as { result?: string } | undefined)?.result;
        if (result !== success('UpdatePassword')) departure(ctx.client, r, `after the refused change the right old password gets ${result}, expected ${success('UpdatePassword')}`, rule);
        inst.password = next;
      },
    },
    {
      op: 'UpdatePassword',
      rule: STATE_RULES[2],
      statuses: [...successStatuses(spec.operation('UpdatePassword')), spec.errors.require(spec.rules.states.data.passwordLockout.resetWhileLocked.errorCode).status],
      async run(ctx, rule) {
        // An instance of its own: the lock must not hit a password other cases use.
        const inst = await ctx.scenario.instance();
        const params = instanceParams(inst);
        const next = validPassword(spec.rules.password.instance, [inst.password]);
        await lockWith(ctx, rule, 'UpdatePassword', params, { old: inst.password, wrong: validPassword(spec.rules.password.instance, [inst.password, next]), next }, 'the instance password');
        const code = lockout().resetWhileLocked.errorCode;
        await refusedAndUnchanged(ctx, rule, 'a reset while locked', () => instanceStatus(ctx, inst), () => refused(ctx, 'ResetPassword', { params, json: { new_password: next } }, { status: spec.errors.require(code).status, codes: [code], rule }, 'resetting the locked password'));
      },
    },
    {
      op: 'UpdateAclAccountPassWord',
      rule: 'acl.password-lockout',
      also: successStatuses(spec.operation('UpdateAclAccountPassWord')),
      async run(ctx, rule) {
        // An account of its own: the lock is per account.
        const { account, params, observe } = await ownAccount(ctx);
        const next = validPassword(spec.rules.password.acl, [account.password], account.name);
        const wrong = validPassword(spec.rules.password.acl, [account.password, next], account.name);
        await lockWith(ctx, rule, 'UpdateAclAccountPassWord', params, { old: account.password, wrong, next }, `the password of ACL account ${account.name}`);
        await refusedAndUnchanged(ctx, rule, 'a reset of the locked account', observe, () => refused(ctx, 'ResetAclAccountPassWord', { params, json: { new_password: next } }, refusal(spec, rule), 'resetting the locked ACL account password'));
      },
    },
  ];
};
