// The end of a run as the user reads it (run, report): failures — new ones marked —, expired or
// unmatched waivers, the baseline, what would complete an INCOMPLETE run, coverage, and the verdict
// line; the exit code that follows from the outcome; and the --json summary.
import { isAbsolute, join, relative } from 'node:path';
import { formatCoverage } from '../suites/engine/coverage.ts';
import { failureTags } from '../reporters/junit.ts';
import { paint, type Palette } from '../reporters/colour.ts';
import type { ConformanceReport, Outcome } from '../reporters/types.ts';
import type { Output } from './output.ts';
import { EXIT, type Io } from './types.ts';

const outcomeOf = (r: ConformanceReport): Outcome => r.outcome ?? r.verdict;

/** 0 pass, 1 fail, 3 the target stopped answering mid-run, 4 incomplete, 5 the run broke (README "Exit codes"). */
export function exitFor(r: ConformanceReport): number {
  if (r.results.some((x) => x.unreachable)) return EXIT.unreachable;
  if (r.stopped?.reason === 'error') return EXIT.broken;
  const o = outcomeOf(r);
  return o === 'pass' ? EXIT.ok : o === 'incomplete' ? EXIT.incomplete : EXIT.nonConformant;
}

/** A bundle path the user can paste from where they are (the report folder joined, relative to cwd). */
export function bundlePath(bundle: string, reportDir: string | undefined, cwd: string): string {
  if (!reportDir || isAbsolute(bundle)) return bundle;
  const p = relative(cwd, join(reportDir, bundle));
  return p.startsWith('..') ? join(reportDir, bundle) : p;
}

export interface SummaryOptions {
  palette?: Palette;
  /** Every failure (else the first 50). */
  verbose?: boolean;
  /** Only the verdict line. */
  quiet?: boolean;
  reportDir?: string;
  cwd?: string;
}

/** The verdict line: the verdict sentence (gate included), then the counts. */
export function verdictLine(r: ConformanceReport, p: Palette = paint(false)): string {
  const s = r.summary;
  const o = outcomeOf(r);
  const text = r.verdictText ?? o.toUpperCase();
  const [head, ...rest] = text.split(/(?=[:;])/);
  const coloured = `${(o === 'pass' ? p.green : o === 'fail' ? p.red : p.yellow)(p.bold(head!))}${rest.join('')}`;
  return `verdict: ${coloured} — ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.waived} waived (${(r.durationMs / 1000).toFixed(1)} s, profile ${r.profile}, seed ${r.seed})`;
}

export function summaryLines(r: ConformanceReport, options: SummaryOptions = {}): string[] {
  const p = options.palette ?? paint(false);
  const out: string[] = [];
  const failed = r.results.filter((x) => x.status === 'failed');
  const shown = options.verbose ? failed : failed.slice(0, 50);
  for (const f of shown) {
    const tags = failureTags(f).map((t) => (t === 'new' ? p.red(p.bold('[new]')) : p.dim(`[${t}]`)));
    out.push(`${p.red('✗')} ${tags.length ? `${tags.join(' ')} ` : ''}${f.name} [${f.rule ?? f.check}] ${f.message?.split('\n')[0] ?? ''}${f.bundle ? `\n    replay: dcs-conformance replay ${bundlePath(f.bundle, options.reportDir, options.cwd ?? process.cwd())}` : ''}`);
  }
  if (failed.length > shown.length) out.push(`… and ${failed.length - shown.length} more failures (conformance.json has them all; --verbose prints them)`);
  for (const w of r.waivers.expired) out.push(`${p.red('✗')} waiver for ${w.match} expired on ${w.expires}: renew it with a reason, or fix the departure`);
  if (r.baseline) {
    const b = r.baseline;
    out.push(`baseline ${b.file}: ${b.knownFailures?.length ?? '?'} known failure(s) still failing, ${b.newFailures.length} new, ${b.fixed.length} fixed${b.fixed.length ? ' (remove them from the baseline: --update-baseline)' : ''}`);
  }
  const c = r.completeness;
  if (c?.requiredSkipped) {
    out.push(`${p.yellow('incomplete:')} ${c.requiredSkipped} required case(s) did not run; to run them, add:`);
    for (const n of c.needs) out.push(`  ${n.add}: ${n.cases} case(s)`);
  }
  if (c?.other.length) {
    out.push(`not checked in this run (nothing added would run them):`);
    for (const o of c.other.slice(0, options.verbose ? undefined : 5)) out.push(`  ${o.cases} required case(s): ${o.reason}`);
    if (!options.verbose && c.other.length > 5) out.push(`  … ${c.other.length - 5} more reasons (--verbose, or conformance.json completeness.other)`);
  }
  out.push(formatCoverage({ ...r.coverage, matrix: {}, ruleTests: {} }));
  return out;
}

/** Prints the summary; with quiet only the verdict line. */
export function printSummary(r: ConformanceReport, say: (line: string) => void, verdict: (line: string) => void = say, options: SummaryOptions = {}): void {
  if (!options.quiet) for (const l of summaryLines(r, options)) say(l);
  verdict(verdictLine(r, options.palette));
}

/** The --json summary: what a CI step reads without parsing text. */
export function summaryJson(r: ConformanceReport, extra: { exitCode: number; reports: string[]; warnings: string[] }): Record<string, unknown> {
  return {
    verdict: r.verdict,
    outcome: outcomeOf(r),
    verdictText: r.verdictText,
    exitCode: extra.exitCode,
    profile: r.profile,
    seed: r.seed,
    target: r.target,
    durationMs: r.durationMs,
    summary: r.summary,
    ...(r.completeness ? { completeness: r.completeness } : {}),
    ...(r.stopped ? { stopped: r.stopped } : {}),
    ...(r.baseline ? { baseline: r.baseline } : {}),
    failures: r.results.filter((x) => x.status === 'failed').map((f) => ({ name: f.name, rule: f.rule, weight: f.weight, ...(f.new !== undefined ? { new: f.new } : {}), message: f.message?.split('\n')[0], ...(f.bundle ? { bundle: f.bundle } : {}) })),
    coverage: Object.fromEntries(Object.entries(r.coverage).map(([k, v]) => [k, { covered: v.covered, total: v.total, percent: v.percent }])),
    warnings: extra.warnings,
    reports: extra.reports,
  };
}

/** Prints the end of a run or report and answers its exit code (run, report). */
export function finish(report: ConformanceReport, io: Io, o: Output, extra: { reportDir?: string; files: string[]; warnings: string[] }): number {
  printSummary(report, o.say, o.verdict, { palette: o.palette, verbose: o.verbose, quiet: o.quiet, cwd: io.cwd, ...(extra.reportDir ? { reportDir: extra.reportDir } : {}) });
  for (const w of extra.warnings) o.warn(w);
  // A target that stopped answering: the run ended early (exit 3), not a verdict on conformance.
  const silent = report.results.find((x) => x.unreachable);
  if (silent) o.warn(`target stopped answering during the run: ${silent.message?.replace(/^target unreachable: /, '').split('\n')[0]}`);
  o.say(`reports: ${extra.files.join(', ')}`);
  const code = exitFor(report);
  o.result(summaryJson(report, { exitCode: code, reports: extra.files, warnings: extra.warnings }));
  return code;
}

