// Security cases of routing: an unknown URL, a method the path does not allow, a malformed project or instance ID,
// each answered by its documented rule (request.*, resource.instance-not-found).
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { failures, type CallResult, type Expectation, type HttpResponse } from '../../harness/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { caseFor } from '../cases/common.ts';
import { SUITE, type Answer, answer, listOp, instanceGetOp } from './_internals/answers.ts';
import { hexFor } from './_internals/requests.ts';
import { SuiteSpecMismatchError } from '../engine/errors.ts';

/** Judges an unchecked exchange (no operation to check it against) by the rule's status and codes. */
function routed(ctx: SuiteContext, op: OperationInfo, res: HttpResponse, a: Answer, what: string): void {
  const code = (res.json as { error_code?: unknown } | undefined)?.error_code;
  const codes = a.codes.flatMap((c) => ctx.spec.errors.equivalents(c));
  if (res.status === a.status && typeof code === 'string' && codes.includes(code)) return;
  departure(ctx.client, { ...res, operation: op, findings: [] }, `${what}: expected ${a.status} with ${codes.join(' or ')}, got ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`, a.rule);
}

/** Passes when the response conforms to one of the expectations; otherwise reports the first. */
function conformsToOne(ctx: SuiteContext, r: CallResult, expectations: Expectation[], what: string): void {
  for (const expect of expectations) if (!failures(ctx.client.check(r.operation.id, r, expect)).length) return;
  conforms(ctx.client, { ...r, findings: ctx.client.check(r.operation.id, r, expectations[0]) }, what);
}

/** A path segment no ID a target issues could be: not hex, not a UUID, with characters IDs never carry. */
const MALFORMED_ID = 'not_an_id!';

export function routingCases(spec: Spec): Case[] {
  const list = listOp(spec);
  const show = instanceGetOp(spec);
  const base = { suite: SUITE, profile: 'full', destructive: false, clockFree: true } as const;
  const unknownUrl = answer(spec, 'request.unknown-url');
  const notAllowed = answer(spec, 'request.method-not-allowed');
  const badProject = answer(spec, 'request.invalid-project-id');
  const badInstance = answer(spec, 'request.invalid-instance-id');
  const instanceMissing = answer(spec, 'resource.instance-not-found');
  const concrete = (ctx: SuiteContext) => list.path.replace('{project_id}', ctx.target.projectId);
  return [
    caseFor(list, {
      ...base,
      check: unknownUrl.rule,
      rules: [unknownUrl.rule],
      breaks: [unknownUrl.rule],
      statuses: [unknownUrl.status],
      async run(ctx) {
        // The list's path with its last segment replaced by one no operation has.
        const path = concrete(ctx).replace(/[^/]+$/, `unknown-${hexFor(ctx.seed, 'url', 8)}`);
        if (ctx.spec.operations.some((o) => o.pathPattern.test(path))) throw new SuiteSpecMismatchError(`${path} names an operation; pick another unknown segment`);
        const res = await ctx.client.send({ method: list.method, path });
        routed(ctx, list, res, unknownUrl, `${list.method} ${path} is no operation`);
      },
    }),
    caseFor(list, {
      ...base,
      check: notAllowed.rule,
      rules: [notAllowed.rule],
      breaks: [notAllowed.rule],
      statuses: [notAllowed.status],
      async run(ctx) {
        const path = concrete(ctx);
        const method = ['PUT', 'POST', 'DELETE', 'PATCH'].find((m) => !ctx.spec.match(m, path));
        if (!method) throw new SuiteSpecMismatchError(`every method is an operation at ${path}`);
        const res = await ctx.client.send({ method, path });
        routed(ctx, list, res, notAllowed, `${method} on ${list.path}, which serves other methods`);
      },
    }),
    caseFor(list, {
      ...base,
      check: badProject.rule,
      rules: [badProject.rule],
      breaks: [badProject.rule],
      statuses: [badProject.status],
      async run(ctx) {
        const r = await ctx.client.call(list.id, { params: { project_id: MALFORMED_ID }, expect: badProject.expect });
        conforms(ctx.client, r, `project ID ${MALFORMED_ID}`);
      },
    }),
    caseFor(show, {
      ...base,
      check: badInstance.rule,
      rules: [badInstance.rule, instanceMissing.rule],
      breaks: [badInstance.rule],
      statuses: [badInstance.status, instanceMissing.status],
      async run(ctx) {
        // The spec gives instance_id no format (a string), so an ID of a form no target issues is
        // also an ID that names no instance: the format refusal and instance-not-found both conform.
        const r = await ctx.client.call(show.id, { params: { instance_id: MALFORMED_ID }, expect: badInstance.expect });
        conformsToOne(ctx, r, [badInstance.expect, instanceMissing.expect], `instance ID ${MALFORMED_ID}`);
      },
    }),
  ];
}
