// Lanes: a case takes one free lane; an exclusive case takes all of them and runs alone, and so does,
// on a virtual clock, a case that is not clockFree; waiting cases are served in order, and none starts
// ahead of a waiting exclusive case.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { LanePool, runsAlone } from './lanes.ts';
import { loadSpec } from '../../spec/index.ts';
import { allCases } from '../index.ts';
import type { SuiteContext } from './types.ts';

const lanes = (n: number) => Array.from({ length: n }, (_, i) => ({ lane: i }) as unknown as SuiteContext);

test('cases run at once up to the number of lanes, each on a lane of its own', async () => {
  const pool = new LanePool(lanes(3));
  let running = 0;
  let most = 0;
  const used = new Set<unknown>();
  await Promise.all(Array.from({ length: 9 }, () => pool.run(false, async (ctx) => {
    expect(used.has(ctx)).toBe(false);
    used.add(ctx);
    most = Math.max(most, ++running);
    await sleep(10);
    running--;
    used.delete(ctx);
  })));
  expect(most).toBe(3);
});

test('an exclusive case waits for every lane, runs alone, and no later case starts before it', async () => {
  const pool = new LanePool(lanes(2));
  const log: string[] = [];
  const job = (name: string, exclusive = false, ms = 20) => pool.run(exclusive, async () => {
    log.push(`start ${name}`);
    await sleep(ms);
    log.push(`end ${name}`);
  });
  await Promise.all([job('a', false, 30), job('x', true), job('b')]);
  expect(log.indexOf('start x')).toBeGreaterThan(log.indexOf('end a'));
  // b was queued after x: it starts only once x is over.
  expect(log.indexOf('start b')).toBeGreaterThan(log.indexOf('end x'));
  expect(log.slice(log.indexOf('start x'), log.indexOf('end x') + 1)).toEqual(['start x', 'end x']);
});

test('a lane comes back after a case that throws', async () => {
  const pool = new LanePool(lanes(1));
  await expect(pool.run(false, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  expect(await pool.run(false, async () => 'next')).toBe('next');
});

test('on a virtual clock only a clockFree case shares the lanes; anywhere, an exclusive one runs alone', () => {
  const rows = [{}, { clockFree: true }, { exclusive: true }, { exclusive: true, clockFree: true }].map((c) => [runsAlone(c, true), runsAlone(c, false)]);
  expect(rows).toEqual([[true, false], [false, false], [true, true], [true, true]]);
});

test('the cases that share a virtual clock are the single-request and settle-then-check families, and no case that watches work under way', async () => {
  const spec = await loadSpec();
  const cases = allCases(spec);
  const familyOf = (c: (typeof cases)[number]) => (c.tags.includes('security') ? 'security' : c.check.replace(/\..*$/, ''));
  const shares = [...new Set(cases.filter((c) => !runsAlone(c, true)).map(familyOf))].sort();
  expect(shares).toEqual(['negative', 'not-found', 'positive', 'security']);
  // Of those families, a case runs alone only when it reads what every lane changes (the quota checks).
  expect(cases.filter((c) => shares.includes(familyOf(c)) && runsAlone(c, true) && !c.exclusive).map((c) => c.name)).toEqual([]);
  // Transitions, state records and refusals, lock expiry, models and rule checks watch a status between a
  // request and its settle, or move the clock: none of them may share it.
  expect([...new Set(cases.map(familyOf))].filter((f) => !shares.includes(f))).toEqual(expect.arrayContaining(['rule', 'state', 'stateful']));
});
