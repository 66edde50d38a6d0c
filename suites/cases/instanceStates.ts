// contract › state: every transition of the instance state machine (spec/src/rules/instanceStates.json)
// is driven and observed (via-status right after the request, to-status once settled, gone after a
// delete), and every operation that needs a serving instance is refused, with the documented code,
// while the instance is busy.
import type { OperationInfo, Spec } from '../../spec/index.ts';
import type { Transition } from '../../spec/rules/instanceStates.ts';
import type { CallResult } from '../../harness/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../engine/errors.ts';
import { argsOf, caseFor, createdInstances, successStatuses, validRequest } from './common.ts';

const [REQUIRES_RUNNING, DELETE_REFUSED] = STATE_RULES;

/** Attempts to meet a busy instance before a real-time target is said to leave busy states too fast. */
export const BUSY_ATTEMPTS = 3;

const sectionOp = (spec: Spec, section: string): OperationInfo => {
  const op = spec.operations.find((o) => o.section === section);
  if (!op) throw new SuiteSpecMismatchError(`state machine names section ${section}, which has no operation`);
  return op;
};

/** The instance a request acts on: its path, or the first of the body's instance list. */
function instanceOf(req: { params?: Record<string, string>; body?: unknown }): string | undefined {
  const body = (req.body ?? {}) as { instances?: unknown[]; instance_id?: unknown };
  const first = Array.isArray(body.instances) ? body.instances[0] : undefined;
  return req.params?.instance_id ?? (typeof first === 'string' ? first : undefined) ?? (typeof body.instance_id === 'string' ? body.instance_id : undefined);
}

/** The instance's status, or undefined when the target says it does not exist. */
async function statusOf(ctx: SuiteContext, id: string): Promise<{ status: string | undefined; r: CallResult }> {
  const r = await ctx.client.call('ShowInstance', { params: { instance_id: id } });
  if (r.status === ctx.spec.rules.protocol('resource.instance-not-found').status) return { status: undefined, r };
  conforms(ctx.client, r, `reading instance ${id}`);
  return { status: (r.json as { status?: string }).status, r };
}

/** A request body switched to the transition's action (restart, soft_restart, flush share one operation). */
const withAction = (body: unknown, t: Transition) => (t.action && body && typeof body === 'object' && 'action' in body ? { ...body, action: t.action } : body);

/**
 * In real time a transition's first read may find it over already. That proves nothing, unless the
 * target declares that no change of its ends sooner (consistency.minTransitionMs) and the read came
 * back before then: the via-status was skipped. Otherwise the case says what it could not see.
 */
function skippedVia(ctx: SuiteContext, t: Transition, op: OperationInfo, read: CallResult, readByMs: number): void {
  const min = ctx.target.minTransitionMs;
  const found = t.to ?? 'gone';
  if (min !== undefined && readByMs < min) departure(ctx.client, read, `transition ${t.id}: ${readByMs} ms after ${op.id} was sent the instance was already ${found} and never reported ${t.via}; the target declares that no state change ends sooner than ${min} ms (consistency.minTransitionMs)`, REQUIRES_RUNNING);
  ctx.journal.note(`${t.via} not seen: the first read, ${readByMs} ms after ${op.id} was sent, found ${found}${min === undefined ? ' (consistency.minTransitionMs, when declared, makes a skipped transitional status a failure)' : `, later than the declared shortest change (${min} ms): proves nothing`}`);
}

export function transitionCases(spec: Spec): Case[] {
  return spec.rules.states.data.transitions.map((t) => {
    const op = sectionOp(spec, t.section);
    return caseFor(op, {
      suite: 'state',
      check: 'state.transition',
      qualifier: t.id,
      rules: [],
      transitions: [t.id],
      statuses: successStatuses(op),
      profile: 'full',
      destructive: true,
      async run(ctx) {
        const req = await validRequest(ctx, op);
        const body = withAction(req.body, t);
        const sentAt = Date.now();
        const r = await ctx.client.call(op.id, argsOf({ ...req, body }, { expect: { status: successStatuses(op) } }));
        const made = createdInstances(ctx.spec, r);
        for (const id of made) ctx.scenario.track('instances', id);
        conforms(ctx.client, r, `transition ${t.id}`);
        const id = t.from === null ? made[0] : instanceOf({ ...req, body });
        if (!id) departure(ctx.client, r, `transition ${t.id}: cannot tell which instance the request acted on`);
        // Right after the request (past the target's read lag): the via-status (the emulator's clock
        // stands still); elsewhere the change may already be over, so via or to.
        const now = await statusOf(ctx, id);
        const readBy = Date.now() - sentAt;
        const allowed = [t.via ?? t.to, ...(ctx.clock.virtual ? [] : [t.to])].filter((s) => s !== undefined);
        if (!allowed.includes(now.status ?? null)) departure(ctx.client, now.r, `transition ${t.id}: right after ${op.id} the instance is ${now.status ?? 'gone'}, expected ${allowed.map((s) => s ?? 'gone').join(' or ')}`, REQUIRES_RUNNING);
        if (!ctx.clock.virtual && t.via && (now.status ?? null) !== t.via) skippedVia(ctx, t, op, now.r, readBy);
        await ctx.clock.settle();
        const after = await statusOf(ctx, id);
        if ((after.status ?? null) !== t.to) departure(ctx.client, after.r, `transition ${t.id}: once settled the instance is ${after.status ?? 'gone'}, expected ${t.to ?? 'gone'}`);
        if (t.to === null) {
          const list = await ctx.client.call('ListInstances', { query: { instance_id: id } });
          const listed = ((list.json as { instances?: { instance_id: string }[] })?.instances ?? []).some((i) => i.instance_id === id);
          if (listed) departure(ctx.client, list, `transition ${t.id}: the deleted instance ${id} is still listed`);
        }
      },
    });
  });
}

/** Sections refused outside the serving status: requiresRunning plus every transition with a from-list. */
function guardedSections(spec: Spec): string[] {
  const d = spec.rules.states.data;
  return [...new Set([...d.requiresRunning.sections, ...d.transitions.filter((t) => t.from).map((t) => t.section)])];
}

/**
 * Batch operations (BatchOpsResult) answer 2xx and refuse per instance: the item's `result` is the
 * enum's failure value. Returns that value, or undefined for an operation refused as a whole.
 */
function batchFailure(op: OperationInfo): string | undefined {
  for (const s of successStatuses(op)) {
    const items = ((op.responses.get(s)?.schema?.properties as Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }> | undefined)?.results)?.items;
    const values = items?.properties?.result?.enum;
    if (values && values.length > 1) return values.at(-1);
  }
  return undefined;
}

/** The rule a refusal case checks, which it breaks on every run (the operation is sent while the instance is busy). */
const refusalRule = (rule: string) => ({ rules: [rule], breaks: [rule] });

export function refusalCases(spec: Spec): Case[] {
  const d = spec.rules.states.data;
  // A cheap, harmless way to make an instance busy: the first action-driven transition out of the
  // serving status whose via-status has a busy code (a restart).
  const busyCodes = d.requiresRunning.busyCodes as Record<string, string>;
  const busy = d.transitions.find((t) => t.action && t.from?.some((f) => d.statuses.serving.values.includes(f)) && t.via && busyCodes[t.via]);
  return guardedSections(spec).flatMap((section) =>
    spec.operations
      .filter((o) => o.section === section)
      .map((op) =>
        caseFor(op, {
          suite: 'state',
          check: 'state.refusal',
          ...refusalRule(op.method === 'DELETE' || d.transitions.some((t) => t.section === section && t.via === 'DELETING') ? DELETE_REFUSED : REQUIRES_RUNNING),
          statuses: [...new Set(Object.values(d.requiresRunning.busyCodes).map((c) => spec.errors.require(c).status))],
          profile: 'full',
          destructive: true,
          async run(ctx) {
            if (!busy) throw new CaseSkipped('the state machine has no restart transition to make an instance busy');
            const serving = d.statuses.serving.values;
            const failed = batchFailure(op);
            const restart = sectionOp(spec, busy.section);
            // Where time is real the restart may end before the request arrives: an attempt that cannot
            // show the request met a busy instance proves nothing and is made again (three at most).
            for (let attempt = 1; ; attempt++) {
              const retry = async (why: string) => {
                await ctx.clock.settle();
                if (attempt === BUSY_ATTEMPTS) throw new CaseSkipped(`${why}, ${BUSY_ATTEMPTS} times: the target leaves busy states too fast to test this`);
              };
              const req = await validRequest(ctx, op);
              const id = instanceOf(req);
              if (!id) throw new CaseSkipped(`${op.id} names no instance to make busy`);
              // Make the instance busy through the public API (a restart), then try the operation.
              const started = await ctx.client.call(restart.id, { json: { instances: [id], action: busy.action } });
              conforms(ctx.client, started, `restarting ${id} to make it busy`);
              const { status } = await statusOf(ctx, id);
              if (!status || serving.includes(status)) {
                await retry(`instance ${id} was ${status ?? 'gone'} before the request could be sent`);
                continue;
              }
              const code = spec.rules.states.refusal(section, status, (req.body as { action?: string } | undefined)?.action);
              const r = await ctx.client.call(op.id, argsOf(req, failed && code ? {} : { expect: { status: code ? spec.errors.require(code).status : successStatuses(op), ...(code ? { codes: spec.rules.states.busyCodes, rule: REQUIRES_RUNNING } : {}) } }));
              for (const made of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', made);
              const item = ((r.json as { results?: { instance: string; result: string }[] } | undefined)?.results ?? []).find((x) => x.instance === id);
              const accepted = successStatuses(op).includes(r.status) && (!failed || item?.result !== failed);
              // Accepted: a departure only if the instance was still busy then, which a read after it shows.
              if (code && accepted && !ctx.clock.virtual) {
                const after = await statusOf(ctx, id);
                if (!after.status || serving.includes(after.status)) {
                  await retry(`the request reached instance ${id} after it was ${after.status ?? 'gone'} again`);
                  continue;
                }
              }
              await ctx.clock.settle();
              // Erratum batch-refusal: a batch answers a per-instance "failed" or refuses with a busy code.
              if (failed && code) {
                if (!successStatuses(op).includes(r.status)) {
                  const refusal = ctx.client.check(op.id, r, { status: spec.errors.require(code).status, codes: spec.rules.states.busyCodes, rule: REQUIRES_RUNNING });
                  return conforms(ctx.client, { ...r, findings: refusal }, `${op.id} while instance ${id} is ${status}`);
                }
                conforms(ctx.client, r, `${op.id} while instance ${id} is ${status}`);
                if (item?.result !== failed) departure(ctx.client, r, `${op.id} while instance ${id} is ${status}: its result is ${item?.result ?? 'missing'}, expected ${failed}`, REQUIRES_RUNNING);
                return;
              }
              return conforms(ctx.client, r, `${op.id} while instance ${id} is ${status}`);
            }
          },
        }),
      ),
  );
}
