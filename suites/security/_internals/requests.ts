// Requests that name nothing: well-formed IDs the target never issued, derived from the run seed, with the
// reference's example bodies, so a refusal makes nothing and whatever a departing target made is removed.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { OperationInfo } from '../../../spec/index.ts';
import { arbitraryFromSchema } from '../../../generators/index.ts';
import type { CallArgs, CallResult } from '../../../harness/index.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { createdInstances, exampleBody, seedFor } from '../../cases/common.ts';
import { idParams } from './answers.ts';

// Requests that name nothing

/** Deterministic hex from the run seed, so a failure replays with the same IDs. */
export function hexFor(seed: number, key: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${key}:${i}`).digest('hex');
  return out.slice(0, length);
}

export const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;

/** A well-formed ID (the parameter's schema accepts it) that the target never issued. */
export function unknownId(ctx: SuiteContext, op: OperationInfo, name: string): string {
  const uuid = uuidOf(hexFor(ctx.seed, `${op.id}#${name}`, 32));
  if (ctx.spec.validateParameter(op.id, name, uuid).valid) return uuid;
  const p = op.parameters.find((x) => x.name === name)!;
  const [v] = fc.sample(arbitraryFromSchema(p.schema as never), { seed: seedFor(ctx.seed, `${op.id}#${name}`), numRuns: 1 });
  return String(v);
}

/** Required query parameters with schema-valid values (enum members first), so only the credential is wrong. */
export function requiredQuery(ctx: SuiteContext, op: OperationInfo): Record<string, string> | undefined {
  const required = op.parameters.filter((p) => p.in === 'query' && p.required);
  if (!required.length) return undefined;
  return Object.fromEntries(
    required.map((p) => {
      const s = p.schema as { enum?: unknown[]; default?: unknown };
      const v = s.enum?.[0] ?? s.default ?? fc.sample(arbitraryFromSchema(p.schema as never), { seed: seedFor(ctx.seed, `${op.id}?${p.name}`), numRuns: 1 })[0];
      return [p.name, String(v)];
    }),
  );
}

/** A well-formed request of the operation on IDs that name nothing, with the reference's example body. */
export function requestOnNothing(ctx: SuiteContext, op: OperationInfo, extra: CallArgs = {}): CallArgs {
  const params = Object.fromEntries(idParams(op).map((p) => [p.name, unknownId(ctx, op, p.name)]));
  const query = requiredQuery(ctx, op);
  const body = exampleBody(op);
  return { ...(query ? { query } : {}), ...(body !== undefined ? { json: body } : {}), ...extra, params: { ...params, ...extra.params } };
}

/** Calls and tracks whatever a departing target created, so the run removes it. */
export async function callTracked(ctx: SuiteContext, op: OperationInfo, args: CallArgs): Promise<CallResult> {
  const r = await ctx.client.call(op.id, args);
  for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
  return r;
}
