// Registers one suite family's cases as vitest tests: named `<operationId> › <check>`, with the
// operation, section, capability, check, rules and transitions in task meta (reporters and coverage
// read them), an Allure result written as the case ends (allureResults.ts: epic = capability, feature =
// operation, story = check, the masked exchanges as steps with attachments), and a replay bundle for
// every failure. The context opens once per file; what the file made is removed after it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { loadSpec, type Spec } from '../../spec/index.ts';
import { allCases, familyOf, type Family } from '../index.ts';
import { openSuite, type OpenSuite } from '../engine/context.ts';
import { bundleFile, replayBundle } from '../engine/bundle.ts';
import { runCase, skipReason, skippedResult } from '../engine/run.ts';
import { waitReporter } from './progressChannel.ts';
import { AllureResults } from './allureResults.ts';
import { RunStoppedError } from '../../harness/index.ts';
import { selectCases, shardOf } from '../engine/select.ts';
import type { Case } from '../engine/types.ts';
import { runsAlone } from '../engine/lanes.ts';
import { CaseFailedError } from '../engine/errors.ts';

declare module 'vitest' {
  interface TaskMeta {
    operationId?: string;
    section?: string;
    capability?: string;
    check?: string;
    rules?: string[];
    transitions?: string[];
    statuses?: number[];
    destructive?: boolean;
    outcome?: 'passed' | 'failed' | 'skipped';
    message?: string;
    failedRule?: string;
    reproduction?: string;
    bundle?: string;
    durationMs?: number;
    /** Waits and busy retries of the case's steps. */
    notes?: string[];
    /** The target stopped answering during the case. */
    unreachable?: boolean;
    /** The run was stopped before the case started: it sent nothing. */
    notRun?: boolean;
    /** The worker wrote the case's Allure result (allureResults.ts): the run's Allure reporter leaves it. */
    allureWritten?: boolean;
    /** allure-vitest's setup: the test is not in the Allure test plan (ALLURE_TESTPLAN_PATH), so it is skipped. */
    allureSkip?: boolean;
  }
}

/** Per-case limit: a remote target polls for minutes; the emulator answers in milliseconds. */
const CASE_TIMEOUT_MS = 30 * 60_000;

/** The worker's Allure results, when the run asks for them (one writer for every family the worker runs). */
let allureResults: AllureResults | undefined;
const allureFor = (dir: string | undefined) => (dir ? (allureResults ??= new AllureResults(dir)) : undefined);

/**
 * Cases in the order a concurrent run starts them: those that need every lane first (nothing else has
 * started yet), then the longest kinds (model runs, rule checks, transitions), so the run ends on short
 * cases rather than waiting for one long one; the order within a kind is kept.
 */
const COST = ['stateful', 'state', 'rule', 'positive', 'negative', 'not-found'];
const costRank = (c: Case) => {
  const i = COST.findIndex((k) => c.check === k || c.check.startsWith(`${k}.`) || c.tags.includes(k));
  return i < 0 ? COST.length : i;
};
export const startOrder = (cases: readonly Case[], virtualClock: boolean): Case[] => {
  const alone = (c: Case) => Number(runsAlone(c, virtualClock));
  return [...cases].sort((a, b) => alone(b) - alone(a) || costRank(a) - costRank(b));
};

/** The selected cases of the run (profile, --only, shard), of one family or of all. */
async function selected(family?: Family): Promise<{ spec: Spec; cases: Case[] }> {
  const spec = await loadSpec();
  const run = inject('run');
  // Selection and shard are computed over every family, so slices of one run never overlap.
  const cases = shardOf(selectCases(allCases(spec), { profile: run.profile, only: run.only }), run.shard).filter((c) => family === undefined || familyOf(c) === family);
  return { spec, cases };
}

/** Opens the run's lanes before the cases and removes what they made after them. */
function lanesAround(spec: Spec, runId: string): () => OpenSuite {
  const run = inject('run');
  const target = inject('target');
  let open: OpenSuite | undefined;
  beforeAll(async () => {
    open = await openSuite(target, { spec, profile: run.profile, seed: run.seed, ...(run.runs ? { runs: run.runs } : {}), allowDestructive: run.allowDestructive, allowLongWaits: run.allowLongWaits, runId, mode: run.mode });
  });
  afterAll(async () => {
    const started = Date.now();
    const left = await open?.close();
    await allureFor(run.allureDir)?.flushed();
    if (left?.length) console.warn(`left in place: ${left.join('; ')}`);
    if (inject('target').kind === 'remote') console.log(`cleanup: the run's resources removed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  return () => open!;
}

/** One vitest test per case: each takes a lane (all of them when exclusive) and reports what it did. */
function registerCases(spec: Spec, cases: readonly Case[], suite: () => OpenSuite, concurrent: boolean): void {
  const run = inject('run');
  const target = inject('target');
  const stopAfter = inject('stopAfter');
  const notCounted = new Set(stopAfter?.notCounted);
  const allure = allureFor(run.allureDir);
  let deciding = 0;
  for (const c of cases) {
    const meta = { operationId: c.operationId, section: c.section, capability: spec.operation(c.operationId).capability, check: c.check, rules: c.rules, ...(c.transitions ? { transitions: c.transitions } : {}), statuses: c.statuses, destructive: c.destructive };
    (concurrent ? test.concurrent : test)(c.name, { timeout: CASE_TIMEOUT_MS, meta }, async (t) => {
      // A stopped run (a signal, --max-failures) starts no case and sends nothing more of the running ones.
      t.signal.addEventListener('abort', () => suite().stop(), { once: true });
      const startedAt = Date.now();
      // A case that does not run here needs no lane.
      const lanes = suite().lanes;
      const skip = skipReason(c, lanes.all[0]!);
      const r = skip ? skippedResult(c, skip) : await lanes.run(runsAlone(c, !!target.control), (ctx) => runCase(c, ctx, waitReporter(t))).catch((e: unknown) => {
        if (!(e instanceof RunStoppedError)) throw e;
        t.task.meta.notRun = true;
        return skippedResult(c, e.message);
      });
      // --max-failures: this file's own count is never above the run's, so stopping here is never early.
      if (r.status === 'failed' && stopAfter && !notCounted.has(c.name) && ++deciding >= stopAfter.maxFailures) suite().stop();
      Object.assign(t.task.meta, { outcome: r.status, durationMs: r.durationMs, ...(r.message ? { message: r.message } : {}), ...(r.rule ? { failedRule: r.rule } : {}), ...(r.reproduction ? { reproduction: r.reproduction } : {}), ...(r.notes ? { notes: r.notes } : {}), ...(r.unreachable ? { unreachable: true } : {}) });
      if (allure && !t.task.meta.allureSkip) {
        allure.write(spec, t.task, c, r, startedAt);
        t.task.meta.allureWritten = true;
      }
      if (r.status === 'failed') {
        const file = bundleFile(c.name);
        mkdirSync(join(run.reportDir, 'bundles'), { recursive: true });
        writeFileSync(join(run.reportDir, file), `${JSON.stringify(replayBundle(spec, c, r, { ...run, target }), null, 2)}\n`);
        t.task.meta.bundle = file;
        throw new CaseFailedError(r.message ?? '');
      }
      if (r.status === 'skipped') t.skip(r.message);
    });
  }
}

/** One family's cases, one after another on one lane (a target run with concurrency 1), or on the target's lanes. */
export async function registerFamily(family: Family): Promise<void> {
  const { spec, cases } = await selected(family);
  const suite = lanesAround(spec, `${inject('run').runId}${family.slice(0, 2)}`);
  const concurrent = inject('target').concurrency > 1;
  registerCases(spec, concurrent ? startOrder(cases, !!inject('target').control) : cases, suite, concurrent);
  if (!cases.length) test.skip(`${family}: no case selected`, () => {});
}

/**
 * Every family's cases on one pool of lanes (concurrency above 1): a family's long cases overlap the
 * others' instead of each family waiting for its slowest case, and each lane makes its fixtures once.
 */
export async function registerAll(): Promise<void> {
  const { spec, cases } = await selected();
  const suite = lanesAround(spec, inject('run').runId);
  registerCases(spec, startOrder(cases, !!inject('target').control), suite, true);
  if (!cases.length) test.skip('no case selected', () => {});
}
