// Allure results for what no worker wrote: allure-vitest's reporter, given each test as it ends, for
// the tests whose worker did not write their result itself (suites/run/allureResults.ts writes every
// case the engine ran): a case that threw outside the engine, a hook's failure, a test plan's skip.
// Same writer as the workers' (no fsync, off the thread that also serves the embedded emulator); the
// run's end waits for its last file.
import AllureVitestReporter from 'allure-vitest/reporter';
import type { RunnerTask as Task } from 'vitest';
import type { TestCase } from 'vitest/node';
import { UnsyncedWriter } from '../suites/run/allureResults.ts';
import { ReportersInternalError } from './errors.ts';

export class RunAllureReporter extends AllureVitestReporter {
  /** Tests whose result is written (as each ends); the end of the run writes only the others. */
  private readonly written = new Set<string>();
  private writer?: UnsyncedWriter;

  constructor(private readonly resultsDir: string) {
    super({ resultsDir });
  }

  // allure-vitest writes every result when the run ends, in one burst after the last case; written as
  // each case ends, they overlap the run. handleTask is the reporter's own, given the same task.
  onTestCaseResult(testCase: TestCase): void {
    // TestCase keeps its runner task (allure-vitest reads it the same way at the end of the run).
    this.handleTask((testCase as unknown as { task: Task }).task);
  }

  override handleTask(task: Task): void {
    if (task.type === 'test') {
      if (task.meta.allureWritten || this.written.has(task.id)) return;
      if (task.result?.state) this.written.add(task.id);
    }
    super.handleTask(task);
  }

  override async onTestRunEnd(...args: Parameters<AllureVitestReporter['onTestRunEnd']>): Promise<void> {
    super.onTestRunEnd(...args);
    await this.writer?.flushed();
  }

  override onInit(...args: Parameters<AllureVitestReporter['onInit']>): void {
    super.onInit(...args);
    // allure-vitest builds its runtime's writer itself (no option for it): swapped right after.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: unknown } }).allureReporterRuntime;
    if (!runtime || !('writer' in runtime)) throw new ReportersInternalError('allure-vitest changed: its reporter no longer keeps allureReporterRuntime.writer (reporters/allure.ts)');
    runtime.writer = this.writer = new UnsyncedWriter(this.resultsDir);
  }
}
