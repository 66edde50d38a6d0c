// contract › not-found: an operation on an ID that names nothing gets the documented answer — the
// catalog's "instance does not exist" for instance IDs, and the rule for other sub-resource IDs —
// and the ID is never served as if it existed.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { arbitraryFromSchema } from '../../generators/index.ts';
import { conforms } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { argsOf, caseFor, createdInstances, seedFor, validRequest } from './common.ts';

const idParams = (op: OperationInfo) => op.parameters.filter((p) => p.in === 'path' && p.name !== 'project_id');

/** The rule an unknown value of this path parameter falls under. */
const ruleFor = (param: string) => (param === 'instance_id' ? 'resource.instance-not-found' : 'resource.not-found');

/** A well-formed ID (the parameter's schema accepts it) that the target never issued. */
function unknownId(ctx: SuiteContext, op: OperationInfo, name: string): string {
  const p = op.parameters.find((x) => x.name === name)!;
  const uuid = randomUUID();
  if (ctx.spec.validateParameter(op.id, name, uuid).valid) return uuid;
  const [v] = fc.sample(arbitraryFromSchema(p.schema as never), { seed: seedFor(ctx.seed, `${op.id}#${name}`), numRuns: 1 });
  return String(v);
}

export function notFoundCases(spec: Spec): Case[] {
  return spec.operations.flatMap((op) =>
    idParams(op).map((p) => {
      const rule = spec.rules.byId(ruleFor(p.name)) as unknown as { id: string; errorCode: string; status?: number; documentedAnswers?: Record<string, { status: number }> };
      // An operation that documents its own answer for a missing record (a 204 "none deleted") has it.
      const own = rule.documentedAnswers?.[op.id];
      const status = own?.status ?? rule.status ?? spec.errors.require(rule.errorCode).status;
      const expect = own ? { status, rule: rule.id } : { status, codes: [rule.errorCode], rule: rule.id };
      return caseFor(op, {
        suite: 'contract',
        clockFree: true,
        check: 'not-found',
        qualifier: p.name,
        rules: [rule.id],
        breaks: [rule.id],
        statuses: [status],
        profile: 'full',
        // The other IDs of the request name real resources the run makes.
        destructive: idParams(op).length > 1 || !!op.requestBody,
        async run(ctx) {
          const req = await validRequest(ctx, op);
          const params = { ...req.params, [p.name]: unknownId(ctx, op, p.name) };
          const r = await ctx.client.call(op.id, argsOf({ ...req, params }, { expect }));
          for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
          conforms(ctx.client, r, `${p.name} ${params[p.name]} names nothing`);
        },
      });
    }),
  );
}
