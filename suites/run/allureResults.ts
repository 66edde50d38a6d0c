// Allure results written for the worker that ran the case, as the case ends: the same result files
// allure-vitest's reporter writes (labels, steps, attachments, history and test case ids), made here
// instead of being sent to the run's process. Sent, each exchange's request and response went
// base64-encoded through vitest's task updates (65 MB for a certification run: 2 s of the worker's
// time serializing them, then 2.2 s of the run's process, which also serves the embedded emulator,
// decoding and writing ~37,000 files; CPU profiles of both). The worker's thread only takes what a
// case's result needs (its labels, outcome, notes and masked exchanges) and posts it to a thread of
// its own (allureThread.ts) that builds the result and writes its files (no fsync: a crash loses at
// most what the OS had not flushed; conformance.json is the verdict): building and writing took
// ~1.5 s of the worker's thread in a certification run, and that thread is the run's critical path
// (against the virtual clock it and the emulator take turns).
// The run's Allure reporter (reporters/allure.ts) still writes whatever a case did not: a case that
// threw outside the engine, a hook's failure.
import { mkdirSync, writeFile, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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

/**
 * A results writer that never fsyncs; flushed() waits for every file. Off its thread (libuv's pool)
 * by default; `blocking` writes in place, for a thread that does nothing else (allureThread.ts).
 */
export class UnsyncedWriter extends FileSystemWriter {
  private made = false;
  private writing = 0;
  private failed?: Error;
  private idle: (() => void)[] = [];

  constructor(
    private readonly dir: string,
    private readonly blocking = false,
  ) {
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
    if (this.blocking) {
      try {
        writeFileSync(join(this.dir, name), content);
      } catch (e) {
        this.failed ??= e as Error;
      }
      return;
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


/** What a case's Allure result is made of: plain data, so it can be posted to the writing thread. */
export interface AllureCase {
  name: string;
  fullName: string;
  titlePath: string[];
  /** allure-vitest's labels, then the case's own (epic, feature, story, section, rules). */
  labels: Label[];
  own: Label[];
  start: number;
  stop: number;
  status: CaseResult['status'];
  message?: string;
  notes: string[];
  exchanges: Exchange[];
}

/** The labels every result of this process gets (read from the environment once, not per case). */
let processLabels: Label[] | undefined;

/** A case's result as data (cheap: no file, no runtime), on the thread that ran the case. */
export function allureCase(spec: Spec, task: RunnerTestCase, c: Case, r: CaseResult, startedAt: number): AllureCase {
  const path = suitePath(task);
  const specPath = getPosixPath(getRelativePath(task.file.filepath));
  const project = getProjectName();
  const titled = path.concat(task.name).join(' ');
  processLabels ??= [...getEnvironmentLabels(), getHostLabel(), getThreadLabel(process.env.VITEST_POOL_ID && `vitest-worker-${process.env.VITEST_POOL_ID}`)];
  return {
    name: task.name,
    fullName: `${project ? `${project}:` : ''}${specPath}#${titled}`,
    titlePath: [...(project ? [project] : []), ...specPath.split('/'), ...path],
    labels: [getFrameworkLabel('vitest'), getLanguageLabel(), ...getSuiteLabels(path), ...processLabels, getFallbackTestCaseIdLabel(md5(`${specPath}#${titled}`)), getPackageLabel(task.file.filepath)],
    own: [
      { name: 'epic', value: spec.operation(c.operationId).capability },
      { name: 'feature', value: c.operationId },
      { name: 'story', value: c.check },
      { name: 'section', value: c.section },
      ...c.rules.map((value) => ({ name: 'rule', value })),
    ],
    start: startedAt,
    stop: Date.now(),
    status: r.status,
    ...(r.message ? { message: r.message } : {}),
    notes: r.notes ?? [],
    exchanges: r.exchanges,
  };
}

/** Builds a case's result with allure-js-commons' runtime and has its writer write its files. */
export function writeAllureCase(runtime: ReporterRuntime, a: AllureCase): void {
  const uuid = runtime.startTest({ name: a.name, start: a.start, fullName: a.fullName, titlePath: a.titlePath, labels: a.labels });
  const messages: RuntimeMessage[] = [
    { type: 'metadata', data: { labels: a.own } },
    ...a.notes.flatMap((note): RuntimeMessage[] => [
      { type: 'step_start', data: { name: note, start: a.stop } },
      { type: 'step_stop', data: { status: 'passed', stage: 'finished', stop: a.stop } },
    ] as RuntimeMessage[]),
    ...a.exchanges.flatMap(exchangeMessages),
  ];
  runtime.applyRuntimeMessages(uuid, messages);
  runtime.updateTest(uuid, (result) => {
    // A case that found the target departing from the reference failed a check: Allure's "failed", not "broken".
    result.status = STATUS[a.status];
    result.stage = a.status === 'skipped' ? Stage.PENDING : Stage.FINISHED;
    if (a.message) result.statusDetails = { message: a.message };
  });
  runtime.stopTest(uuid, { stop: a.stop });
  runtime.writeTest(uuid);
}

/** Messages between the worker's thread and the writing thread (allureThread.ts). */
export type ToAllureThread = { kind: 'case'; case: AllureCase } | { kind: 'flush'; id: number };
export type FromAllureThread = { kind: 'flushed'; id: number; error?: string };

// The thread's module beside this one: TypeScript through tsx in the sources, JavaScript in the package.
const ext = extname(fileURLToPath(import.meta.url));
const threadEntry = new URL(`./allureThread${ext}`, import.meta.url).href;

/** The worker's Allure results: each case is posted as it ends, and written by a thread of its own. */
export class AllureResults {
  private thread?: Worker;
  private failed?: Error;
  private flushes = 0;
  private waiting = new Map<number, { done: () => void; fail: (e: Error) => void }>();

  constructor(private readonly dir: string) {}

  private start(): Worker {
    // A thread does not inherit the process's module hooks: tsx is registered in it (resolved here,
    // so the sources run from any folder).
    const load = ext === '.ts' ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(threadEntry)}); })` : `import(${JSON.stringify(threadEntry)})`;
    const thread = new Worker(load, { eval: true, workerData: { dir: this.dir } });
    // The worker's process may end once its last family has waited for flushed().
    thread.unref();
    thread.on('message', (m: FromAllureThread) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      // The writer's own error names the folder.
      if (m.error) w?.fail(new SuitesInternalError(m.error));
      else w?.done();
      if (!this.waiting.size) thread.unref();
    });
    const broken = (e: Error) => {
      this.failed ??= new SuitesInternalError(`Allure results could not be written to ${this.dir}: the writing thread stopped (${e.message})`, { cause: e });
      for (const w of this.waiting.values()) w.fail(this.failed);
      this.waiting.clear();
    };
    thread.on('error', broken);
    thread.on('exit', (code) => broken(new SuitesInternalError(`the thread exited with code ${code}`)));
    return thread;
  }

  /** Posts the case's result (it started at `startedAt`, ends now) to the writing thread. */
  write(spec: Spec, task: RunnerTestCase, c: Case, r: CaseResult, startedAt: number): void {
    if (this.failed) return;
    this.thread ??= this.start();
    this.thread.postMessage({ kind: 'case', case: allureCase(spec, task, c, r, startedAt) } satisfies ToAllureThread);
  }

  /** Resolves once every result posted so far is written; rejects with the first file that could not be. */
  async flushed(): Promise<void> {
    if (this.failed) throw this.failed;
    const thread = this.thread;
    if (!thread) return;
    const id = ++this.flushes;
    // Waiting for the answer keeps the process up.
    thread.ref();
    await new Promise<void>((done, fail) => {
      this.waiting.set(id, { done, fail });
      thread.postMessage({ kind: 'flush', id } satisfies ToAllureThread);
    });
  }
}
