// Maintenance window pairs (spec/src/rules/maintenanceWindows.json).
import { violation, type Violation } from './violation.ts';

export interface MaintenanceWindowRule {
  id: string;
  format: string;
  lengthHours: number;
  pair: boolean;
  default: { begin: string; end: string };
  windows: string[];
  windowsSource: { section: string; lines: [number, number] };
  errorCode: string;
}

const hourOf = (t: string) => Number(t.slice(0, 2));

export function checkMaintenanceWindow(rule: MaintenanceWindowRule, begin: unknown, end: unknown): Violation[] {
  const v = (kind: string, message: string) => [violation(rule.id, rule.errorCode, kind, message)];
  const blank = (x: unknown) => x === undefined || x === null || x === '';
  if (blank(begin) && blank(end)) return [];
  if (rule.pair && (blank(begin) || blank(end))) return v('unpaired', 'maintain_begin and maintain_end must be given together');
  if (typeof begin !== 'string' || typeof end !== 'string') return v('type', 'maintain_begin and maintain_end are strings');
  const re = new RegExp(rule.format);
  if (!re.test(begin) || !re.test(end)) return v('format', 'times must be HH:00:00 (on the hour)');
  if ((hourOf(begin) + rule.lengthHours) % 24 !== hourOf(end)) return v('length', `the window must last ${rule.lengthHours} hour(s)`);
  if (!rule.windows.includes(begin.slice(0, 2))) return v('unsupported', `no supported window starts at ${begin}`);
  return [];
}

/** The window list as GET /v2/instances/maintain-windows serves it. */
export function windowList(rule: MaintenanceWindowRule): { begin: string; end: string; default: boolean }[] {
  return rule.windows.map((b) => {
    const e = String((Number(b) + rule.lengthHours) % 24).padStart(2, '0');
    return { begin: `${b}:00:00`, end: `${e}:00:00`, default: `${b}:00:00` === rule.default.begin };
  });
}
