// Capacity faults: the capacity tables of create (reference 4.1.1).
import type { Fault } from './types.ts';
import { withRules } from './overlay.ts';

export const capacityFaults: Fault[] = [
  {
    id: 'capacity.off-table-accepted',
    family: 'capacity',
    rule: 'capacity.create',
    breaks: 'CreateInstance accepts any capacity its spec_code names, even one the create table does not offer.',
    install(h) {
      h.wrapHandler('CreateInstance', (inner) => (ctx) => {
        const capacity = (ctx.body as { capacity?: unknown }).capacity;
        if (typeof capacity !== 'number') return inner(ctx);
        // No finite table holds "any capacity": for this request, every table offers the one asked for.
        const rule = ctx.spec.rules.capacity.create;
        const create = { ...rule, tables: rule.tables.map((t) => ({ ...t, capacities: [...t.capacities, capacity] })) };
        return inner({ ...ctx, spec: withRules(ctx.spec, { capacity: { ...ctx.spec.rules.capacity, create } }) });
      });
    },
  },
];
