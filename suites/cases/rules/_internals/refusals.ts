// What a rule case sends and expects: the rule's data, its refusal (status and codes), a refused request
// checked for exactly that, a checked read, and a refusal proved to change nothing.
import type { RuleEntry, Spec } from '../../../../spec/index.ts';
import type { Inst, CallArgs, CallResult, Expectation } from '../../../../harness/index.ts';
import { conforms, departure } from '../../../engine/assert.ts';
import type { SuiteContext } from '../../../engine/types.ts';

export type Data<T> = RuleEntry & T;
export const data = <T>(spec: Spec, id: string): Data<T> => spec.rules.byId(id) as Data<T>;

export interface Capability {
  id: string;
  sections: string[];
  cacheModes?: string[];
  refused?: string[];
  engineVersions?: string[];
  errorCode: string;
}
export const capability = (spec: Spec, id: string): Capability | undefined => spec.rules.states.data.capabilities.find((c) => c.id === id) as Capability | undefined;

export interface Refusal extends Expectation {
  status: number;
  codes: string[];
  rule: string;
}

/** What a conforming target answers when the rule refuses: its code (or a capability's), alsoAccepted, and extras. */
export function refusal(spec: Spec, id: string, extra: readonly string[] = []): Refusal {
  const cap = capability(spec, id);
  const rule = cap ? undefined : spec.rules.byId(id);
  const code = cap?.errorCode ?? rule!.errorCode;
  return { status: rule?.status ?? spec.errors.require(code).status, codes: [...new Set([code, ...(rule?.alsoAccepted ?? []), ...extra])], rule: id };
}

// ---- calls --------------------------------------------------------------------------------------

export const instanceParams = (inst: Inst | string) => ({ instance_id: typeof inst === 'string' ? inst : inst.id });

/** A request the rule refuses: exactly its status and one of its codes. */
export async function refused(ctx: SuiteContext, opId: string, args: CallArgs, expect: Refusal, what: string): Promise<CallResult> {
  const r = await ctx.client.call(opId, { ...args, expect });
  conforms(ctx.client, r, what);
  return r;
}

/** A checked read: its JSON body when it succeeded, else its status (a read-back compares either). */
export async function read(ctx: SuiteContext, opId: string, args: CallArgs, what: string): Promise<any> {
  const r = await ctx.client.call(opId, args);
  conforms(ctx.client, r, what);
  return r.status < 300 ? (r.json ?? null) : { status: r.status };
}

/** Sends a refused request, lets pending work finish, and proves with `observe` that nothing changed. */
export async function refusedAndUnchanged(ctx: SuiteContext, rule: string, what: string, observe: () => Promise<unknown>, send: () => Promise<CallResult>): Promise<CallResult> {
  const before = JSON.stringify(await observe());
  const r = await send();
  await ctx.clock.settle();
  const after = JSON.stringify(await observe());
  if (after !== before) departure(ctx.client, r, `${what}: refused, but the target changed (${before} -> ${after})`, rule);
  return r;
}
