// Security cases, for every operation: a request without credentials, and one with a token nobody issued
// (rules auth.no-credentials, auth.invalid-token).
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { tokenAuth } from '../../harness/index.ts';
import { conforms } from '../engine/assert.ts';
import type { Case, Profile } from '../engine/types.ts';
import { caseFor, needsNoResource } from '../cases/common.ts';
import { SUITE, answer } from './_internals/answers.ts';
import { hexFor, requestOnNothing, callTracked } from './_internals/requests.ts';

/** The basic refusals of the GET lists show a target is wired up (smoke); every other operation in full. */
export function credentialCases(spec: Spec, op: OperationInfo): Case[] {
  const noCreds = answer(spec, 'auth.no-credentials');
  const badToken = answer(spec, 'auth.invalid-token');
  const profile: Profile = op.method === 'GET' && needsNoResource(op) ? 'smoke' : 'full';
  const base = { suite: SUITE, destructive: false, clockFree: true } as const;
  return [
    caseFor(op, {
      ...base,
      check: 'auth.no-credentials',
      rules: [noCreds.rule],
      breaks: [noCreds.rule],
      statuses: [noCreds.status],
      profile,
      async run(ctx) {
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: null, expect: noCreds.expect }));
        conforms(ctx.client, r, 'no X-Auth-Token and no signature');
      },
    }),
    caseFor(op, {
      ...base,
      check: 'auth.invalid-token',
      rules: [badToken.rule],
      breaks: [badToken.rule],
      statuses: [badToken.status],
      profile,
      async run(ctx) {
        // Shaped like a real token (long, base64url), issued by nobody.
        const token = Buffer.from(hexFor(ctx.seed, `${op.id}#token`, 512), 'hex').toString('base64url');
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: tokenAuth(token), expect: badToken.expect }));
        conforms(ctx.client, r, 'a well-formed token nobody issued');
      },
    }),
  ];
}
