// contract › state: the password lock ends with time (spec.rules.states.data.passwordLockout). On a
// target whose clock the suite cannot move this costs lockMinutes of real time: the case declares it
// (realTimeMs) and runs there only with --allow-long-waits; elsewhere it is skipped, saying so.
import type { Spec } from '../../spec/index.ts';
import { validPassword } from '../../spec/rules/index.ts';
import type { CallResult } from '../../harness/index.ts';
import { departure } from '../engine/assert.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import type { Case } from '../engine/types.ts';
import { exampleField, statusesOf } from '../stateful/model.ts';
import { caseFor, ok } from './common.ts';

const LOCKOUT = STATE_RULES[2];
const MINUTE = 60_000;

/**
 * The lock ends with time: maxFailures wrong old passwords lock the password, and after lockMinutes a
 * change with the right one succeeds. On a target whose clock the suite cannot move this costs
 * lockMinutes of real time, so it runs there only with long waits allowed.
 */
export function lockExpiryCases(spec: Spec): Case[] {
  return [lockExpiryCase(spec)];
}

function lockExpiryCase(spec: Spec): Case {
  const rule = spec.rules.states.data.passwordLockout;
  const lockMs = rule.lockMinutes * MINUTE;
  const success = String(exampleField(spec, 'UpdatePassword', 200, 'result'));
  return caseFor(spec.operation('UpdatePassword'), {
    suite: 'state',
    check: 'state.lock-expiry',
    rules: [LOCKOUT],
    statuses: statusesOf(spec, 'UpdatePassword'),
    profile: 'full',
    destructive: true,
    realTimeMs: lockMs,
    async run(ctx) {
      const inst = await ctx.scenario.instance({ name: ctx.scenario.name('lock') });
      const params = { instance_id: inst.id };
      const wrong = validPassword(spec.rules.password.instance, [inst.password]);
      let res: CallResult | undefined;
      for (let i = 0; i < rule.maxFailures; i++) res = await ok(ctx, 'UpdatePassword', { params, json: { old_password: wrong, new_password: validPassword(spec.rules.password.instance, [inst.password, wrong]) } }, `wrong old password, attempt ${i + 1}`);
      const last = (res?.json as { result?: string } | undefined)?.result;
      if (last !== rule.locked.result) departure(ctx.client, res!, `after ${rule.maxFailures} wrong old passwords the result is ${last}, expected ${rule.locked.result}`, LOCKOUT);
      await ctx.clock.advance(lockMs);
      const fresh = validPassword(spec.rules.password.instance, [inst.password, wrong]);
      const after = await ok(ctx, 'UpdatePassword', { params, json: { old_password: inst.password, new_password: fresh } }, `changing the password ${rule.lockMinutes} min after the lock`);
      const result = (after.json as { result?: string } | undefined)?.result;
      if (result !== success) departure(ctx.client, after, `${rule.lockMinutes} min after the lock a change with the right old password answers ${result}, expected ${success}: the lock did not expire`, LOCKOUT);
    },
  });
}
