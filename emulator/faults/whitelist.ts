// Whitelist faults: IP whitelist groups (reference 4.11.4, 4.11.5).
import type { Fault } from './types.ts';
import { relaxSchema, withRules } from './overlay.ts';

export const whitelistFaults: Fault[] = [
  {
    id: 'whitelist.group-limit-ignored',
    family: 'whitelist',
    rule: 'whitelist',
    breaks: 'UpdateIpWhitelist accepts more whitelist groups than the rule allows.',
    install(h) {
      h.overlaySpec((spec) => {
        const rule = spec.rules.whitelist;
        // The schema's maxItems restates maxGroups; the IP checks (forms, uniqueness, IP limit) stay.
        return withRules(relaxSchema(spec, rule.id, ['maxItems']), { whitelist: { ...rule, maxGroups: Number.POSITIVE_INFINITY } });
      });
    },
  },
  {
    id: 'whitelist.any-network-accepted',
    family: 'whitelist',
    rule: 'whitelist',
    breaks: 'UpdateIpWhitelist accepts the addresses the rule forbids (0.0.0.0, 0.0.0.0/0: the whole network).',
    install(h) {
      h.overlaySpec((spec) => withRules(spec, { whitelist: { ...spec.rules.whitelist, forbidden: [] } }));
    },
  },
  {
    id: 'whitelist.duplicate-ip-accepted',
    family: 'whitelist',
    rule: 'whitelist',
    breaks: 'UpdateIpWhitelist accepts an IP twice, in one group or across groups.',
    install(h) {
      h.overlaySpec((spec) => {
        const rule = spec.rules.whitelist;
        // The schema's uniqueItems on ip_list restates uniqueness within a group.
        return withRules(relaxSchema(spec, rule.id, ['uniqueItems'], { nested: true }), { whitelist: { ...rule, ipsUniqueAcrossInstance: false } });
      });
    },
  },
  {
    id: 'whitelist.not-persisted',
    family: 'whitelist',
    rule: 'whitelist',
    breaks: 'UpdateIpWhitelist answers success (and records its task) but the instance keeps its previous whitelist.',
    install(h) {
      h.wrapHandler('UpdateIpWhitelist', (inner) => async (ctx) => {
        const inst = ctx.project.instances.get(ctx.params.instance_id ?? '');
        const before = inst?.ext.copy();
        const res = await inner(ctx);
        // Whatever the change stored on the instance is put back as it was.
        if (inst && before) inst.ext.restore(before);
        return res;
      });
    },
  },
];
