// The mutation run's jobs: those of faults that only delay answers wait rather than compute, so they
// run beside the computing workers; both keep the catalog's order.
import { expect, test } from 'vitest';
import { FAULTS } from '../emulator/faults/index.ts';
import { byWhatTheySpend, type Job } from './mutation.ts';

test('the faults that delay answers are the waiting jobs; every other job computes, in order', () => {
  const ids = FAULTS.map((f) => f.id);
  const jobs: Job[] = [{ faults: ids, scope: 'full', seed: 7 }, ...ids.map((fault) => ({ fault, faults: ids, scope: 'full' as const, seed: 7 }))];
  const { waiting, computing } = byWhatTheySpend(jobs);
  const slow = FAULTS.filter((f) => (f.latencyMs ?? 0) > 0).map((f) => f.id);
  expect(slow.length).toBeGreaterThan(0);
  expect(waiting.map((j) => j.fault)).toEqual(slow);
  expect(computing).toEqual(jobs.filter((j) => !slow.includes(j.fault!)));
  expect(computing[0]!.fault, 'the faithful emulator first').toBeUndefined();
});
