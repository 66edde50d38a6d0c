// What a run exercised, against what the spec defines: operations, documented (operation, status)
// pairs, rules (the rule tables plus the state machine's own rules) and transitions; the operation ×
// check matrix; and rule → cases. A skipped case exercises nothing.
import type { Spec } from '../../spec/index.ts';
import type { CaseStatus } from './types.ts';

/** What coverage needs of a case and its outcome (also rebuilt from vitest task meta). */
export interface CoveredCase {
  name: string;
  operationId: string;
  check: string;
  rules: string[];
  transitions?: string[];
  statuses: number[];
  status: CaseStatus | 'waived';
}

export { STATE_RULES } from '../../spec/rules/index.ts';

export interface Ratio {
  covered: number;
  total: number;
  percent: number;
  missing: string[];
  /** Left out of the total, with why (a rule no request through the public API can reach). */
  excluded?: Record<string, string>;
}

export interface Coverage {
  operations: Ratio;
  statusCodes: Ratio;
  rules: Ratio;
  transitions: Ratio;
  /** operationId -> check -> counts. */
  matrix: Record<string, Record<string, { passed: number; failed: number; skipped: number }>>;
  /** rule id -> names of the cases that exercised it. */
  ruleTests: Record<string, string[]>;
}

const ratio = (every: readonly string[], hit: Set<string>, excluded: Record<string, string> = {}): Ratio => {
  const all = every.filter((x) => !(x in excluded) || hit.has(x));
  const covered = all.filter((x) => hit.has(x)).length;
  const left = Object.fromEntries(Object.entries(excluded).filter(([x]) => every.includes(x) && !hit.has(x)));
  return { covered, total: all.length, percent: all.length ? Math.round((1000 * covered) / all.length) / 10 : 100, missing: all.filter((x) => !hit.has(x)), ...(Object.keys(left).length ? { excluded: left } : {}) };
};

/** Every rule a case can check (spec.rules.ids: rule-table rows and state-machine rules). */
export function ruleUniverse(spec: Spec): string[] {
  return spec.rules.ids;
}

/** `unreachable`: rules no request through the public API can break, with why (not counted as missing). */
export function computeCoverage(spec: Spec, cases: readonly CoveredCase[], unreachable: Record<string, string> = {}): Coverage {
  const ran = cases.filter((c) => c.status === 'passed' || c.status === 'failed');
  const ops = new Set(ran.map((c) => c.operationId));
  const statuses = new Set(ran.flatMap((c) => c.statuses.map((s) => `${c.operationId} ${s}`)));
  const rules = new Set(ran.flatMap((c) => c.rules));
  const transitions = new Set(ran.flatMap((c) => c.transitions ?? []));
  const matrix: Coverage['matrix'] = {};
  for (const c of cases) {
    const cell = ((matrix[c.operationId] ??= {})[c.check] ??= { passed: 0, failed: 0, skipped: 0 });
    if (c.status === 'passed' || c.status === 'failed' || c.status === 'skipped') cell[c.status]++;
  }
  const ruleTests: Record<string, string[]> = {};
  for (const c of ran) for (const r of c.rules) (ruleTests[r] ??= []).push(c.name);
  return {
    operations: ratio(spec.operations.map((o) => o.id), ops),
    statusCodes: ratio(spec.operations.flatMap((o) => [...o.responses.keys()].map((s) => `${o.id} ${s}`)), statuses),
    rules: ratio(ruleUniverse(spec), rules, unreachable),
    transitions: ratio(spec.rules.states.data.transitions.map((t) => t.id), transitions),
    matrix,
    ruleTests,
  };
}

/** The table printed at the end of a run. */
export function formatCoverage(c: Coverage, options: { matrix?: boolean } = {}): string {
  const line = (name: string, r: Ratio) =>
    `${name.padEnd(12)} ${String(r.covered).padStart(4)}/${String(r.total).padEnd(4)} ${r.percent.toFixed(1).padStart(5)}%${r.missing.length && r.missing.length <= 12 ? `  not exercised: ${r.missing.join(', ')}` : r.missing.length ? `  not exercised: ${r.missing.length} (see coverage.json)` : ''}${r.excluded ? `  (${r.total + Object.keys(r.excluded).length} in the spec; not reachable through the API: ${Object.keys(r.excluded).join(', ')})` : ''}`;
  const out = ['Coverage', line('operations', c.operations), line('status codes', c.statusCodes), line('rules', c.rules), line('transitions', c.transitions)];
  if (options.matrix) {
    const checks = [...new Set(Object.values(c.matrix).flatMap((m) => Object.keys(m)))].sort();
    out.push('', ['operation'.padEnd(36), ...checks.map((k) => k.slice(0, 14).padEnd(14))].join(' '));
    for (const [op, m] of Object.entries(c.matrix).sort()) {
      out.push([op.slice(0, 36).padEnd(36), ...checks.map((k) => (m[k] ? `${m[k].passed}✓${m[k].failed ? ` ${m[k].failed}✗` : ''}${m[k].skipped ? ` ${m[k].skipped}-` : ''}` : '·').padEnd(14))].join(' '));
    }
    out.push('', 'rule → cases');
    for (const [rule, names] of Object.entries(c.ruleTests).sort()) out.push(`  ${rule}: ${names.length} (${names.slice(0, 3).join('; ')}${names.length > 3 ? '; …' : ''})`);
  }
  return out.join('\n');
}
