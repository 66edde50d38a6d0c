// From the vitest workers to the progress the user sees, through vitest's reporter channel: a case
// starting (onTestCaseReady), a wait the worker annotates (waitReporter -> onTestCaseAnnotate), a case
// finishing; and --max-failures cancelling the run, the cases it never reached marked not run.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startVitest } from 'vitest/node';
import { ResultCollector } from './collector.ts';
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

describe('the collector and the worker channel', { timeout: 60_000 }, () => {
  test('case started, its wait and its end reach the progress in order; results come back from meta', async () => {
    const progress = recording();
    const collector = new ResultCollector(progress);
    await run(collector);
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
});
