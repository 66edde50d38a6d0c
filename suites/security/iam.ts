// Security cases of IAM (rule iam.action-denied): for every operation a read-only user may not call, the
// user is refused; and, once, the same user is served what its policy holds.
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { conforms } from '../engine/assert.ts';
import { need } from '../engine/needs.ts';
import type { Case } from '../engine/types.ts';
import { CaseSkipped } from '../engine/errors.ts';
import { caseFor, successStatuses } from '../cases/common.ts';
import { SUITE, answer, readonlyLacks, listOp } from './_internals/answers.ts';
import { requestOnNothing, callTracked } from './_internals/requests.ts';
import { served } from './_internals/served.ts';

export function iamCases(spec: Spec, op: OperationInfo): Case[] {
  const denied = answer(spec, 'iam.action-denied');
  const base = { suite: SUITE, destructive: false, clockFree: true } as const;
  if (!readonlyLacks(op.action)) return [];
  return [
    caseFor(op, {
      ...base,
      check: 'iam.action-denied',
      rules: [denied.rule],
      breaks: [denied.rule],
      statuses: [denied.status],
      profile: 'full',
      async run(ctx) {
        const ro = ctx.principals.readonly;
        if (!ro) throw new CaseSkipped(`no read-only principal: ${need('principals.readonly').fix}`);
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: ro, expect: denied.expect }));
        conforms(ctx.client, r, `read-only user calling ${op.action}`);
      },
    }),
  ];
}

/** A read-only user is served what its policy holds: the IAM denials above are about the action. */
function readonlyControl(spec: Spec): Case {
  const list = listOp(spec);
  const denied = answer(spec, 'iam.action-denied');
  return caseFor(list, {
    suite: SUITE,
    clockFree: true,
    check: 'iam.action-denied',
    qualifier: 'allowed read',
    rules: [denied.rule],
    statuses: successStatuses(list),
    profile: 'full',
    destructive: false,
    async run(ctx) {
      const ro = ctx.principals.readonly;
      if (!ro) throw new CaseSkipped(`no read-only principal: ${need('principals.readonly').fix}`);
      const r = await ctx.client.call(list.id, { auth: ro, expect: { status: successStatuses(list), rule: denied.rule } });
      served(ctx, r, list, `read-only user calling ${list.action ?? list.id}`, denied.rule);
    },
  });
}

export const readonlyControlCases = (spec: Spec): Case[] => [readonlyControl(spec)];
