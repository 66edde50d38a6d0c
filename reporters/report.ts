// Builds conformance.json from a run's results: waivers applied, baseline compared, verdict per
// capability and overall (reporters/verdict.ts), coverage recomputed from the results themselves (so
// merged shards count exactly like one unsharded run).
import { existsSync, readFileSync } from 'node:fs';
import type { Spec } from '../spec/index.ts';
import { computeCoverage, type Coverage } from '../suites/engine/coverage.ts';
import { compareToBaseline, type Baseline } from './baseline.ts';
import type { ConformanceReport, ConformanceResult } from './types.ts';
import { decide } from './verdict.ts';
import { applyWaivers, type Waiver } from './waivers.ts';
import { MergeError } from './errors.ts';

// The package's own package.json: one folder up in the sources, two in the installed package (dist/reporters).
const PACKAGE_JSON = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find((u) => existsSync(u))!;
export const HARNESS_VERSION: string = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

export interface ReportInput {
  spec: Spec;
  results: ConformanceResult[];
  profile: ConformanceReport['profile'];
  seed: number;
  target: ConformanceReport['target'];
  startedAt: Date;
  durationMs: number;
  shard?: string;
  waivers?: Waiver[];
  baseline?: { file: string; baseline: Baseline };
  now?: Date;
  mode?: ConformanceReport['mode'];
  emulatorFaults?: string[];
  implementation?: ConformanceReport['implementation'];
  stopped?: ConformanceReport['stopped'];
}

const count = (rs: ConformanceResult[], s: ConformanceResult['status']) => rs.filter((r) => r.status === s).length;

/** Coverage of a run's results: the ratios conformance.json keeps, and the matrix and rule → cases of coverage.json. */
export function coverageOf(spec: Spec, results: readonly ConformanceResult[]): Coverage {
  return computeCoverage(spec, results.map((r) => ({ name: r.name, operationId: r.operationId, check: r.check, rules: r.rules, ...(r.transitions ? { transitions: r.transitions } : {}), statuses: r.statuses, status: r.status })), spec.rules.unreachable);
}

export function buildReport(input: ReportInput): ConformanceReport {
  const now = input.now ?? new Date();
  const waived = applyWaivers(input.results, input.waivers ?? [], now);
  const b = input.baseline;
  const baseline = b ? { file: b.file, ...compareToBaseline(waived.results, b.baseline), ...(b.baseline.createdAt ? { createdAt: b.baseline.createdAt } : {}), ...(b.baseline.specHash ? { specHash: b.baseline.specHash } : {}) } : undefined;
  const decision = decide({
    spec: input.spec,
    results: waived.results,
    ...(b ? { baseline: { known: new Set(b.baseline.failures) } } : {}),
    waived: count(waived.results, 'waived'),
    expiredWaivers: waived.expired.length,
    ...(input.stopped ? { stopped: input.stopped } : {}),
  });
  const results = decision.results;
  const byCapability = new Map<string, ConformanceResult[]>();
  for (const r of results) byCapability.set(r.capability, [...(byCapability.get(r.capability) ?? []), r]);
  const coverage = coverageOf(input.spec, results);
  return {
    format: 1,
    verdict: decision.verdict,
    outcome: decision.outcome,
    verdictText: decision.text,
    ...(decision.completeness ? { completeness: decision.completeness } : {}),
    ...(input.stopped ? { stopped: input.stopped } : {}),
    profile: input.profile,
    seed: input.seed,
    target: input.target,
    specHash: input.spec.hash,
    errataVersion: input.spec.errataVersion,
    harnessVersion: HARNESS_VERSION,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    ...(input.shard ? { shard: input.shard } : {}),
    mode: input.mode ?? 'strict',
    emulatorFaults: input.emulatorFaults ?? [],
    ...(input.implementation ? { implementation: input.implementation } : {}),
    reference: input.spec.reference,
    summary: { passed: count(results, 'passed'), failed: count(results, 'failed'), skipped: count(results, 'skipped'), waived: count(results, 'waived'), ...decision.counts },
    capabilities: [...byCapability.entries()]
      .sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }))
      .map(([name, rs]) => {
        const c = decision.capability(rs);
        return { name, verdict: c.verdict, outcome: c.outcome, weight: c.weight, passed: count(rs, 'passed'), failed: count(rs, 'failed'), skipped: count(rs, 'skipped'), waived: count(rs, 'waived') };
      }),
    results,
    coverage: { operations: coverage.operations, statusCodes: coverage.statusCodes, rules: coverage.rules, transitions: coverage.transitions },
    waivers: { applied: waived.applied, expired: waived.expired },
    ...(baseline ? { baseline } : {}),
  };
}

/**
 * One report from shard reports of the same run: results concatenated (a case in two shards is an
 * error), everything else recomputed. The inputs' waivers/baseline are re-applied from the raw
 * outcomes, so a merge equals an unsharded run with the same options.
 */
export function mergeReports(spec: Spec, reports: ConformanceReport[], options: Pick<ReportInput, 'waivers' | 'baseline' | 'now'> = {}): ConformanceReport {
  if (!reports.length) throw new MergeError('nothing to merge: give the report folders of the shards');
  const first = reports[0]!;
  for (const r of reports) {
    if (r.specHash !== first.specHash) throw new MergeError(`shard reports ran against different specs (${first.specHash.slice(0, 12)} vs ${r.specHash.slice(0, 12)}): merge only shards of one run`);
    if (r.seed !== first.seed || r.profile !== first.profile) throw new MergeError(`shard reports differ in seed or profile (${first.profile}/${first.seed} vs ${r.profile}/${r.seed}): merge only shards of one run`);
  }
  const seen = new Set<string>();
  const results: ConformanceResult[] = [];
  for (const r of reports.flatMap((x) => x.results)) {
    if (seen.has(r.name)) throw new MergeError(`"${r.name}" is in two shard reports: the shards overlap`);
    seen.add(r.name);
    // Back to the raw outcome: waivers are applied once, to the merged whole.
    const { waiver: _w, weight: _g, new: _n, need: _d, ...raw } = r;
    results.push(r.status === 'waived' ? { ...raw, status: 'failed' } : raw);
  }
  const startedAt = new Date(Math.min(...reports.map((r) => Date.parse(r.startedAt))));
  const end = Math.max(...reports.map((r) => Date.parse(r.startedAt) + r.durationMs));
  // What a run was asked for is the same in every shard; a shard that stopped early stops the whole.
  const stopped = reports.find((r) => r.stopped)?.stopped;
  const notRun = reports.reduce((n, r) => n + (r.stopped?.notRun ?? 0), 0);
  return buildReport({
    spec, results, profile: first.profile, seed: first.seed, target: first.target, startedAt, durationMs: end - startedAt.getTime(),
    ...(first.mode ? { mode: first.mode } : {}),
    ...(first.emulatorFaults ? { emulatorFaults: first.emulatorFaults } : {}),
    ...(first.implementation ? { implementation: first.implementation } : {}),
    ...(stopped ? { stopped: { ...stopped, notRun } } : {}),
    ...options,
  });
}
