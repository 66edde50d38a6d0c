// Whitelist faults: IP whitelist groups (reference 4.11.4).
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
];
