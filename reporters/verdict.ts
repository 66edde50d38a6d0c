// Verdict semantics, as code (README "Verdict", reporters/README.md). A case is required or advisory,
// derived from the spec: advisory when everything it checks (its rules and transitions) is inferred —
// the spec's reading, with reasoning, of what the reference leaves unsaid — and required otherwise
// (a rule or transition the reference states, or the operation's documented contract itself). A
// capability is required when any of its cases is.
//
// The outcome, first match wins:
//   FAIL        a required failure that no live waiver covers and (with a baseline) the baseline does
//               not list; or an expired waiver; or the run stopped at --max-failures; or the run broke
//               (planned cases without a result: a suite file that did not load, a worker that died)
//   INCOMPLETE  required cases did not run for want of something the user can give (a need:
//               --allow-destructive, a principal, an AK/SK pair…); the verdict says what to add.
//               Required cases skipped for another reason (the target did not offer what the check
//               needs, no generated request could break the rule, the public API cannot make a
//               prerequisite) are listed as not checked — nothing added would run them — and leave
//               the outcome as it is
//   PASS        everything required ran, and nothing required failed outside the gate
// A gate (baseline, waivers) is named in the verdict itself, and advisory failures are counted beside it.
import type { Spec } from '../spec/index.ts';
import { needOf, NEEDS } from '../suites/engine/needs.ts';
import type { Completeness, ConformanceReport, ConformanceResult, Outcome, Verdict, Weight } from './types.ts';

const basisOfRule = (spec: Spec, id: string): 'stated' | 'inferred' => {
  // A rule the spec no longer has (a report of an older spec) is taken as stated: never weaker than it was.
  try {
    return spec.rules.basis(id);
  } catch {
    return 'stated';
  }
};
const basisOfTransition = (spec: Spec, id: string) => spec.rules.states.data.transitions.find((t) => t.id === id)?.basis ?? 'stated';

/** Required unless every rule and transition the case checks is inferred (README "Verdict"). */
export function weightOf(spec: Spec, c: { rules: readonly string[]; transitions?: readonly string[] }): Weight {
  const bases = [...c.rules.map((r) => basisOfRule(spec, r)), ...(c.transitions ?? []).map((t) => basisOfTransition(spec, t))];
  return bases.length > 0 && bases.every((b) => b === 'inferred') ? 'advisory' : 'required';
}

export interface DecisionInput {
  spec: Spec;
  /** After waivers: failures a live waiver covers are `waived`. */
  results: readonly ConformanceResult[];
  /** With a baseline: the names it lists. */
  baseline?: { known: ReadonlySet<string> };
  waived: number;
  expiredWaivers: number;
  stopped?: ConformanceReport['stopped'];
}

export interface Decision {
  outcome: Outcome;
  verdict: Verdict;
  text: string;
  results: ConformanceResult[];
  completeness?: Completeness;
  counts: { requiredFailed: number; advisoryFailed: number; requiredSkipped: number };
  /** Per capability: weight and outcome. */
  capability(results: readonly ConformanceResult[]): { weight: Weight; outcome: Outcome; verdict: Verdict };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Ids, hashes and URLs vary per run: a reason is grouped without them. */
const reasonKey = (m: string) => m.split('\n')[0]!.replace(/https?:\/\/\S+/g, '<target>').replace(/\b[0-9a-f]{8,}(-[0-9a-f]{4,})*\b/gi, '<id>');

/** Deciding: a required failure outside the gate (the baseline's known failures; waived ones are not `failed`). */
const decides = (r: ConformanceResult) => r.status === 'failed' && r.weight === 'required' && r.new !== false;

export function decide(input: DecisionInput): Decision {
  const { spec, baseline } = input;
  const results = input.results.map((r): ConformanceResult => {
    const need = r.status === 'skipped' ? needOf(r.message) : undefined;
    return { ...r, weight: weightOf(spec, r), ...(baseline && r.status === 'failed' ? { new: !baseline.known.has(r.name) } : {}), ...(need ? { need: need.id } : {}) };
  });
  const failed = results.filter((r) => r.status === 'failed');
  const deciding = failed.filter(decides);
  const advisoryFailed = failed.filter((r) => r.weight === 'advisory').length;
  // Cases a stopped run never reached are counted by `stopped`, not as skips of their own.
  const requiredSkipped = results.filter((r) => r.status === 'skipped' && r.weight === 'required' && !r.notRun);
  const completeness = requiredSkipped.length ? completenessOf(requiredSkipped) : undefined;
  const outcome: Outcome = deciding.length || input.expiredWaivers || input.stopped ? 'fail' : completeness?.requiredSkipped ? 'incomplete' : 'pass';

  const known = baseline ? failed.filter((r) => r.new === false).length : 0;
  const gate = baseline ? `against baseline: ${plural(known, 'known failure')}, ${deciding.length} new` : undefined;
  const missing = completeness?.requiredSkipped ? missingText(completeness) : undefined;
  const parts: string[] = [];
  if (outcome === 'fail') {
    const why = [
      ...(deciding.length ? [baseline ? `${plural(deciding.length, 'new required failure')} (${known} known)` : plural(deciding.length, 'required failure')] : []),
      ...(input.expiredWaivers ? [plural(input.expiredWaivers, 'expired waiver')] : []),
      ...(input.stopped ? [`${stoppedText(input.stopped)}, ${plural(input.stopped.notRun, 'case')} not run`] : []),
    ];
    parts.push(`FAIL${baseline ? ' against baseline' : ''}: ${why.join(', ')}`);
  } else if (outcome === 'incomplete') parts.push(`INCOMPLETE: ${missing}`, ...(gate ? [gate] : []));
  else parts.push(`PASS${gate ? ` ${gate}` : ''}`);
  if (input.waived) parts.push(`${plural(input.waived, 'failure')} waived`);
  if (advisoryFailed) parts.push(`${plural(advisoryFailed, 'advisory failure')} (not deciding)`);
  if (missing && outcome !== 'incomplete') parts.push(missing);
  const notChecked = completeness?.other.reduce((n, o) => n + o.cases, 0) ?? 0;
  if (notChecked) parts.push(`${plural(notChecked, 'required case')} could not be checked in this run`);

  return {
    outcome,
    verdict: outcome === 'pass' ? 'pass' : 'fail',
    text: parts.join('; '),
    results,
    ...(completeness ? { completeness } : {}),
    counts: { requiredFailed: failed.filter((r) => r.weight === 'required').length, advisoryFailed, requiredSkipped: completeness?.requiredSkipped ?? 0 },
    capability(rs) {
      const weight: Weight = rs.some((r) => r.weight === 'required') ? 'required' : 'advisory';
      const o: Outcome = rs.some(decides) ? 'fail' : rs.some((r) => r.status === 'skipped' && r.weight === 'required' && r.need) ? 'incomplete' : 'pass';
      return { weight, outcome: o, verdict: o === 'pass' ? 'pass' : 'fail' };
    },
  };
}

const stoppedText = (s: NonNullable<ConformanceReport['stopped']>) =>
  s.reason === 'signal' ? `stopped by ${s.signal}` : s.reason === 'error' ? `the run broke (${s.error})` : `stopped at --max-failures ${s.maxFailures}`;

/** "605 required cases did not run; to complete, add --allow-destructive (370), …" */
function missingText(c: Completeness): string {
  return `${plural(c.requiredSkipped, 'required case')} did not run; to complete, add ${c.needs.map((n) => `${NEEDS.find((x) => x.id === n.need)?.label ?? n.need} (${n.cases})`).join(', ')}`;
}

function completenessOf(skipped: readonly ConformanceResult[]): Completeness {
  const byNeed = new Map<string, number>();
  const byReason = new Map<string, number>();
  for (const r of skipped) {
    if (r.need) byNeed.set(r.need, (byNeed.get(r.need) ?? 0) + 1);
    else {
      const k = reasonKey(r.message ?? 'skipped without a reason');
      byReason.set(k, (byReason.get(k) ?? 0) + 1);
    }
  }
  return {
    requiredSkipped: [...byNeed.values()].reduce((a, b) => a + b, 0),
    needs: NEEDS.filter((n) => byNeed.has(n.id)).map((n) => ({ need: n.id, add: n.add, cases: byNeed.get(n.id)! })),
    other: [...byReason.entries()].sort((a, b) => b[1] - a[1]).map(([reason, cases]) => ({ reason, cases })),
  };
}
