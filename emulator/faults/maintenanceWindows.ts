// Maintenance-window faults: maintain_begin / maintain_end (reference 4.1.1, 4.1.6).
import type { HandlerContext, HandlerResult } from '../resources/context.ts';
import type { Fault } from './types.ts';
import { relaxSchema, schemaPattern, withRules } from './overlay.ts';

const FIELDS = ['maintain_begin', 'maintain_end'] as const;

/** Instances a create answered, or the instance of the path: where a window fault stores what was sent. */
const created = (_c: HandlerContext, res: HandlerResult) => ((res.body as { instances?: { instance_id: string }[] } | undefined)?.instances ?? []).map((i) => i.instance_id);
const ofPath = (c: HandlerContext) => [c.params.instance_id!];

/** True when exactly one time of the pair was sent. */
const unpaired = (body: unknown) => FIELDS.filter((f) => (body as Record<string, unknown>)[f] !== undefined).length === 1;

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
      h.wrapHandler('CreateInstance', (inner) => (ctx) => windowUnchecked(inner, ctx, created));
      h.wrapHandler('UpdateInstance', (inner) => (ctx) => windowUnchecked(inner, ctx, ofPath));
    },
  },
  {
    id: 'maintenance-window.off-hour-accepted',
    family: 'maintenance-window',
    rule: 'maintenance-window',
    breaks: 'Maintenance windows whose times are off the hour (18:30:00 to 19:30:00) are accepted; the length, the pairing and the window list are still checked.',
    install(h) {
      // The rule's on-the-hour format gives way to the looser HH:mm:ss form the request schema allows.
      h.overlaySpec((spec) => withRules(spec, { maintenanceWindow: { ...spec.rules.maintenanceWindow, format: schemaPattern(spec, spec.rules.maintenanceWindow.id) } }));
    },
  },
  {
    id: 'maintenance-window.unpaired-accepted',
    family: 'maintenance-window',
    rule: 'maintenance-window',
    breaks: 'A maintain_begin without maintain_end (or the reverse) is accepted and stored as sent, the other time left as it was.',
    install(h) {
      h.overlaySpec((spec) => relaxSchema(spec, spec.rules.maintenanceWindow.id, ['dependentRequired']));
      h.wrapHandler('CreateInstance', (inner) => (ctx) => (unpaired(ctx.body) ? windowUnchecked(inner, ctx, created) : inner(ctx)));
      h.wrapHandler('UpdateInstance', (inner) => (ctx) => (unpaired(ctx.body) ? windowUnchecked(inner, ctx, ofPath) : inner(ctx)));
    },
  },
];
