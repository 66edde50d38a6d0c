// From the vitest workers to the progress the user sees, through vitest's reporter channel: a case
// starting (onTestCaseReady), a wait the worker annotates (waitReporter -> onTestCaseAnnotate), a case
// finishing; and --max-failures cancelling the run, the cases it never reached marked not run.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startVitest } from 'vitest/node';
import { ResultCollector, type PlannedResult } from './collector.ts';
import type { ProgressEvents } from './progress.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURE = 'reporters/fixtures/progressChannel.fixture.ts';

async function run(collector: ResultCollector, env: Record<string, string> = {}): Promise<void> {
  const vitest = await startVitest('test', [], { root: ROOT, config: false, include: [FIXTURE], watch: false, reporters: [collector], isolate: false, fileParallelism: false, env }, undefined, { stdout: process.stdout, stderr: process.stderr });
  await vitest.close();
}

function recording(): ProgressEvents & { events: string[] } {
  const events: string[] = [];
  return { events, started: (n) => void events.push(`started ${n}`), wait: (n, t) => void events.push(`wait ${n}: ${t}`), finished: (n, s) => void events.push(`finished ${n} ${s}`), stop: () => void events.push('stop') };
}

const FIXTURE_CASES = ['CreateInstance', 'ListInstances', 'ShowInstance', 'DeleteSingleInstance'];
const plannedFor = (operationIds: readonly string[]): PlannedResult[] =>
  operationIds.map((operationId) => ({ name: `${operationId} › positive`, operationId, section: '4.2', check: 'positive', capability: '4.2 Instance Management', rules: [] }));

describe('the collector and the worker channel', { timeout: 60_000 }, () => {
  test('case started, its wait and its end reach the progress in order; results come back from meta', async () => {
    const progress = recording();
    const collector = new ResultCollector(progress, { planned: plannedFor(FIXTURE_CASES) });
    await run(collector);
    // Every planned case came back: the run did not break.
    expect(collector.stopped).toBeUndefined();
    const i = (e: string) => progress.events.indexOf(e);
    expect(i('started CreateInstance › positive')).toBeGreaterThanOrEqual(0);
    expect(i('wait CreateInstance › positive: instance i-1 CREATING -> RUNNING, 3 s')).toBeGreaterThan(i('started CreateInstance › positive'));
    expect(i('finished CreateInstance › positive passed')).toBeGreaterThan(i('wait CreateInstance › positive: instance i-1 CREATING -> RUNNING, 3 s'));
    expect(progress.events).toContain('finished ListInstances › positive failed');
    expect(progress.events.at(-1)).toBe('stop');
    expect(collector.results.map((r) => [r.name, r.status])).toEqual([['CreateInstance › positive', 'passed'], ['ListInstances › positive', 'failed'], ['ShowInstance › positive', 'passed'], ['DeleteSingleInstance › positive', 'passed']]);
  });

  test('--max-failures: the run is cancelled at the first deciding failure; the rest is marked not run', async () => {
    const collector = new ResultCollector(recording(), { maxFailures: 1 });
    await run(collector, { DCS_FIXTURE_HOLD: '1' });
    // The case after the failure is held until the cancel arrives; the one after it never starts.
    const notRun = collector.results.filter((r) => r.notRun).map((r) => r.name);
    expect(notRun).toContain('DeleteSingleInstance › positive');
    expect(collector.stopped).toEqual({ reason: 'max-failures', maxFailures: 1, notRun: notRun.length });
    expect(collector.results.find((r) => r.name === 'DeleteSingleInstance › positive')).toMatchObject({ status: 'skipped', message: 'not run: the run stopped at --max-failures 1' });
    expect(collector.results.slice(0, 2).map((r) => r.status)).toEqual(['passed', 'failed']);
  });

  test('a failure the baseline knows does not count toward --max-failures', async () => {
    const collector = new ResultCollector(recording(), { maxFailures: 1, known: new Set(['ListInstances › positive']) });
    await run(collector);
    expect(collector.stopped).toBeUndefined();
    expect(collector.results.every((r) => !r.notRun)).toBe(true);
  });

  test('a suite file that does not load: its planned cases are not run with the error, and the run is stopped as broken', async () => {
    const collector = new ResultCollector(recording(), { planned: plannedFor(FIXTURE_CASES) });
    await run(collector, { DCS_FIXTURE_BREAK: '1' });
    expect(collector.stopped).toMatchObject({ reason: 'error', notRun: 4 });
    expect(collector.stopped!.error).toContain('progressChannel.fixture.ts');
    expect(collector.stopped!.error).toContain('RangeError: suite file failed to load (fixture)');
    expect(collector.results.map((r) => [r.name, r.status, r.notRun])).toEqual(FIXTURE_CASES.map((o) => [`${o} › positive`, 'skipped', true]));
    expect(collector.results[0]!.message).toMatch(/^not run: the run broke before this case: .*RangeError/);
  });

  test('a planned case that never reports back (no error seen) still breaks the run, by name', async () => {
    const collector = new ResultCollector(recording(), { planned: plannedFor([...FIXTURE_CASES, 'GhostOperation']) });
    await run(collector);
    expect(collector.stopped).toEqual({ reason: 'error', error: '1 planned case(s) produced no result (the first: GhostOperation › positive)', notRun: 1 });
    expect(collector.results.filter((r) => r.notRun).map((r) => r.name)).toEqual(['GhostOperation › positive']);
  });
});
