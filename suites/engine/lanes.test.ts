// Lanes: a case takes one free lane; an exclusive case takes all of them and runs alone; waiting
// cases are served in order, and none starts ahead of a waiting exclusive case.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { LanePool } from './lanes.ts';
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
