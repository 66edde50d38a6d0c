// Allure results for a run: allure-vitest's reporter with a writer that does not fsync each file.
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
  constructor(private readonly resultsDir: string) {
    super({ resultsDir });
  }

  override onInit(...args: Parameters<AllureVitestReporter['onInit']>): void {
    super.onInit(...args);
    // allure-vitest builds its runtime's writer itself (no option for it): swapped right after.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: unknown } }).allureReporterRuntime;
    if (!runtime || !('writer' in runtime)) throw new ReportersInternalError('allure-vitest changed: its reporter no longer keeps allureReporterRuntime.writer (reporters/allure.ts)');
    runtime.writer = new UnsyncedWriter(this.resultsDir);
  }
}
