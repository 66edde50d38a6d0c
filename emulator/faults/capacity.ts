// Capacity faults: the capacity tables of create (reference 4.1.1) and of resize (4.1.7).
import type { CapacityRule } from '../../spec/rules/index.ts';
import type { Handler, HandlerContext } from '../resources/context.ts';
import type { Fault } from './types.ts';
import { withRules } from './overlay.ts';
import { EmulatorSpecMismatchError } from '../core/errors.ts';

/**
 * Serves the request with a capacity table in which every table also offers the capacity asked for
 * (no finite table holds "any capacity"); the flavor, quota and state checks stay.
 */
const anyCapacity = (which: 'create' | 'resize', field: string) => (inner: Handler) => (ctx: HandlerContext) => {
  const capacity = (ctx.body as Record<string, unknown>)[field];
  if (typeof capacity !== 'number') return inner(ctx);
  const rule = ctx.spec.rules.capacity[which];
  const widened: CapacityRule = { ...rule, tables: rule.tables.map((t) => ({ ...t, capacities: [...t.capacities, capacity] })) };
  return inner({ ...ctx, spec: withRules(ctx.spec, { capacity: { ...ctx.spec.rules.capacity, [which]: widened } }) });
};

export const capacityFaults: Fault[] = [
  {
    id: 'capacity.off-table-accepted',
    family: 'capacity',
    rule: 'capacity.create',
    breaks: 'CreateInstance accepts any capacity its spec_code names, even one the create table does not offer.',
    install(h) {
      h.wrapHandler('CreateInstance', anyCapacity('create', fieldOf(h.spec.rules.capacity.create)));
    },
  },
  {
    id: 'capacity.resize-off-table-accepted',
    family: 'capacity',
    rule: 'capacity.resize',
    breaks: 'ResizeInstance accepts any new_capacity its spec_code names, even one the resize table does not offer.',
    install(h) {
      h.wrapHandler('ResizeInstance', anyCapacity('resize', fieldOf(h.spec.rules.capacity.resize)));
    },
  },
];

/** The request field a capacity rule governs (its appliesTo), so the fault follows the spec. */
function fieldOf(rule: CapacityRule): string {
  const field = (rule as CapacityRule & { appliesTo?: { field: string }[] }).appliesTo?.[0]?.field;
  if (!field) throw new EmulatorSpecMismatchError(`rule ${rule.id} names no field in appliesTo`);
  return field;
}
