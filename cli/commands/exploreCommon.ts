// What `explore` and `diff` share: the requests they generate for one operation (valid, rule-broken,
// schema-mutated; each with what a conforming server must answer), rebased onto the resources of the
// target that receives them, sent with the scenario's bookkeeping, and the mapping of errors to exit codes.
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { parseSpecCode } from '../../spec/rules/index.ts';
import { breakInBody, canMutate, domainPatches, domainRegistry, negativeRequestArbitrary, placeInBody, requestArbitrary, ruleBreaks, stillBreaks, type GeneratedRequest } from '../../generators/index.ts';
import { type Req, AsyncWorkFailedError, LongWaitRefusedError, RequestTimeoutError, RunStoppedError, ScenarioError, ScenarioUnsupported, StuckDependencyError, TransportError, WaitTimeoutError, type CallResult, type Expectation, type HarnessError, type QueryValue } from '../../harness/index.ts';
import { createdInstances, removes, successStatuses, validRequest } from '../../suites/cases/common.ts';
import { fitQuota } from '../../suites/cases/quota.ts';
import type { SuiteContext } from '../../suites/engine/types.ts';
import { closest } from '../../suites/engine/suggest.ts';
import type { Parsed } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../types.ts';

// ---- operations named on the command line ----------------------------------------------------------

/** The operationIds closest to a mistyped one: same letters in another case, a shared part, or a few edits away. */
export function closeOperations(spec: Spec, given: string, max = 5): string[] {
  return closest(given, spec.operations.map((o) => o.id), max);
}

export function operationNamed(spec: Spec, id: string, command: string): OperationInfo {
  const op = spec.operations.find((o) => o.id === id);
  if (op) return op;
  const close = closeOperations(spec, id);
  throw new UsageError(`${command}: unknown operation "${id}". ${close.length ? `Did you mean: ${close.join(', ')}?` : 'dcs-conformance spec stats lists the operations.'}`);
}

/** Every line of `text` indented by `by` (curl commands and messages under a heading). */
export const indent = (text: string, by = '    '): string => text.split('\n').map((l) => by + l).join('\n');

// ---- shared flags ----------------------------------------------------------------------------------

export const randomSeed = (): number => (Date.now() ^ (Math.random() * 0x100000000)) | 0;

export function runsOf(p: Parsed, fallback: number): number {
  const runs = (p.runs as number | undefined) ?? fallback;
  if (runs < 1) throw new UsageError(`--runs must be at least 1 (got ${runs})`);
  return runs;
}

// ---- generated requests ----------------------------------------------------------------------------

/** One generated request and what a conforming server answers to it. */
export interface Probe {
  family: 'valid' | 'rule' | 'schema';
  /** "valid", "<domain entry> <kind>" or "<mutation kind> at <place>". */
  label: string;
  request: GeneratedRequest;
  /** Exact body text when it is not the JSON of request.body (malformed JSON, empty body). */
  rawBody?: string;
  expect: Expectation;
}

/** The fixtures' valid request on the target's resources, and the instance it acts on (mode, engine, version). */
export interface Anchor {
  req: Req & { body?: unknown };
  projectId: string;
  instance?: Record<string, unknown>;
}

export async function anchorOf(ctx: SuiteContext, op: OperationInfo): Promise<Anchor> {
  const req = await validRequest(ctx, op);
  const id = req.params?.instance_id;
  let instance: Record<string, unknown> | undefined;
  if (id) {
    const d = ((await ctx.client.call('ShowInstance', { params: { instance_id: id } })).json ?? {}) as Record<string, unknown>;
    instance = { cache_mode: parseSpecCode(ctx.spec.rules.flavors, String(d.spec_code))?.cacheMode ?? d.cache_mode, engine: d.engine, engine_version: d.engine_version };
  }
  return { req, projectId: ctx.target.projectId, ...(instance ? { instance } : {}) };
}

/** Keys of a domain value that the target takes from the instance or flavor: the fixtures' choice of them wins. */
const CONTEXT_KEYS = ['cache_mode', 'engine', 'engine_version', 'capacity', 'spec_code'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const constants = <T>(o: Record<string, T> = {}) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fc.constant(v)]));

/**
 * Body patches of a valid request, in the order they apply: generated < domain values that depend on
 * the resource < the fixtures' anchor (resource IDs, run-named names) < free domain values (passwords,
 * windows, whitelists…, so they vary) < path parameters the body repeats.
 */
function validPatches(spec: Spec, op: OperationInfo, anchor: Anchor): fc.Arbitrary<Record<string, unknown>>[] {
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
  const samePath = fc.constant(Object.fromEntries(Object.entries(anchor.req.params ?? {}).filter(([k]) => k in props)));
  const under: fc.Arbitrary<Record<string, unknown>>[] = [];
  const over: fc.Arbitrary<Record<string, unknown>>[] = [];
  for (const entry of domainRegistry(spec)) {
    const [patch] = domainPatches(spec, [entry], op);
    if (!patch) continue;
    const [sample] = fc.sample(entry.valid, { seed: 1, numRuns: 1 });
    const bound = entry.rule.startsWith('name.') || (isRecord(sample) && CONTEXT_KEYS.some((k) => k in sample));
    (bound ? under : over).push(patch.map((p) => placeInBody(spec, entry.rule, op, p, anchor.req.accountName)));
  }
  return [...under, samePath, ...(isRecord(anchor.req.body) ? [fc.constant(anchor.req.body)] : []), ...over, samePath];
}

const toExpect = (e: { rule: string; status: number; errorCodes: string[] }): Expectation => ({ status: e.status, codes: e.errorCodes, rule: e.rule });

/** Rule-broken values tried before a kind is kept: some kinds cannot be said in some bodies. */
const EXPRESSIBLE_SAMPLE = 40;

/** Every request explore and diff send for the operation: valid, each rule broken each way, each schema mutation. */
export function probeArbitrary(spec: Spec, op: OperationInfo, anchor: Anchor): fc.Arbitrary<Probe> {
  const path = constants({ project_id: anchor.projectId, ...anchor.req.params }) as Record<string, fc.Arbitrary<string>>;
  const query = constants(anchor.req.query) as Record<string, fc.Arbitrary<unknown>>;
  const bodyPatches = validPatches(spec, op, anchor);
  // The anchor's query stays whole: an optional parameter it names may be what makes the request valid here.
  const valid = requestArbitrary(spec, op.id, { path, query, optional: 'random', bodyPatches }).map(
    (request): Probe => ({ family: 'valid', label: 'valid', request: { ...request, query: { ...request.query, ...anchor.req.query } }, expect: { status: successStatuses(op) } }),
  );
  const families: fc.Arbitrary<Probe>[] = [valid];

  const broken = ruleBreaks(spec, domainRegistry(spec))
    .filter((b) => b.op.id === op.id)
    .flatMap(({ entry, kind }) => {
      const placed = fc.tuple(valid, entry.invalidByKind[kind]!).map(([v, bad]) => {
        const body = breakInBody(spec, entry.rule, op, isRecord(v.request.body) ? v.request.body : {}, entry.toBody(bad.value as never), anchor.req.accountName);
        return { probe: { family: 'rule', label: `${entry.id} ${kind}`, request: { ...v.request, body }, expect: toExpect(bad.expect) } as Probe, value: bad.value, body };
      });
      const breaks = (x: { value: unknown; body: Record<string, unknown> }) => stillBreaks(spec, entry, kind, op, x.value, x.body, anchor.instance);
      // A kind that no sampled value still breaks once in this body (and on this instance) is left out: its filter would never end.
      if (!fc.sample(placed, { seed: 1, numRuns: EXPRESSIBLE_SAMPLE }).some(breaks)) return [];
      return [placed.filter(breaks).map((x) => x.probe)];
    });
  if (broken.length) families.push(fc.oneof(...broken));

  if (canMutate(spec, op.id)) {
    families.push(
      negativeRequestArbitrary(spec, op.id, { path, query, optional: 'all', bodyPatches }).map(
        (n): Probe => ({ family: 'schema', label: `${n.kind} at ${n.target}`, request: n.request, ...(n.rawBody !== undefined ? { rawBody: n.rawBody } : {}), expect: toExpect(n.expect) }),
      ),
    );
  }
  return fc.oneof(...families);
}

// ---- sending on a target ---------------------------------------------------------------------------

/**
 * Values of the anchor a probe was generated on, mapped to the same resource on the receiving target:
 * whole strings (IDs, run-named names, the project) and, inside strings, the ACL account's name (a
 * password that breaks "must not contain the account name" must contain the receiving account's).
 */
export interface Rebase {
  whole: Map<string, string>;
  inside: [string, string][];
}

function pairStrings(a: unknown, b: unknown, out: Map<string, string>): void {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a !== b) out.set(a, b);
  } else if (Array.isArray(a) && Array.isArray(b)) a.forEach((x, i) => pairStrings(x, b[i], out));
  else if (isRecord(a) && isRecord(b)) for (const k of Object.keys(a)) if (k in b) pairStrings(a[k], b[k], out);
}

const reversed = (s: string) => [...s].reverse().join('');

/** What differs between two anchors of one operation (IDs, run-named names, project): the values to swap. */
export function rebaseOf(from: Anchor, to: Anchor): Rebase {
  const whole = new Map<string, string>();
  if (from.projectId !== to.projectId) whole.set(from.projectId, to.projectId);
  pairStrings({ p: from.req.params, q: from.req.query, b: from.req.body }, { p: to.req.params, q: to.req.query, b: to.req.body }, whole);
  const [a, b] = [from.req.accountName, to.req.accountName];
  return { whole, inside: a && b && a !== b ? [[a, b], [reversed(a), reversed(b)]] : [] };
}

const swapText = (text: string, map: Rebase) => map.inside.reduce((t, [a, b]) => t.split(a).join(b), map.whole.get(text) ?? text);

function swap<T>(value: T, map: Rebase): T {
  if (typeof value === 'string') return swapText(value, map) as T;
  if (Array.isArray(value)) return value.map((v) => swap(v, map)) as T;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, map)])) as T;
  return value;
}

/** The probe as the receiving target must get it: its resources instead of the generating anchor's. */
export function rebased(p: Probe, map: Rebase): Probe {
  if (!map.whole.size && !map.inside.length) return p;
  const raw = p.rawBody === undefined ? undefined : [...map.whole, ...map.inside].reduce((text, [a, b]) => text.split(a).join(b), p.rawBody);
  return { ...p, request: swap(p.request, map), ...(raw !== undefined ? { rawBody: raw } : {}) };
}

/** One target of a run: its suite context, the operation, and how probes of the generating anchor map onto it. */
export interface Side {
  ctx: SuiteContext;
  op: OperationInfo;
  /** The anchor probes were generated on (this side's first, or the other target's in diff). */
  origin: Anchor;
  /** origin → the anchor this side sends on now. */
  map: Rebase;
  /** Instances made for a fresh anchor (removed when another replaces it). */
  held?: Set<string>;
}

export async function sideFor(ctx: SuiteContext, op: OperationInfo, origin?: Anchor): Promise<Side & { anchor: Anchor }> {
  const anchor = await anchorOf(ctx, op);
  const from = origin ?? anchor;
  return { ctx, op, origin: from, map: rebaseOf(from, anchor), anchor };
}

const queryOf = (q: Record<string, unknown>): Record<string, QueryValue> =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? (v.map((x) => (isRecord(x) || Array.isArray(x) ? JSON.stringify(x) : x)) as QueryValue) : isRecord(v) ? JSON.stringify(v) : (v as QueryValue)]));

const fails = (r: CallResult) => r.findings.some((f) => f.severity === 'failure');

/** One request on the resources `map` points at; what it makes is tracked, settled, and removed again. */
async function sendOn(side: Side, probe: Probe, map: Rebase): Promise<CallResult> {
  const { ctx, op } = side;
  const mark = ctx.scenario.mark();
  try {
    const p = rebased(probe, map);
    let body = p.request.body;
    if (p.family === 'valid' && isRecord(body)) body = await fitQuota(ctx, body);
    const r = await ctx.client.call(op.id, {
      params: p.request.pathParams,
      query: queryOf(p.request.query),
      ...(p.rawBody !== undefined ? { body: p.rawBody, headers: { 'content-type': 'application/json' } } : body !== undefined ? { json: body } : {}),
      expect: p.expect,
    });
    for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
    if (op.method !== 'GET' && r.status < 300) await ctx.clock.settle();
    return r;
  } finally {
    await ctx.scenario.release(mark);
  }
}

/** A fresh anchor of the side's operation, and the instances made for it. */
async function freshAnchor(side: Side): Promise<{ map: Rebase; made: Set<string> }> {
  const before = side.ctx.scenario.mark();
  const anchor = await anchorOf(side.ctx, side.op);
  return { map: rebaseOf(side.origin, anchor), made: new Set([...side.ctx.scenario.made.instances].filter((id) => !before.has(id))) };
}

/**
 * Sends one probe through the checked client. Removing operations get fresh resources for every
 * request. Elsewhere a failing answer is asked once more on fresh resources, because earlier requests
 * may have used up the anchor (a password changed, a task stopped, a name taken): that answer counts,
 * and the side keeps the fresh resources for what follows.
 */
export async function sendProbe(side: Side, probe: Probe): Promise<CallResult> {
  const { scenario } = side.ctx;
  if (removes(side.op)) {
    const mark = scenario.mark();
    try {
      return await sendOn(side, probe, (await freshAnchor(side)).map);
    } finally {
      await scenario.release(mark);
    }
  }
  const first = await sendOn(side, probe, side.map);
  if (!fails(first)) return first;
  const fresh = await freshAnchor(side);
  const old = side.held;
  Object.assign(side, { map: fresh.map, held: fresh.made });
  if (old?.size) await scenario.release(new Set([...scenario.made.instances].filter((id) => !old.has(id))));
  return sendOn(side, probe, fresh.map);
}

/** Counts requests and reports every 50th on stderr. */
export function progress(io: Io, what: () => string, every = 50): () => void {
  let n = 0;
  return () => {
    if (++n % every === 0) io.err(`[progress] ${n} requests — ${what()}`);
  };
}

/** A setup step the target refused (ScenarioError) or offers no way to make (ScenarioUnsupported). */
export const setupRefused = (e: unknown): e is ScenarioError | ScenarioUnsupported => e instanceof ScenarioError || e instanceof ScenarioUnsupported;

/**
 * The errors a probe is compared on like an answer: none came in time, the connection dropped, the work
 * it started never ended (or ended failed, or may not be waited for), or a setup step was refused.
 * Anything else ends the command: an unreachable target, the harness's, spec's or suite's own errors, a bug.
 */
const NO_ANSWER = [RequestTimeoutError, TransportError, WaitTimeoutError, AsyncWorkFailedError, StuckDependencyError, LongWaitRefusedError, RunStoppedError, ScenarioError, ScenarioUnsupported];
export const noAnswer = (e: unknown): e is HarnessError => NO_ANSWER.some((c) => e instanceof c);

export const errorCodeOf = (r: { json: unknown }): string | undefined => {
  const c = isRecord(r.json) ? r.json.error_code : undefined;
  return typeof c === 'string' ? c : undefined;
};
