// Allure results for a run: allure-vitest's reporter with a writer that does not fsync each file,
// writing each case's results as it ends.
// The stock writer publishes every result and attachment through a temp file, fsync and rename: a
// run writes one attachment per request (tens of thousands), and the reporter lives in the process
// that also hosts the embedded emulator, so each fsync stalled the target (9 s of an 82 s
// certification run: bench/certification.ts --what-if no-fsync). A crash mid-run loses at most the
// results the OS had not flushed; conformance.json, the verdict, is written whole at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { RunnerTask as Task } from 'vitest';
import type { TestCase } from 'vitest/node';
import { ReportersInternalError } from './errors.ts';

export class UnsyncedWriter extends FileSystemWriter {
  private made = false;

  constructor(private readonly dir: string) {
    super({ resultsDir: dir });
  }

  private path(name: string): string {
    if (!this.made) mkdirSync(this.dir, { recursive: true });
    this.made = true;
    return join(this.dir, name);
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(this.path(distFileName), content);
  }

  override writeResult(result: TestResult): void {
    writeFileSync(this.path(`${result.uuid}-result.json`), JSON.stringify(result));
  }

  override writeGroup(result: TestResultContainer): void {
    writeFileSync(this.path(`${result.uuid}-container.json`), JSON.stringify(result));
  }
}

export class RunAllureReporter extends AllureVitestReporter {
  /** Tests whose result is written (as each ends); the end of the run writes only the others. */
  private readonly written = new Set<string>();

  constructor(private readonly resultsDir: string) {
    super({ resultsDir });
  }

  // allure-vitest writes every result and attachment when the run ends: a certification run's ~37,000
  // files in one burst (seconds) after the last case, while the worker idles. Written as each case
  // ends, they overlap the run. The same results: handleTask is the reporter's own, given the same task.
  onTestCaseResult(testCase: TestCase): void {
    // TestCase keeps its runner task (allure-vitest reads it the same way at the end of the run).
    this.handleTask((testCase as unknown as { task: Task }).task);
  }

  override handleTask(task: Task): void {
    if (task.type === 'test') {
      if (this.written.has(task.id)) return;
      if (task.result?.state) this.written.add(task.id);
    }
    super.handleTask(task);
  }

  override onInit(...args: Parameters<AllureVitestReporter['onInit']>): void {
    super.onInit(...args);
    // allure-vitest builds its runtime's writer itself (no option for it): swapped right after.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: unknown } }).allureReporterRuntime;
    if (!runtime || !('writer' in runtime)) throw new ReportersInternalError('allure-vitest changed: its reporter no longer keeps allureReporterRuntime.writer (reporters/allure.ts)');
    runtime.writer = new UnsyncedWriter(this.resultsDir);
  }
}
