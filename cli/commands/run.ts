// `dcs-conformance run`: the conformance run. It starts (or reaches) the target itself — so an
// unreachable target is exit 3, not a red suite — runs the suite families through vitest, then writes
// conformance.json, certificate.html, JUnit XML, Allure results and replay bundles, and answers with
// the exit code CI gates on. `runCommand.outcome` is the same run for a program (the package's
// `runConformance`, cli/api.ts): it answers the exit code with the report instead of only printing it.
import { mkdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import { loadSpec } from '../../spec/index.ts';
import { RunAllureReporter } from '../../reporters/allure.ts';
import { allCases } from '../../suites/index.ts';
import { selectCases, shardOf } from '../../suites/engine/select.ts';
import { settingsFromEnv } from '../../suites/engine/settings.ts';
import { startTarget } from '../../suites/engine/target.ts';
import { PROFILES } from '../../suites/engine/types.ts';
import { loadBaseline, writeBaseline } from '../../reporters/baseline.ts';
import { buildReport, type ReportInput } from '../../reporters/report.ts';
import { writeReportFiles } from '../../reporters/write.ts';
import type { ConformanceReport } from '../../reporters/types.ts';
import { loadWaivers, waiverWarnings, type Waiver } from '../../reporters/waivers.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { checkWritableDir } from '../reportDir.ts';
import { IMPLEMENTATION_FLAGS, implementationOf } from '../implementation.ts';
import { collectorFor, outputOf, OUTPUT_FLAGS, vitestStreams, type Output } from '../output.ts';
import { dryRun, planned as plannedCases } from '../plan.ts';
import { finish } from '../summary.ts';
import { emulatorFaults, TARGET_FLAGS, targetEnv } from '../target.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command, type Io } from '../types.ts';
import { newRunId } from '../../suites/engine/runIds.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The suite's vitest config: TypeScript in the sources (run through tsx), JavaScript in the installed package (dist/).
const SUITE_CONFIG = join(ROOT, `suites/vitest.config${extname(fileURLToPath(import.meta.url))}`);

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
  'allow-long-waits': { kind: 'bool', description: 'on a target whose clock the suite cannot move, also run cases that wait for it in real time (lock expiry: minutes each; each skipped case says its cost)' },
  mode: { kind: 'string', value: 'strict|lenient', description: 'how errata readings are judged (default strict: certification)' },
  'emulator-fault': { kind: 'list', value: 'ID', description: 'switch on an emulator fault (the suite\'s own tests and mutation runs; dcs-conformance list faults)' },
  'max-failures': { kind: 'int', value: 'N', description: 'stop the run after N failures that decide the verdict (required, and not in --baseline); the verdict says it stopped' },
  'dry-run': { kind: 'bool', description: 'print what would run (cases, required/advisory, what the target config would skip) and exit; nothing is contacted' },
  ...IMPLEMENTATION_FLAGS,
  ...OUTPUT_FLAGS,
};

/** What a run answers: the exit code the command line exits with, and (unless a dry run) the report it wrote. */
export interface RunOutcome {
  exitCode: number;
  report?: ConformanceReport;
  /** The report files written. */
  files?: string[];
}

export const runCommand: Command & { outcome(argv: string[], io: Io): Promise<RunOutcome> } = {
  name: 'run',
  help: `Usage: dcs-conformance run [flags]\n\nRuns the conformance suite. With no --target it starts the embedded emulator, runs, and stops it.\nWrites <report-dir>/conformance.json, certificate.html, junit.xml, allure-results/ and bundles/.\n\nExit codes: 0 conformant, 1 non-conformant (or new failures against --baseline), 2 usage or config\nerror, 3 target unreachable, 4 incomplete (nothing required failed, but required cases did not run:\nthe verdict says what to add, e.g. --allow-destructive or principals in the config), 5 the run broke\n(planned cases got no result: a suite file did not load, a worker died; the verdict names the error).\n\n${flagHelp(FLAGS)}`,
  async run(argv, io) {
    return (await runCommand.outcome(argv, io)).exitCode;
  },
  /** The whole run for the flags `run` takes: printing through `io`, reports written; errors thrown as the command throws them (exitCodeOf makes them 2 and 3). */
  async outcome(argv, io) {
    const p = parseArgs(argv, FLAGS, 'run');
    const o = outputOf(p, io);
    const maxFailures = p['max-failures'] as number | undefined;
    if (maxFailures !== undefined && maxFailures < 1) throw new UsageError(`--max-failures must be at least 1 (got ${maxFailures})`);
    const reportDir = checkWritableDir(resolve(io.cwd, (p['report-dir'] as string | undefined) ?? 'reports'));
    // Every setting is checked before anything starts (a typo must not cost a run).
    const env: Record<string, string | undefined> = {
      DCS_PROFILE: p.profile as string | undefined,
      DCS_RUN_SEED: p.seed === undefined ? io.env.DCS_RUN_SEED : String(p.seed),
      DCS_SEED_FC: io.env.DCS_SEED_FC,
      DCS_RUNS: p.runs === undefined ? undefined : String(p.runs),
      DCS_ONLY: (p.only as string[] | undefined)?.join(','),
      DCS_ALLOW_DESTRUCTIVE: p['allow-destructive'] ? '1' : undefined,
      DCS_ALLOW_LONG_WAITS: p['allow-long-waits'] ? '1' : undefined,
      DCS_REPORT_DIR: reportDir,
      DCS_ALLURE_DIR: join(reportDir, 'allure-results'),
      DCS_SHARD: p.shard as string | undefined,
      DCS_MODE: (p.mode as string | undefined) ?? io.env.DCS_MODE,
      DCS_FAULTS: (p['emulator-fault'] as string[] | undefined)?.join(','),
      // The run's id, in every resource name: printed, so `cleanup --run-id` can find what a killed run left.
      DCS_RUN_ID: io.env.DCS_RUN_ID?.trim() || newRunId(),
    };
    const settings = settingsFromEnv(env);
    emulatorFaults(settings.faults, '--emulator-fault');
    const waivers: Waiver[] = p.waivers ? loadWaivers(resolve(io.cwd, p.waivers as string)) : [];
    if (p['update-baseline'] && !p.baseline) throw new UsageError('--update-baseline needs --baseline FILE (where to write it)');
    const baselineFile = p.baseline ? resolve(io.cwd, p.baseline as string) : undefined;
    const baseline = baselineFile && !p['update-baseline'] ? { file: baselineFile, baseline: loadBaseline(baselineFile) } : undefined;
    const implementation = await implementationOf(p, io);
    const spec = await loadSpec();
    const selected = selectCases(allCases(spec), { profile: settings.profile, only: settings.only });
    const planned = shardOf(selected, settings.shard);
    const plan = plannedCases(spec, planned);
    if (p['dry-run']) return { exitCode: await dryRun(p, io, o, plan, settings) };

    const started = await startTarget({ env: targetEnv(p, io.env), cwd: io.cwd, ...(settings.faults.length ? { emulator: { faults: settings.faults } } : {}) });
    const t = started.descriptor;
    if (settings.faults.length && t.kind !== 'emulator') {
      await started.close();
      throw new UsageError('--emulator-fault applies to the embedded emulator only');
    }
    const startedAt = new Date();
    const required = plan.filter((c) => c.weight === 'required').length;
    o.say(`dcs-conformance run: profile=${settings.profile} seed=${settings.seed} mode=${settings.mode} target=${t.name} (${t.kind} ${t.endpoint})${settings.faults.length ? ` faults=${settings.faults.join(',')}` : ''}${settings.shard ? ` shard=${settings.shard.index}/${settings.shard.count}` : ''} — ${planned.length} cases selected (${required} required, ${planned.length - required} advisory); replay with --seed ${settings.seed}`);
    for (const note of t.notes ?? []) o.say(`note: ${note}`);
    o.say(t.control ? `time: ${t.kind === 'remote' ? 'the target serves the emulator control API, so ' : ''}the run moves the target's virtual clock: ${t.concurrency} case(s) at once that look only after settling what they started, the rest alone` : `time: real (the target's clock cannot be moved): ${t.concurrency} case(s) at once, reads trusted ${t.consistency.readLagMs} ms after a write, waits up to ${Math.round(t.poll.timeoutMs / 1000)} s each`);
    o.say(`run id ${env.DCS_RUN_ID}: every resource the run makes carries it in its name; after an interrupted run \`dcs-conformance cleanup --run-id ${env.DCS_RUN_ID}\` removes what is left`);
    const saved = { ...process.env };
    let signals: ReturnType<typeof stopOnSignal> | undefined;
    const collector = collectorFor(o, plan, { ...(maxFailures !== undefined ? { maxFailures } : {}), ...(baseline ? { known: new Set(baseline.baseline.failures) } : {}) });
    try {
      Object.assign(process.env, Object.fromEntries(Object.entries({ ...env, DCS_RUN_SEED: String(settings.seed), DCS_TARGET_JSON: JSON.stringify(t), DCS_CONCURRENCY: String(t.concurrency) }).filter(([, v]) => v !== undefined)));
      mkdirSync(reportDir, { recursive: true });
      // A signal stops the run rather than the process: no case starts any more, the running ones end,
      // and the run removes what it made before the reports are written. A second signal leaves at once.
      signals = stopOnSignal((signal) => collector.cancel(signal), env.DCS_RUN_ID!, o);
      const vitest = await startVitest('test', [], {
        root: ROOT,
        config: SUITE_CONFIG,
        watch: false,
        // vitest exits the process on SIGINT/SIGTERM; once it is set up, the run's own handling takes over.
        reporters: [{ onInit: () => signals?.takeOver() }, collector, ['junit', { suiteName: 'dcs-conformance' }], new RunAllureReporter(settings.allureDir!)],
        outputFile: { junit: join(reportDir, 'junit.xml') },
        ...(maxFailures !== undefined ? { provide: { stopAfter: { maxFailures, notCounted: plan.filter((c) => c.weight !== 'required' || baseline?.baseline.failures.includes(c.name)).map((c) => c.name) } } } : {}),
      }, undefined, vitestStreams(io, o));
      await vitest.close();
    } finally {
      signals?.off();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await started.close();
    }
    const input: ReportInput = {
      spec,
      results: collector.results,
      profile: settings.profile,
      seed: settings.seed,
      target: { name: t.name, kind: t.kind, endpoint: t.endpoint },
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...(settings.shard ? { shard: `${settings.shard.index}/${settings.shard.count}` } : {}),
      waivers,
      mode: settings.mode,
      emulatorFaults: settings.faults,
      implementation,
      ...(collector.stopped ? { stopped: collector.stopped } : {}),
    };
    const report = buildReport({ ...input, ...(p['update-baseline'] && baselineFile ? { baseline: updateBaseline(baselineFile, input, o) } : baseline ? { baseline } : {}) });
    const files = writeReportFiles(reportDir, report, { spec });
    const code = finish(report, io, o, { reportDir, files, warnings: waiverWarnings(waivers, { results: report.results, caseNames: allCases(spec).map((c) => c.name), ruleIds: spec.rules.ids, now: new Date() }) });
    if (signals?.received) {
      o.warn(`stopped by ${signals.received}: the report covers the cases that ran; what the run made was removed`);
      return { exitCode: EXIT.interrupted, report, files };
    }
    return { exitCode: code, report, files };
  },
};

/**
 * --update-baseline: the run's failures (after waivers) become the baseline, and the run is judged
 * against it — so the run that records the known failures says "PASS against baseline: N known
 * failures, 0 new" and does not exit 1 for the failures it just recorded.
 */
function updateBaseline(file: string, input: ReportInput, o: Output): { file: string; baseline: import('../../reporters/baseline.ts').Baseline } {
  const unjudged = buildReport(input);
  const b = writeBaseline(file, unjudged.results, input.spec.hash, new Date());
  o.say(`baseline: ${b.failures.length} failure(s) written to ${file}`);
  return { file, baseline: b };
}

/** First SIGINT/SIGTERM: `stop` (the run winds down and cleans up); the second: exit at once, saying what may be left. */
function stopOnSignal(stop: (signal: NodeJS.Signals) => void, runId: string, o: Output): { off(): void; takeOver(): void; received?: NodeJS.Signals } {
  const state: { off(): void; takeOver(): void; received?: NodeJS.Signals } = { off: () => {}, takeOver: () => {} };
  const handler = (signal: NodeJS.Signals) => {
    if (state.received) {
      o.warn(`${signal} again: leaving now; resources of run ${runId} may be left: dcs-conformance cleanup --run-id ${runId}`);
      process.exit(EXIT.interrupted);
    }
    state.received = signal;
    o.warn(`${signal}: stopping run ${runId}: no new case starts, running ones finish, and what the run made is removed (${signal} again to leave at once)`);
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  state.off = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  // vitest's logger exits the process on these signals (after its own cleanup): ours must be the only one.
  state.takeOver = () => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) for (const l of process.listeners(s)) if (l !== handler) process.off(s, l as never);
  };
  return state;
}
