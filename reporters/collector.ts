// A vitest reporter that turns the conformance tests back into results (from the meta each test
// wrote) and shows progress on long runs: cases and operations done out of the total, failures so far.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { ConformanceResult } from './types.ts';

export function resultOf(t: TestCase): ConformanceResult | undefined {
  const m = t.meta();
  if (!m.operationId) return undefined;
  const state = t.result().state;
  // A test that failed outside runCase (a crashed hook) still counts, with vitest's error.
  const status = m.outcome ?? (state === 'failed' ? 'failed' : state === 'skipped' ? 'skipped' : 'passed');
  const error = t.result().errors?.[0]?.message;
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
    ...(m.message ? { message: m.message } : status === 'failed' && error ? { message: error } : {}),
    ...(m.reproduction ? { reproduction: m.reproduction } : {}),
    ...(m.bundle ? { bundle: m.bundle } : {}),
    ...(m.notes?.length ? { notes: m.notes } : {}),
    ...(m.unreachable ? { unreachable: true } : {}),
    durationMs: m.durationMs ?? Math.round(t.diagnostic()?.duration ?? 0),
  };
}

export class ResultCollector implements Reporter {
  results: ConformanceResult[] = [];
  private total = 0;
  private done = 0;
  private failures = 0;
  /** Cases not yet finished, per operation: an operation is done when it reaches 0. */
  private readonly remaining = new Map<string, number>();
  private lastPrint = 0;

  /** `planned`: the operationId of every case the run selected (files are collected one at a time). */
  constructor(
    private readonly progress: (line: string) => void = () => {},
    planned: readonly string[] = [],
  ) {
    this.total = planned.length;
    for (const op of planned) this.remaining.set(op, (this.remaining.get(op) ?? 0) + 1);
  }

  onTestCaseResult(t: TestCase): void {
    const r = resultOf(t);
    if (!r) return;
    this.done++;
    if (r?.status === 'failed') this.failures++;
    if (r) this.remaining.set(r.operationId, (this.remaining.get(r.operationId) ?? 1) - 1);
    const now = Date.now();
    if (now - this.lastPrint > 2_000 || this.done === this.total) {
      this.lastPrint = now;
      const opsDone = [...this.remaining.values()].filter((n) => n <= 0).length;
      this.progress(`[progress] ${this.done}/${this.total} cases · ${opsDone}/${this.remaining.size} operations done · ${this.failures} failure${this.failures === 1 ? '' : 's'} so far`);
    }
  }

  /** What the run's own code says outside any case (cleanup, resources left in place) reaches the user. */
  onUserConsoleLog(log: Parameters<NonNullable<Reporter['onUserConsoleLog']>>[0]): void {
    if (log.taskId) return;
    for (const line of log.content.trimEnd().split('\n')) this.progress(line);
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    this.results = modules.flatMap((m) => [...m.children.allTests()].map(resultOf).filter((r): r is ConformanceResult => !!r));
  }
}
