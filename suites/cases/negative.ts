// contract › negative: each generated invalid request gets the 4xx and error code it is tagged with,
// and changes nothing (read back to prove it). Two sources of invalid requests: every rule of the
// domain registry broken in each of its ways (password too short, off-table capacity…), and schema
// mutations of each operation's body and query (missing required field, wrong type, bad enum,
// malformed JSON…).
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { breakInBody, domainRegistry, stillBreaks, canMutate, mutationsOf, renderUrl, requestArbitrary, ruleBreaks, type NegativeRequest } from '../../generators/index.ts';
import type { Req, CallResult } from '../../harness/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped } from '../engine/errors.ts';
import { parseSpecCode } from '../../spec/rules/index.ts';
import { caseFor, createdInstances, seedFor, validRequest } from './common.ts';

/**
 * What a refused request could have changed, as the target shows it: the path's instance (its
 * details), or for creates the instances bearing the body's name. `project` keeps the parts a body
 * could touch: the status and the fields the body names.
 */
async function observe(ctx: SuiteContext, op: OperationInfo, req: Req, body: unknown): Promise<Record<string, unknown>> {
  const named = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (req.params?.instance_id) {
    const r = await ctx.client.call('ShowInstance', { params: { instance_id: req.params.instance_id } });
    return (r.json ?? {}) as Record<string, unknown>;
  }
  if (op.id === 'CreateInstance' && typeof named.name === 'string') {
    const r = await ctx.client.call('ListInstances', { query: { name: named.name } });
    return { created: ((r.json as { instances?: { name: string }[] })?.instances ?? []).filter((i) => i.name === named.name || i.name.startsWith(`${named.name}-`)).length };
  }
  return {};
}

const project = (seen: Record<string, unknown>, body: unknown) => {
  const keys = ['status', 'created', ...Object.keys(body && typeof body === 'object' ? body : {})];
  return JSON.stringify(Object.fromEntries(keys.filter((k) => k in seen).map((k) => [k, seen[k]])));
};

/** One invalid request of a case: how to send it, its body (what it could change), and what it breaks. */
interface Refusal {
  send: () => Promise<CallResult>;
  body: unknown;
  what: string;
  rule: string;
}

/**
 * Sends one invalid request and proves it was refused and changed nothing. `before` is what the target
 * showed before it (the previous call's answer: a run of samples reads the target once per sample).
 */
async function refusedAndUnchanged(ctx: SuiteContext, op: OperationInfo, req: Req, x: Refusal, before?: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Only an instance's details do not depend on the body: a create's observation is by the body's name.
  const prior = before && req.params?.instance_id ? before : await observe(ctx, op, req, x.body);
  const r = await x.send();
  for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
  conforms(ctx.client, r, x.what);
  await ctx.clock.settle();
  const after = await observe(ctx, op, req, x.body);
  if (project(after, x.body) !== project(prior, x.body)) departure(ctx.client, r, `${x.what}: refused, but the target changed (${project(prior, x.body)} -> ${project(after, x.body)})`, x.rule);
  return after;
}

/**
 * Every invalid request of a case, each proven refused and to have changed nothing. On a virtual clock
 * (reads always fresh) each is read back on its own. Where reads lag writes, one read-back after all of
 * them costs one lag instead of one per request; if it shows a change, the requests are sent again one
 * at a time, each read back, to name the one that changes the target.
 */
async function allRefusedAndUnchanged(ctx: SuiteContext, op: OperationInfo, req: Req, refusals: Refusal[]): Promise<void> {
  if (ctx.clock.virtual || refusals.length < 2) {
    let seen: Record<string, unknown> | undefined;
    for (const x of refusals) seen = await refusedAndUnchanged(ctx, op, req, x, seen);
    return;
  }
  const shared = !!req.params?.instance_id;
  const before = shared ? [await observe(ctx, op, req, undefined)] : await Promise.all(refusals.map((x) => observe(ctx, op, req, x.body)));
  const sent: CallResult[] = [];
  for (const x of refusals) {
    const r = await x.send();
    for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
    conforms(ctx.client, r, x.what);
    sent.push(r);
  }
  await ctx.clock.settle();
  const after = shared ? [await observe(ctx, op, req, undefined)] : await Promise.all(refusals.map((x) => observe(ctx, op, req, x.body)));
  const changed = refusals.findIndex((x, i) => project(after[shared ? 0 : i]!, x.body) !== project(before[shared ? 0 : i]!, x.body));
  if (changed < 0) return;
  // Which one? Each again, read back on its own: the first that changes the target is named.
  let seen: Record<string, unknown> | undefined;
  for (const x of refusals) seen = await refusedAndUnchanged(ctx, op, req, x, seen);
  const x = refusals[changed]!;
  const i = shared ? 0 : changed;
  departure(ctx.client, sent[changed]!, `${x.what}: refused, but the target changed (${project(before[i]!, x.body)} -> ${project(after[i]!, x.body)}) after ${refusals.length} refused requests (sent again one at a time, none changed it further)`, x.rule);
}

/** Generated invalid values to choose from when some do not fit the instance acted on. */
const POOL = 60;

/** Cache mode, engine and version of the instance an operation acts on (not for creates: the body names them). */
async function instanceContext(ctx: SuiteContext, req: Req): Promise<Record<string, unknown> | undefined> {
  const id = req.params?.instance_id;
  if (!id) return undefined;
  const r = await ctx.client.call('ShowInstance', { params: { instance_id: id } });
  const d = (r.json ?? {}) as Record<string, unknown>;
  const mode = parseSpecCode(ctx.spec.rules.flavors, String(d.spec_code))?.cacheMode ?? d.cache_mode;
  return { cache_mode: mode, engine: d.engine, engine_version: d.engine_version };
}

/** Every rule of the registry broken in each of its ways, on every operation it governs. */
export function ruleNegativeCases(spec: Spec): Case[] {
  return ruleBreaks(spec, domainRegistry(spec)).map(({ entry, op, kind }) =>
    caseFor(op, {
      suite: 'contract',
      clockFree: true,
      check: 'negative',
      qualifier: `${entry.id} ${kind}`,
      rules: [entry.rule, ...(entry.alsoBreaks[kind] ?? [])],
      // Every sample breaks the rule (stillBreaks filters the pool); none sent is a visible skip.
      breaks: [entry.rule, ...(entry.alsoBreaks[kind] ?? [])],
      statuses: [...new Set(fc.sample(entry.invalidByKind[kind]!, { seed: 1, numRuns: 1 }).map((b) => b.expect.status))],
      profile: 'full',
      destructive: true,
      async run(ctx) {
        const pool = fc.sample(entry.invalidByKind[kind]!, { seed: seedFor(ctx.seed, `${op.id}#${entry.id}#${kind}`), numRuns: POOL });
        let sent = 0;
        // One set of resources for every sample: a refused request changes nothing (and the case
        // checks exactly that), so the next sample finds them as they were.
        const req = await validRequest(ctx, op);
        const inst = await instanceContext(ctx, req);
        const refusals: Refusal[] = [];
        for (const bad of pool) {
          if (sent === ctx.numRuns) break;
          const body = breakInBody(spec, entry.rule, op, req.body as Record<string, unknown>, entry.toBody(bad.value), req.accountName);
          if (!stillBreaks(spec, entry, kind, op, bad.value, body, inst)) continue;
          sent++;
          const expect = { status: bad.expect.status, codes: bad.expect.errorCodes, rule: entry.rule };
          refusals.push({ send: () => ctx.client.call(op.id, { ...(req.params ? { params: req.params } : {}), ...(req.query ? { query: req.query } : {}), json: body, expect }), body, what: `${entry.id} broken (${kind})`, rule: entry.rule });
        }
        await allRefusedAndUnchanged(ctx, op, req, refusals);
        if (!sent) throw new CaseSkipped(`none of ${POOL} generated ${kind} values of ${entry.id} can be sent to ${op.id} so that it still breaks the rule`);
      },
    }),
  );
}

/** Rules named (x-dcs-rule) by the operation's top-level body fields and query parameters. */
function fieldRules(op: OperationInfo): string[] {
  const props = Object.values((op.requestBody?.schema?.properties ?? {}) as Record<string, { 'x-dcs-rule'?: string[] }>);
  const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.schema as { 'x-dcs-rule'?: string[] });
  return [...new Set([...props, ...query].flatMap((p) => p['x-dcs-rule'] ?? []))];
}

export function schemaNegativeCases(spec: Spec): Case[] {
  return spec.operations.filter((op) => canMutate(spec, op.id)).map((op) =>
    caseFor(op, {
      suite: 'contract',
      clockFree: true,
      check: 'negative',
      qualifier: 'schema',
      // server.internal: bad input is the client's error, never a 5xx (the status checks flag any 5xx).
      // A field's schema repeats its rule (a password's minLength): breaking it breaks that rule too.
      rules: ['request.invalid-parameter', 'server.internal', ...(op.requestBody ? ['request.malformed-json', ...(op.requestBody.required ? ['request.empty-body'] : [])] : []), ...fieldRules(op)],
      // Whatever the sample, a body is always sent cut short (and empty where required), and every
      // request is bad input that must not get a 5xx; which fields break depends on the sample.
      breaks: ['server.internal', ...(op.requestBody ? ['request.malformed-json', ...(op.requestBody.required ? ['request.empty-body'] : [])] : [])],
      statuses: [spec.rules.protocol('request.invalid-parameter').status ?? 400],
      profile: 'full',
      destructive: true,
      async run(ctx) {
        const req = await validRequest(ctx, op);
        const fixed = (v: string) => fc.constant(v);
        const path = Object.fromEntries(Object.entries({ project_id: ctx.target.projectId, ...req.params }).map(([k, v]) => [k, fixed(v)]));
        const bases = fc.sample(requestArbitrary(spec, op.id, { path, optional: 'none' }), { seed: seedFor(ctx.seed, `${op.id}#schema`), numRuns: ctx.numRuns });
        const tried = new Set<string>();
        const refusals: Refusal[] = [];
        for (const base of bases) {
          for (const n of mutationsOf(spec, base) as NegativeRequest[]) {
            // One request per (kind, place): more samples add different bases, not repeats.
            if (tried.has(`${n.kind} ${n.target}`)) continue;
            tried.add(`${n.kind} ${n.target}`);
            const g = n.request;
            const raw = n.rawBody ?? (g.body === undefined ? undefined : JSON.stringify(g.body));
            const url = renderUrl(g);
            const expect = { status: n.expect.status, codes: n.expect.errorCodes, rule: n.expect.rule };
            const send = async () => {
              const sent = await ctx.client.send({ method: g.method, path: url, ...(raw !== undefined ? { body: raw, headers: { 'content-type': 'application/json' } } : {}) });
              return { ...sent, operation: op, findings: ctx.client.check(op.id, sent, expect) };
            };
            refusals.push({ send, body: g.body, what: `${n.kind} at ${n.target}: ${n.description}`, rule: n.expect.rule });
          }
        }
        await allRefusedAndUnchanged(ctx, op, req, refusals);
      },
    }),
  );
}
