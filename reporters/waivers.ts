// Waivers: a known departure accepted for a while. Each names a test (its full name) or a rule, says
// why, and expires; a matching failure is reported as waived, and an expired waiver fails the run so
// that nothing stays waived by neglect.
import { readFileSync } from 'node:fs';
import { didYouMean } from '../suites/engine/suggest.ts';
import type { ConformanceResult } from './types.ts';
import { WaiverFileError } from './errors.ts';

export interface Waiver {
  /** Full case name (`CreateInstance › negative (password.instance too-short)`)… */
  test?: string;
  /** …or a rule id (every failure naming it). */
  rule?: string;
  reason: string;
  /** YYYY-MM-DD; the waiver holds through that day (UTC). */
  expires: string;
}

export function loadWaivers(file: string): Waiver[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new WaiverFileError(`${file}: cannot read waivers (${(e as Error).message}). Fix: write a JSON array of { "test" or "rule", "reason", "expires": "YYYY-MM-DD" }`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { waivers?: unknown })?.waivers;
  if (!Array.isArray(list)) throw new WaiverFileError(`${file}: must be a JSON array of waivers (or { "waivers": [...] })`);
  return list.map((w, i) => {
    const at = `${file}: waivers[${i}]`;
    if (!w || typeof w !== 'object') throw new WaiverFileError(`${at} must be an object`);
    const { test, rule, reason, expires } = w as Record<string, unknown>;
    if ((typeof test === 'string') === (typeof rule === 'string')) throw new WaiverFileError(`${at} needs exactly one of "test" (a case name) or "rule" (a rule id)`);
    if (typeof reason !== 'string' || !reason.trim()) throw new WaiverFileError(`${at}.reason is missing: say why the departure is accepted`);
    if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) throw new WaiverFileError(`${at}.expires must be a date YYYY-MM-DD (got ${JSON.stringify(expires)})`);
    return { ...(typeof test === 'string' ? { test } : { rule: rule as string }), reason, expires };
  });
}

export const waiverMatch = (w: Waiver): string => w.test ?? `rule:${w.rule}`;
export const isExpired = (w: Waiver, now: Date): boolean => Date.parse(`${w.expires}T23:59:59.999Z`) < now.getTime();

/** Marks matching failures as waived (by live waivers only); returns the results and what was applied or expired. */
export function applyWaivers(results: ConformanceResult[], waivers: Waiver[], now: Date) {
  const live = waivers.filter((w) => !isExpired(w, now));
  const counts = new Map<Waiver, number>();
  const out = results.map((r) => {
    if (r.status !== 'failed') return r;
    const w = live.find((x) => x.test === r.name || (x.rule !== undefined && (r.rule === x.rule || r.rules.includes(x.rule))));
    if (!w) return r;
    counts.set(w, (counts.get(w) ?? 0) + 1);
    return { ...r, status: 'waived' as const, waiver: { reason: w.reason, expires: w.expires } };
  });
  return {
    results: out,
    applied: live.map((w) => ({ match: waiverMatch(w), reason: w.reason, expires: w.expires, results: counts.get(w) ?? 0 })),
    expired: waivers.filter((w) => isExpired(w, now)).map((w) => ({ match: waiverMatch(w), reason: w.reason, expires: w.expires })),
  };
}

/**
 * Waivers that matched nothing in this run, each with why: a name that is no case of the suite or a
 * rule the spec does not have (with the closest ones: a typo), or a waived case or rule that passed
 * (the waiver can go). Waivers of cases this run did not select say nothing (shards, --only).
 */
export function waiverWarnings(waivers: readonly Waiver[], input: { results: readonly ConformanceResult[]; caseNames: readonly string[]; ruleIds: readonly string[]; now: Date }): string[] {
  const out: string[] = [];
  const byName = new Map(input.results.map((r) => [r.name, r]));
  for (const w of waivers.filter((x) => !isExpired(x, input.now))) {
    if (w.test !== undefined) {
      const r = byName.get(w.test);
      if (!input.caseNames.includes(w.test)) out.push(`waiver "${w.test}" names no case of the suite.${didYouMean(w.test, input.caseNames, 3)} (dcs-conformance list cases)`);
      else if (r?.status === 'passed') out.push(`waiver "${w.test}" matched no failure: the case passed; remove the waiver`);
    } else if (w.rule !== undefined) {
      if (!input.ruleIds.includes(w.rule)) out.push(`waiver rule:${w.rule} names no rule of the spec.${didYouMean(w.rule, input.ruleIds, 3)} (dcs-conformance list rules)`);
      else {
        const checking = input.results.filter((r) => r.rules.includes(w.rule!) || r.rule === w.rule);
        if (checking.length && checking.every((r) => r.status === 'passed')) out.push(`waiver rule:${w.rule} matched no failure: the ${checking.length} case(s) checking it passed; remove the waiver`);
      }
    }
  }
  return out;
}
