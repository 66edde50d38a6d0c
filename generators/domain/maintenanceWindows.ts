// Maintenance windows (spec/src/rules/maintenanceWindows.json): valid pairs come from the window
// list the service publishes; invalid ones are off the hour, of the wrong length, unpaired, or
// (when the list leaves hours out) outside it.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkMaintenanceWindow, windowList } from '../../spec/rules/index.ts';
import { fieldsOf, defineEntry, type DomainEntry } from './types.ts';

export interface WindowChoice {
  begin?: string;
  end?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function maintenanceWindowEntry(spec: Spec): DomainEntry<WindowChoice> {
  const rule = spec.rules.maintenanceWindow;
  const list = windowList(rule);
  const format = new RegExp(rule.format);
  const at = (h: number, m = 0, s = 0) => `${pad(h % 24)}:${pad(m)}:${pad(s)}`;
  const listed = fc.constantFrom(...list).map((w) => ({ begin: w.begin, end: w.end }));
  const beginHours = list.map((w) => Number(w.begin.slice(0, 2)));
  const kinds: Record<string, fc.Arbitrary<WindowChoice>> = {
    // Minutes or seconds off zero, the pair still one hour apart.
    format: fc
      .tuple(fc.constantFrom(...beginHours), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
      .filter(([, m, s]) => m + s > 0)
      .map(([h, m, s]) => ({ begin: at(h, m, s), end: at(h + rule.lengthHours, m, s) })),
    length: fc
      .tuple(fc.constantFrom(...beginHours), fc.constantFrom(...HOURS.filter((d) => d !== rule.lengthHours % 24)))
      .map(([h, d]) => ({ begin: at(h), end: at(h + d) })),
  };
  if (rule.pair) kinds.unpaired = fc.tuple(listed, fc.boolean()).map(([w, keepBegin]) => (keepBegin ? { begin: w.begin } : { end: w.end }));
  const unlisted = HOURS.filter((h) => !rule.windows.includes(pad(h)));
  if (unlisted.length) kinds.unsupported = fc.constantFrom(...unlisted).map((h) => ({ begin: at(h), end: at(h + rule.lengthHours) }));
  // Every generated time must still be HH:mm:ss, or "format" would shadow the kind under test.
  for (const [k, arb] of Object.entries(kinds)) if (k !== 'format') kinds[k] = arb.filter((w) => [w.begin, w.end].every((t) => t === undefined || format.test(t)));
  const [beginField, endField] = fieldsOf(spec, rule.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: listed,
    kinds,
    check: (w) => checkMaintenanceWindow(rule, w.begin, w.end),
    toBody: (w) => ({ ...(w.begin !== undefined ? { [beginField!]: w.begin } : {}), ...(w.end !== undefined ? { [endField!]: w.end } : {}) }),
  });
}
