// The tenant quotas (ShowQuotaOfTenant): valid creates are fitted inside what is left, and the quota
// rules themselves are checked by asking for one more than is left (nothing is created on a
// conforming target).
import type { Spec } from '../../spec/index.ts';
import { parseSpecCode, specCodeFor } from '../../spec/rules/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped } from '../engine/errors.ts';
import { LANE_FOOTPRINT } from '../engine/lanes.ts';
import { remainingFrom, type Remaining } from '../engine/quota.ts';
import { caseFor, createdInstances, validRequest } from './common.ts';

interface QuotaRule {
  id: string;
  errorCode: string;
  quotaTypes: string[];
}

/** What the tenant may still create: quota minus used, per quota type named in the rules. */
export async function remainingQuota(ctx: SuiteContext): Promise<Remaining> {
  const r = await ctx.client.call('ShowQuotaOfTenant');
  conforms(ctx.client, r, 'reading the tenant quota');
  return remainingFrom(ctx.spec, r.json);
}

/** A body that asks for a number of instances: the create fitQuota fits to what is left. */
export const isBatchCreate = (body: unknown): body is Record<string, unknown> & { instance_num: number } =>
  !!body && typeof body === 'object' && !Array.isArray(body) && typeof (body as Record<string, unknown>).instance_num === 'number';

/**
 * Lowers instance_num so a valid batch create fits the quota left (a quota refusal is not what a
 * positive check tests), leaving what the run's other lanes may hold meanwhile (LANE_FOOTPRINT each).
 */
export async function fitQuota(ctx: SuiteContext, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!isBatchCreate(body)) return body;
  const left = await remainingQuota(ctx);
  const capacity = typeof body.capacity === 'number' ? body.capacity : 0;
  const others = (ctx.lanes - 1) * LANE_FOOTPRINT;
  const fits = Math.min(body.instance_num, left.instances - others, capacity > 0 ? Math.floor(left.ram / capacity) - others : body.instance_num);
  return { ...body, instance_num: Math.max(1, fits) };
}

export function quotaCases(spec: Spec): Case[] {
  const op = spec.operation('CreateInstance');
  const rules = ['quota.instances', 'quota.memory'].map((id) => spec.rules.byId(id) as unknown as QuotaRule);
  return rules.map((rule) =>
    caseFor(op, {
      suite: 'contract',
      check: 'negative',
      qualifier: rule.id,
      rules: [rule.id],
      breaks: [rule.id],
      statuses: [spec.errors.require(rule.errorCode).status],
      profile: 'full',
      destructive: true,
      // "One more than is left" holds only while no other case creates or deletes at the same time.
      exclusive: true,
      async run(ctx) {
        // With the run's main instance in place, one request can usually ask for one more than is left.
        await ctx.scenario.main();
        const left = await remainingQuota(ctx);
        const req = await validRequest(ctx, op);
        const base = req.body as Record<string, unknown>;
        const mode = parseSpecCode(spec.rules.flavors, String(base.spec_code))?.cacheMode ?? ctx.scenario.haMode;
        // The largest capacity the create table gives this mode and version: fewest instances to pass the memory quota.
        const capacity = Math.max(...spec.rules.capacity.create.tables.filter((t) => t.cacheModes.includes(mode) && (!t.versions || t.versions.includes(String(base.engine_version)))).flatMap((t) => t.capacities));
        const body = { ...base, name: ctx.scenario.name('quota'), ...(rule.id === 'quota.memory' ? { capacity, spec_code: specCodeFor(spec.rules.flavors, mode, capacity) } : {}) };
        const numRule = spec.rules.instanceNum;
        // One past what is left, of instances or of memory; skipped when the request cannot express it.
        const num = rule.id === 'quota.instances' ? left.instances + 1 : Math.floor(left.ram / capacity) + 1;
        if (!Number.isFinite(num) || num > numRule.maximum) throw new CaseSkipped(`${rule.id}: ${JSON.stringify(left)} left, more than one create may ask for (instance_num ≤ ${numRule.maximum})`);
        const r = await ctx.client.call(op.id, { json: { ...body, instance_num: num }, expect: { status: spec.errors.require(rule.errorCode).status, codes: [rule.errorCode], rule: rule.id } });
        for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
        conforms(ctx.client, r, `asking for ${num} instances with ${JSON.stringify(left)} left`);
        const after = await remainingQuota(ctx);
        if (after.instances !== left.instances) departure(ctx.client, r, `a refused create changed the quota used (${JSON.stringify(left)} -> ${JSON.stringify(after)})`, rule.id);
      },
    }),
  );
}
