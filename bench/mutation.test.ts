// The mutation run's job order: the fault that slows every request first, the rest as listed.
import { expect, test } from 'vitest';
import { FAULTS } from '../emulator/faults/index.ts';
import { longestFirst, type Job } from './mutation.ts';

test('the jobs start with the faults that delay requests, the rest keeping their order', () => {
  const ids = FAULTS.map((f) => f.id);
  const jobs: Job[] = [{ faults: ids, scope: 'full', seed: 7 }, ...ids.map((fault) => ({ fault, faults: ids, scope: 'full' as const, seed: 7 }))];
  const ordered = longestFirst(jobs);
  const slow = FAULTS.filter((f) => (f.latencyMs ?? 0) > 0).map((f) => f.id);
  expect(slow.length).toBeGreaterThan(0);
  expect(ordered.slice(0, slow.length).map((j) => j.fault)).toEqual(slow);
  expect(ordered.slice(slow.length)).toEqual(jobs.filter((j) => !slow.includes(j.fault!)));
  expect(new Set(ordered)).toEqual(new Set(jobs));
});
