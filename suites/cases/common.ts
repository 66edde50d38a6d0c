// Building blocks shared by the case builders: naming, tagging, and the request a case starts from.
import { valuesAt, type OperationInfo, type Spec } from '../../spec/index.ts';
import { repairBody, REQUESTS, successStatuses, type Req, type CallArgs, type CallResult } from '../../harness/index.ts';
import { conforms } from '../engine/assert.ts';
import type { Case, Profile, SuiteContext } from '../engine/types.ts';
import { SuitesInternalError } from '../engine/errors.ts';

export interface CaseDraft {
  check: string;
  /** Distinguishes several cases of one check on one operation ("password.instance too-short"). */
  qualifier?: string;
  rules?: string[];
  /** Of `rules`, those every run breaks whatever the seed (Case.breaks). */
  breaks?: string[];
  transitions?: string[];
  statuses: number[];
  profile: Profile;
  destructive: boolean;
  /** Suite family: contract, security, state, stateful. */
  suite: string;
  /** Reads what any case may change (tenant-wide counts, quota): runs alone. */
  exclusive?: boolean;
  /** Checks nothing another lane's settle could change: may share a virtual clock (Case.clockFree). */
  clockFree?: boolean;
  /** Real time the case needs the target's clock to move (ms) where it cannot be moved. */
  realTimeMs?: number;
  run(ctx: SuiteContext): Promise<void>;
}

/** `<operationId> › <check>[ (qualifier)]`, tagged with section, chapter, capability, suite and check. */
export function caseFor(op: OperationInfo, d: CaseDraft): Case {
  const chapter = op.section.split('.').slice(0, 2).join('.');
  return {
    name: `${op.id} › ${d.check}${d.qualifier ? ` (${d.qualifier})` : ''}`,
    operationId: op.id,
    section: op.section,
    check: d.check,
    rules: d.rules ?? [],
    ...(d.breaks ? { breaks: d.breaks } : {}),
    ...(d.transitions ? { transitions: d.transitions } : {}),
    statuses: d.statuses,
    tags: [...new Set([op.section, chapter, op.capability, d.suite, d.check, ...(d.destructive ? ['destructive'] : [])])],
    destructive: d.destructive,
    ...(d.exclusive ? { exclusive: true } : {}),
    ...(d.clockFree ? { clockFree: true } : {}),
    ...(d.realTimeMs ? { realTimeMs: d.realTimeMs } : {}),
    profile: d.profile,
    run: d.run,
  };
}

/** The reference's first example body of the operation, copied (builders adapt it in place). */
export const exampleBody = (op: OperationInfo): unknown => structuredClone(op.requestBody?.examples.find((e) => 'value' in e)?.value);

/** A valid request of the operation on resources the scenario made (in the state it needs). */
export async function validRequest(ctx: SuiteContext, op: OperationInfo): Promise<Req & { body?: unknown }> {
  const builder = REQUESTS[op.id];
  if (!builder) throw new SuitesInternalError(`no request builder for ${op.id} in harness/scenario/requests.ts`);
  const req = await builder(ctx.scenario, exampleBody(op));
  const body = repairBody(ctx.spec, op, req);
  return { ...req, ...(body !== undefined ? { body: runNamed(ctx, op, body) } : {}) };
}

/**
 * Fields under a name rule get fresh names with the run id: the run's resources are recognisable
 * (cleanup, polling a real target) and unique (a fixed example name would collide with itself).
 */
function runNamed(ctx: SuiteContext, op: OperationInfo, body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, { 'x-dcs-rule'?: string[] }>;
  const b = body as Record<string, unknown>;
  const renamed = Object.entries(props).filter(([field, p]) => typeof b[field] === 'string' && (p['x-dcs-rule'] ?? []).some((id) => /name/.test(id)));
  return renamed.length ? { ...b, ...Object.fromEntries(renamed.map(([field]) => [field, ctx.scenario.name('run')])) } : body;
}

/** Call arguments of a fixtures request (query values as the transport takes them). */
export const argsOf = (req: Req & { body?: unknown }, extra: CallArgs = {}): CallArgs => ({
  ...(req.params ? { params: req.params } : {}),
  ...(req.query ? { query: req.query } : {}),
  ...(req.body !== undefined ? { json: req.body } : {}),
  ...extra,
});

/** Operations that need no resource of their own: a GET on the project or a project-less path. */
export const needsNoResource = (op: OperationInfo): boolean => op.method === 'GET' && !/\{(?!project_id\})\w+\}/.test(op.path);

/** Operations whose success removes or replaces data (deletes, flushes, restores…). */
export const removes = (op: OperationInfo): boolean => op.method === 'DELETE' || /^(BatchDelete|Delete|Restore)/.test(op.id);

export { successStatuses };

/**
 * Instance IDs a create answered: where spec/src/lifecycles.json says an answer starts instances (4.1.1's
 * instances[].instance_id). Other answers list instances too (BatchShowNodesInformation lists the
 * tenant's): those are not the run's to remove.
 */
export function createdInstances(spec: Spec, r: CallResult): string[] {
  if (r.status < 200 || r.status >= 300) return [];
  const starts = spec.lifecycles.resource('instance').startedBy.filter((s) => s.id.where === 'response' && s.operations.has(r.operation.id));
  return [...new Set(starts.flatMap((s) => valuesAt(r.json, s.id.path, s.when)))];
}

/** Stable per-operation seed, so one run seed gives every operation its own sample. */
export function seedFor(seed: number, key: string): number {
  let h = seed | 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1) + 0x7f4a7c15) | 0;
  return h;
}

export type { Spec };

/**
 * A page size for reads that must see everything the run made in one page: the largest `limit` the
 * operation documents; for operations that document no maximum, WHOLE_PAGE, our own choice.
 */
export function wholePage(spec: Spec, operationId: string): number {
  const max = (spec.operation(operationId).parameters.find((p) => p.name === 'limit' && p.in === 'query')?.schema as { maximum?: number } | undefined)?.maximum;
  return max ?? WHOLE_PAGE;
}
const WHOLE_PAGE = 1000;

/** A step that must succeed (a documented 2xx) and conform; anything else fails the case with the exchange. */
export async function ok(ctx: SuiteContext, opId: string, args: CallArgs, what: string): Promise<CallResult> {
  const r = await ctx.client.call(opId, { ...args, expect: { status: successStatuses(ctx.spec.operation(opId)) } });
  conforms(ctx.client, r, what);
  return r;
}
