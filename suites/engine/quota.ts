// What the tenant may still create, read from ShowQuotaOfTenant's answer: quota minus used, per quota
// type the quota rules name (spec/src/rules/protocol.json quota.instances, quota.memory).
import type { Spec } from '../../spec/index.ts';

export interface Remaining {
  instances: number;
  /** GB of cache memory. */
  ram: number;
}

export function remainingFrom(spec: Spec, body: unknown): Remaining {
  const resources = (body as { quotas?: { resources?: { type: string; quota: number; used: number }[] } } | undefined)?.quotas?.resources ?? [];
  const left = (ruleId: string) => {
    const types = (spec.rules.byId(ruleId) as unknown as { quotaTypes: string[] }).quotaTypes;
    const q = resources.find((x) => types.includes(x.type));
    return q ? q.quota - q.used : Number.POSITIVE_INFINITY;
  };
  return { instances: left('quota.instances'), ram: left('quota.memory') };
}
