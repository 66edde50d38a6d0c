// `dcs-conformance run`: the conformance run. It starts (or reaches) the target itself — so an
// unreachable target is exit 3, not a red suite — runs the suite families through vitest, then writes
// conformance.json, certificate.html, JUnit XML, Allure results and replay bundles, and answers with
// the exit code CI gates on.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import { loadSpec } from '../../spec/index.ts';
import { RunAllureReporter } from '../../reporters/allure.ts';
import { allCases } from '../../suites/cases/index.ts';
import { bundlePath } from '../../suites/engine/bundle.ts';
import { selectCases, shardOf } from '../../suites/engine/select.ts';
import { settingsFromEnv } from '../../suites/engine/settings.ts';
import { startTarget } from '../../suites/engine/target.ts';
import { PROFILES } from '../../suites/engine/types.ts';
import { formatCoverage } from '../../suites/engine/coverage.ts';
import { loadBaseline, writeBaseline } from '../../reporters/baseline.ts';
import { ResultCollector } from '../../reporters/collector.ts';
import { buildReport } from '../../reporters/report.ts';
import { writeReportFiles } from '../../reporters/write.ts';
import { loadWaivers } from '../../reporters/waivers.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { emulatorFaults, TARGET_FLAGS, targetEnv } from '../target.ts';
import { EXIT, UsageError, type Command } from '../types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const FLAGS: Record<string, FlagSpec> = {
  ...TARGET_FLAGS,
  profile: { kind: 'string', value: PROFILES.join('|'), description: 'smoke (< 30 s on the emulator), full (default) or certification (all checks, more property runs)' },
  seed: { kind: 'int', value: 'N', description: 'run seed (printed at the start of every run; the same seed replays the same requests)' },
  runs: { kind: 'int', value: 'N', description: 'property runs per property check (default: the profile\'s)' },
  only: { kind: 'list', value: 'X', description: 'only cases matching an operationId, check, tag (4.2, "4.2 Instance Management"), rule id or case name; * is a wildcard' },
  'report-dir': { kind: 'string', value: 'DIR', description: 'where reports go (default reports/)' },
  baseline: { kind: 'string', value: 'FILE', description: 'fail only on failures not in this baseline' },
  'update-baseline': { kind: 'bool', description: 'write this run\'s failures to --baseline FILE' },
  waivers: { kind: 'string', value: 'FILE', description: 'JSON list of { test | rule, reason, expires }; an expired waiver fails the run' },
  shard: { kind: 'string', value: 'i/n', description: 'run the i-th of n slices (merge the shards\' report folders with `report --merge`)' },
  'allow-destructive': { kind: 'bool', description: 'on a non-emulator target, also run cases that create billable resources or destroy data' },
  mode: { kind: 'string', value: 'strict|lenient', description: 'how errata readings are judged (default strict: certification)' },
  'emulator-fault': { kind: 'list', value: 'ID', description: 'switch on an emulator fault (the suite\'s own tests and mutation runs; see npm run emulator -- --list-faults)' },
};

export const runCommand: Command = {
  name: 'run',
  help: `Usage: dcs-conformance run [flags]\n\nRuns the conformance suite. With no --target it starts the embedded emulator, runs, and stops it.\nWrites <report-dir>/conformance.json, certificate.html, junit.xml, allure-results/ and bundles/.\n\nExit codes: 0 conformant, 1 non-conformant (or new failures against --baseline), 2 usage or config\nerror, 3 target unreachable.\n\n${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'run');
    const reportDir = resolve(io.cwd, (p['report-dir'] as string | undefined) ?? 'reports');
    // Every setting is checked before anything starts (a typo must not cost a run).
    const env: Record<string, string | undefined> = {
      DCS_PROFILE: p.profile as string | undefined,
      DCS_RUN_SEED: p.seed === undefined ? io.env.DCS_RUN_SEED : String(p.seed),
      DCS_SEED_FC: io.env.DCS_SEED_FC,
      DCS_RUNS: p.runs === undefined ? undefined : String(p.runs),
      DCS_ONLY: (p.only as string[] | undefined)?.join(','),
      DCS_ALLOW_DESTRUCTIVE: p['allow-destructive'] ? '1' : undefined,
      DCS_REPORT_DIR: reportDir,
      DCS_SHARD: p.shard as string | undefined,
      DCS_MODE: (p.mode as string | undefined) ?? io.env.DCS_MODE,
      DCS_FAULTS: (p['emulator-fault'] as string[] | undefined)?.join(','),
    };
    const settings = settingsFromEnv(env);
    emulatorFaults(settings.faults, '--emulator-fault');
    const waivers = p.waivers ? loadWaivers(resolve(io.cwd, p.waivers as string)) : [];
    if (p['update-baseline'] && !p.baseline) throw new UsageError('--update-baseline needs --baseline FILE (where to write it)');
    const baselineFile = p.baseline ? resolve(io.cwd, p.baseline as string) : undefined;
    const baseline = baselineFile && !p['update-baseline'] ? { file: baselineFile, baseline: loadBaseline(baselineFile) } : undefined;
    const spec = await loadSpec();
    const selected = selectCases(allCases(spec), { profile: settings.profile, only: settings.only });
    const planned = shardOf(selected, settings.shard);

    const started = await startTarget({ env: targetEnv(p, io.env), cwd: io.cwd, ...(settings.faults.length ? { emulator: { faults: settings.faults } } : {}) });
    const t = started.descriptor;
    if (settings.faults.length && t.kind !== 'emulator') {
      await started.close();
      throw new UsageError('--emulator-fault applies to the embedded emulator only');
    }
    const startedAt = new Date();
    io.out(`dcs-conformance run: profile=${settings.profile} seed=${settings.seed} target=${t.name} (${t.kind} ${t.endpoint})${settings.shard ? ` shard=${settings.shard.index}/${settings.shard.count}` : ''} — ${planned.length} cases selected; replay with --seed ${settings.seed}`);
    const saved = { ...process.env };
    const collector = new ResultCollector((line) => io.err(line), planned.map((c) => c.operationId));
    try {
      Object.assign(process.env, Object.fromEntries(Object.entries({ ...env, DCS_RUN_SEED: String(settings.seed), DCS_TARGET_JSON: JSON.stringify(t) }).filter(([, v]) => v !== undefined)));
      mkdirSync(reportDir, { recursive: true });
      const vitest = await startVitest('test', [], {
        root: ROOT,
        config: join(ROOT, 'suites/vitest.config.ts'),
        watch: false,
        reporters: [collector, ['junit', { suiteName: 'dcs-conformance' }], new RunAllureReporter(join(reportDir, 'allure-results'))],
        outputFile: { junit: join(reportDir, 'junit.xml') },
      });
      await vitest.close();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await started.close();
    }
    const report = buildReport({
      spec,
      results: collector.results,
      profile: settings.profile,
      seed: settings.seed,
      target: { name: t.name, kind: t.kind, endpoint: t.endpoint },
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...(settings.shard ? { shard: `${settings.shard.index}/${settings.shard.count}` } : {}),
      waivers,
      ...(baseline ? { baseline } : {}),
    });
    const files = writeReportFiles(reportDir, report);
    if (p['update-baseline'] && baselineFile) {
      const b = writeBaseline(baselineFile, report.results, spec.hash, new Date());
      io.out(`baseline: ${b.failures.length} failure(s) written to ${baselineFile}`);
    }
    printSummary(report, io.out, { reportDir, cwd: io.cwd });
    io.out(`reports: ${files.join(', ')}`);
    return report.verdict === 'pass' ? EXIT.ok : EXIT.nonConformant;
  },
};

/** `where`: the report folder and the current one, so each replay path printed works from here (and only bundles that exist are offered). */
export function printSummary(report: import('../../reporters/types.ts').ConformanceReport, out: (line: string) => void, where: { reportDir: string; cwd: string }): void {
  const s = report.summary;
  const failed = report.results.filter((r) => r.status === 'failed');
  for (const f of failed.slice(0, 50)) {
    const bundle = f.bundle ? bundlePath(where.reportDir, f.bundle, where.cwd) : undefined;
    out(`✗ ${f.name} [${f.rule ?? f.check}] ${f.message?.split('\n')[0] ?? ''}${bundle ? `\n    replay: dcs-conformance replay ${bundle}` : ''}`);
  }
  if (failed.length > 50) out(`… and ${failed.length - 50} more failures (conformance.json has them all)`);
  for (const w of report.waivers.expired) out(`✗ waiver for ${w.match} expired on ${w.expires}: renew it with a reason, or fix the departure`);
  if (report.baseline) out(`baseline ${report.baseline.file}: ${report.baseline.newFailures.length} new failure(s), ${report.baseline.fixed.length} fixed`);
  out(formatCoverage({ ...report.coverage, matrix: {}, ruleTests: {} }));
  out(`verdict: ${report.verdict.toUpperCase()} — ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.waived} waived (${(report.durationMs / 1000).toFixed(1)} s, profile ${report.profile}, seed ${report.seed})`);
}
