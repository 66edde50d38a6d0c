// Maintenance-window faults: maintain_begin / maintain_end (reference 4.1.1, 4.1.6).
import type { HandlerContext, HandlerResult } from '../resources/context.ts';
import type { Fault } from './types.ts';
import { relaxSchema } from './overlay.ts';

const FIELDS = ['maintain_begin', 'maintain_end'] as const;

/** The body without the window fields, and the window fields that were sent. */
function split(body: Record<string, unknown>): { rest: Record<string, unknown>; window: Record<string, unknown> } {
  const rest = { ...body };
  const window: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (rest[f] !== undefined) window[f] = rest[f];
    delete rest[f];
  }
  return { rest, window };
}

/**
 * Runs the handler on the body without the window (so no window check can refuse it), then stores
 * the window as sent on the instances it touched: the departure is accepting, nothing else.
 */
async function windowUnchecked(inner: (ctx: HandlerContext) => HandlerResult | Promise<HandlerResult>, ctx: HandlerContext, touched: (ctx: HandlerContext, res: HandlerResult) => string[]): Promise<HandlerResult> {
  const { rest, window } = split(ctx.body as Record<string, unknown>);
  const res = await inner({ ...ctx, body: rest });
  for (const id of touched(ctx, res)) {
    const inst = ctx.project.instances.get(id);
    if (inst) Object.assign(inst, window);
  }
  return res;
}

export const maintenanceWindowFaults: Fault[] = [
  {
    id: 'maintenance-window.any-hour',
    family: 'maintenance-window',
    rule: 'maintenance-window',
    breaks: 'CreateInstance and UpdateInstance accept and store any maintain_begin/maintain_end, whatever their format, length or pairing.',
    install(h) {
      // The schema restates the rule's format (pattern) and pairing (dependentRequired).
      h.overlaySpec((spec) => relaxSchema(spec, spec.rules.maintenanceWindow.id, ['pattern', 'dependentRequired']));
      h.wrapHandler('CreateInstance', (inner) => (ctx) =>
        windowUnchecked(inner, ctx, (_c, res) => ((res.body as { instances?: { instance_id: string }[] } | undefined)?.instances ?? []).map((i) => i.instance_id)),
      );
      h.wrapHandler('UpdateInstance', (inner) => (ctx) => windowUnchecked(inner, ctx, (c) => [c.params.instance_id!]));
    },
  },
];
