// Instance and ACL-account names (spec/src/rules/names.json).
import { violation, type Violation } from './violation.ts';

export interface NameRule {
  id: string;
  charset: string;
  first: Record<string, string>;
  single: { minLength: number; maxLength: number };
  batch?: { minLength: number; maxLength: number; suffix: string; firstIndex: number };
  errorCode: string;
}

export function checkName(rule: NameRule, name: string, opts: { section: string; batch?: boolean }): Violation[] {
  const out: Violation[] = [];
  const v = (kind: string, message: string) => out.push(violation(rule.id, rule.errorCode, kind, message));
  const limits = opts.batch && rule.batch ? rule.batch : rule.single;
  const len = [...name].length;
  if (len < limits.minLength || len > limits.maxLength) v('length', `must be ${limits.minLength} to ${limits.maxLength} characters${opts.batch ? ' when creating several instances' : ''} (got ${len})`);
  if (!new RegExp(rule.charset).test(name)) v('charset', `may contain only letters, digits, "_" and "-"`);
  const first = rule.first[opts.section] ?? Object.values(rule.first)[0];
  if (first && name.length && !new RegExp(first).test(name)) v('first-char', `must start with ${first}`);
  return out;
}

/** Names the service gives the instances of one batch request: name-000, name-001, … */
export function batchNames(rule: NameRule, base: string, count: number): string[] {
  const b = rule.batch;
  if (!b || count <= 1) return [base];
  const width = /%0(\d+)d/.exec(b.suffix)?.[1];
  const prefix = b.suffix.slice(0, b.suffix.indexOf('%'));
  return Array.from({ length: count }, (_, i) => `${base}${prefix}${String(b.firstIndex + i).padStart(Number(width ?? 3), '0')}`);
}
