// Allure results written by the worker that ran the case, as the case ends: the same result files
// allure-vitest's reporter writes (labels, steps, attachments, history and test case ids), made here
// instead of being sent to the run's process. Sent, each exchange's request and response went
// base64-encoded through vitest's task updates (65 MB for a certification run: 2 s of the worker's
// time serializing them, then 2.2 s of the run's process, which also serves the embedded emulator,
// decoding and writing ~37,000 files; CPU profiles of both). The files go to libuv's thread pool
// (no fsync: a crash loses at most what the OS had not flushed; conformance.json is the verdict).
// The run's Allure reporter (reporters/allure.ts) still writes whatever a case did not: a case that
// threw outside the engine, a hook's failure.
import { mkdirSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import { Stage, Status, type Label, type TestResult, type TestResultContainer } from 'allure-js-commons';
import type { RuntimeMessage } from 'allure-js-commons/sdk';
import {
  FileSystemWriter,
  ReporterRuntime,
  getEnvironmentLabels,
  getFallbackTestCaseIdLabel,
  getFrameworkLabel,
  getHostLabel,
  getLanguageLabel,
  getPackageLabel,
  getPosixPath,
  getProjectName,
  getRelativePath,
  getSuiteLabels,
  getThreadLabel,
  md5,
} from 'allure-js-commons/sdk/reporter';
import type { RunnerTestCase } from 'vitest';
import type { Exchange } from '../../harness/index.ts';
import type { Spec } from '../../spec/index.ts';
import type { Case, CaseResult } from '../engine/types.ts';
import { SuitesInternalError } from '../engine/errors.ts';

/** A results writer that neither fsyncs nor blocks its thread; flushed() waits for every file. */
export class UnsyncedWriter extends FileSystemWriter {
  private made = false;
  private writing = 0;
  private failed?: Error;
  private idle: (() => void)[] = [];

  constructor(private readonly dir: string) {
    super({ resultsDir: dir });
  }

  private write(name: string, content: Buffer | string): void {
    if (!this.made) {
      try {
        mkdirSync(this.dir, { recursive: true });
      } catch (e) {
        // Named once the run waits for its files (flushed()), like a file that could not be written.
        this.failed ??= e as Error;
      }
      this.made = true;
    }
    this.writing++;
    writeFile(join(this.dir, name), content, (e) => {
      if (e) this.failed ??= e;
      if (--this.writing === 0) for (const done of this.idle.splice(0)) done();
    });
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    this.write(distFileName, content);
  }

  override writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  override writeGroup(result: TestResultContainer): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  /** Resolves once every file asked for is written; rejects with the first that could not be. */
  async flushed(): Promise<void> {
    if (this.writing) await new Promise<void>((done) => this.idle.push(done));
    if (this.failed) throw new SuitesInternalError(`Allure results could not be written to ${this.dir}: ${this.failed.message}`, { cause: this.failed });
  }
}

const STATUS: Record<CaseResult['status'], Status> = { passed: Status.PASSED, failed: Status.FAILED, skipped: Status.SKIPPED };

const headers = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');

/**
 * One step per exchange (named as it was sent and answered, timed as it ran) with one attachment: the
 * masked request, then the response, as a transcript. One file per exchange, not two: each file costs
 * the run more to create than to fill (a certification run on ext4 spent 6–9 s in the kernel, ~5 s with its reports on tmpfs).
 */
function exchangeMessages(ex: Exchange, i: number): RuntimeMessage[] {
  const request = `${ex.request.method} ${ex.request.url}\n${headers(ex.request.headers)}\n\n${ex.request.body}`;
  const response = ex.response ? `HTTP ${ex.response.status}\n${headers(ex.response.headers)}\n\n${ex.response.text}` : `no answer: ${ex.error?.code ?? ''} ${ex.error?.message ?? ''}`;
  return [
    { type: 'step_start', data: { name: `${i + 1}. ${ex.request.method} ${new URL(ex.request.url).pathname} -> ${ex.response?.status ?? ex.error?.code}`, start: ex.startedAt } },
    { type: 'attachment_content', data: { name: 'request and response', content: `${request}\n\n———\n\n${response}`, encoding: 'utf8', contentType: 'text/plain', timestamp: ex.startedAt } },
    { type: 'step_stop', data: { status: 'passed', stage: 'finished', stop: ex.startedAt + ex.durationMs } },
  ] as RuntimeMessage[];
}

/** The suites a test sits in (allure-vitest's suite path: the root suite has no name). */
function suitePath(task: RunnerTestCase): string[] {
  const path: string[] = [];
  for (let s = task.suite; s?.name; s = s.suite) path.unshift(s.name);
  return path;
}

export class AllureResults {
  readonly writer: UnsyncedWriter;
  private readonly runtime: ReporterRuntime;
  /** The labels every result of the process gets (read from the environment once, not per case). */
  private readonly processLabels: Label[];

  constructor(dir: string) {
    this.writer = new UnsyncedWriter(dir);
    this.runtime = new ReporterRuntime({ writer: this.writer });
    this.processLabels = [...getEnvironmentLabels(), getHostLabel(), getThreadLabel(process.env.VITEST_POOL_ID && `vitest-worker-${process.env.VITEST_POOL_ID}`)];
  }

  /** Writes the case's result (it started at `startedAt`, ends now): labels as allure-vitest gives them, then the case's own, notes and exchanges as steps. */
  write(spec: Spec, task: RunnerTestCase, c: Case, r: CaseResult, startedAt: number): void {
    const path = suitePath(task);
    const specPath = getPosixPath(getRelativePath(task.file.filepath));
    const project = getProjectName();
    const titled = path.concat(task.name).join(' ');
    const labels: Label[] = [
      getFrameworkLabel('vitest'),
      getLanguageLabel(),
      ...getSuiteLabels(path),
      ...this.processLabels,
      getFallbackTestCaseIdLabel(md5(`${specPath}#${titled}`)),
      getPackageLabel(task.file.filepath),
    ];
    const uuid = this.runtime.startTest({
      name: task.name,
      start: startedAt,
      fullName: `${project ? `${project}:` : ''}${specPath}#${titled}`,
      titlePath: [...(project ? [project] : []), ...specPath.split('/'), ...path],
      labels,
    });
    const own = [
      { name: 'epic', value: spec.operation(c.operationId).capability },
      { name: 'feature', value: c.operationId },
      { name: 'story', value: c.check },
      { name: 'section', value: c.section },
      ...c.rules.map((value) => ({ name: 'rule', value })),
    ];
    const end = Date.now();
    const messages: RuntimeMessage[] = [
      { type: 'metadata', data: { labels: own } },
      ...(r.notes ?? []).flatMap((note): RuntimeMessage[] => [
        { type: 'step_start', data: { name: note, start: end } },
        { type: 'step_stop', data: { status: 'passed', stage: 'finished', stop: end } },
      ] as RuntimeMessage[]),
      ...r.exchanges.flatMap(exchangeMessages),
    ];
    this.runtime.applyRuntimeMessages(uuid, messages);
    this.runtime.updateTest(uuid, (result) => {
      // A case that found the target departing from the reference failed a check: Allure's "failed", not "broken".
      result.status = STATUS[r.status];
      result.stage = r.status === 'skipped' ? Stage.PENDING : Stage.FINISHED;
      if (r.message) result.statusDetails = { message: r.message };
    });
    this.runtime.stopTest(uuid, { stop: Date.now() });
    this.runtime.writeTest(uuid);
  }
}
