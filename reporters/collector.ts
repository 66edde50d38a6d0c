// A vitest reporter that turns the conformance tests back into results (from the meta each test
// wrote) and feeds the run's progress (reporters/progress.ts): a case ready is a case started, an
// annotation of type WAIT_ANNOTATION is a wait, a result is a case finished. With --max-failures it
// cancels the run once that many failures decide the verdict (a failure the baseline knows does not
// count), and the cases that did not run say so. Given the plan, it also notices a run that broke: a
// suite file that did not load, a worker that died or an error outside every case leaves planned cases
// without a result — each is reported not run with that error, and the run as stopped by it (never a
// PASS of the cases that happened to run).
import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node';
import type { TestAnnotation } from 'vitest';
import { WAIT_ANNOTATION } from '../suites/run/progressChannel.ts';
import type { ProgressEvents } from './progress.ts';
import type { ConformanceResult } from './types.ts';

export function resultOf(t: TestCase, notRun?: string): ConformanceResult | undefined {
  const m = t.meta();
  if (!m.operationId) return undefined;
  const state = t.result().state;
  // A test that failed outside runCase (a crashed hook) still counts, with vitest's error.
  const status = m.outcome ?? (state === 'failed' ? 'failed' : state === 'passed' ? 'passed' : 'skipped');
  const error = t.result().errors?.[0]?.message;
  // Never started (the run was stopped): it says why, so the verdict can group it.
  const stopped = (!!m.notRun || (!m.outcome && status === 'skipped')) && notRun !== undefined;
  const message = stopped ? notRun : (m.message ?? (status === 'failed' && error ? error : undefined));
  return {
    name: t.name,
    operationId: m.operationId,
    section: m.section ?? '',
    capability: m.capability ?? '',
    check: m.check ?? '',
    ...(m.failedRule ? { rule: m.failedRule } : m.rules?.[0] ? { rule: m.rules[0] } : {}),
    rules: m.rules ?? [],
    ...(m.transitions ? { transitions: m.transitions } : {}),
    statuses: m.statuses ?? [],
    status,
    ...(message ? { message } : {}),
    ...(m.reproduction ? { reproduction: m.reproduction } : {}),
    ...(m.bundle ? { bundle: m.bundle } : {}),
    ...(m.notes?.length ? { notes: m.notes } : {}),
    ...(m.unreachable ? { unreachable: true } : {}),
    durationMs: m.durationMs ?? Math.round(t.diagnostic()?.duration ?? 0),
    ...(stopped ? { notRun: true } : {}),
  };
}

export interface CollectorOptions {
  /** Stop the run once this many failures decide the verdict. */
  maxFailures?: number;
  /** Case names a baseline lists: their failures do not count toward maxFailures. */
  known?: ReadonlySet<string>;
  /** Which cases decide the verdict (required): only their failures count toward maxFailures. */
  decides?: (name: string) => boolean;
  /** The cases the run means to run: one without a result at the end means the run broke. */
  planned?: readonly PlannedResult[];
}

/** What a planned case needs to be reported without having run. */
export interface PlannedResult {
  name: string;
  operationId: string;
  section: string;
  check: string;
  capability: string;
  rules: readonly string[];
}

/** An error vitest reports outside every test, as one line with where it came from. */
const errorLine = (e: SerializedError, where?: string) => `${where ? `${where}: ` : ''}${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${(e.message ?? String(e)).split('\n')[0]}`;

export class ResultCollector implements Reporter {
  results: ConformanceResult[] = [];
  /** Set when the run stopped before its end (maxFailures, a signal, or it broke): how many cases did not run. */
  stopped?: { reason: 'max-failures' | 'signal' | 'error'; maxFailures?: number; signal?: string; error?: string; notRun: number };
  private vitest?: Vitest;
  private deciding = 0;

  constructor(
    private readonly progress?: ProgressEvents,
    private readonly options: CollectorOptions = {},
  ) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  /** Stops the run (a signal): no case starts any more; running cases finish and the run's cleanup runs. */
  cancel(signal: string): void {
    this.stopped ??= { reason: 'signal', signal, notRun: 0 };
    void this.vitest?.cancelCurrentRun('keyboard-input');
  }

  onTestCaseReady(t: TestCase): void {
    if (t.meta().operationId) this.progress?.started(t.name);
  }

  onTestCaseAnnotate(t: TestCase, annotation: TestAnnotation): void {
    if (annotation.type === WAIT_ANNOTATION) this.progress?.wait(t.name, annotation.message);
  }

  onTestCaseResult(t: TestCase): void {
    const r = resultOf(t);
    if (!r || (this.stopped && (!t.meta().outcome || t.meta().notRun))) return;
    this.progress?.finished(r.name, r.status, { ...(r.message ? { message: r.message } : {}), durationMs: r.durationMs });
    const { maxFailures, known, decides } = this.options;
    if (r.status !== 'failed' || maxFailures === undefined || known?.has(r.name) || (decides && !decides(r.name))) return;
    if (++this.deciding >= maxFailures && !this.stopped) {
      this.stopped = { reason: 'max-failures', maxFailures, notRun: 0 };
      void this.vitest?.cancelCurrentRun('test-failure');
    }
  }

  /** What the run's own code says outside any case (cleanup, resources left in place) reaches the user. */
  onUserConsoleLog(log: Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0]): void {
    if (log.taskId) return;
    for (const line of log.content.trimEnd().split('\n')) this.progress?.note?.(line);
  }

  onTestRunEnd(modules: readonly TestModule[], unhandledErrors: readonly SerializedError[] = []): void {
    this.progress?.stop();
    const notRun = this.stopped ? `not run: the run stopped ${this.stopped.reason === 'signal' ? `on ${this.stopped.signal}` : `at --max-failures ${this.stopped.maxFailures}`}` : undefined;
    this.results = modules.flatMap((m) => [...m.children.allTests()].map((t) => resultOf(t, notRun)).filter((r): r is ConformanceResult => !!r));
    this.brokenRun(modules, unhandledErrors);
    if (this.stopped) this.stopped.notRun = this.results.filter((r) => r.notRun).length;
  }

  /** Errors outside every case, and planned cases with no result: the run broke, and says where. */
  private brokenRun(modules: readonly TestModule[], unhandledErrors: readonly SerializedError[]): void {
    const errors = [...modules.flatMap((m) => m.errors().map((e) => errorLine(e, m.relativeModuleId))), ...unhandledErrors.map((e) => errorLine(e))];
    const seen = new Set(this.results.map((r) => r.name));
    // A run stopped on purpose leaves cases unreached: only the cases it was still going to run count.
    const missing = this.stopped ? [] : (this.options.planned ?? []).filter((c) => !seen.has(c.name));
    if (!errors.length && !missing.length) return;
    const error = errors[0] ?? `${missing.length} planned case(s) produced no result (the first: ${missing[0]!.name})`;
    this.stopped ??= { reason: 'error', error, notRun: 0 };
    const message = `not run: the run broke before this case: ${error}`;
    for (const c of missing) this.results.push({ name: c.name, operationId: c.operationId, section: c.section, capability: c.capability, check: c.check, ...(c.rules[0] ? { rule: c.rules[0] } : {}), rules: [...c.rules], statuses: [], status: 'skipped', message, durationMs: 0, notRun: true });
  }
}
