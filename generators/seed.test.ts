import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { InvalidSeedError, PropertyFailedError } from './errors.ts';
import { assertProperty, propertyParameters } from './seed.ts';

describe('propertyParameters', () => {
  test('DCS_SEED_FC wins over the option, the option over a random seed', () => {
    expect(propertyParameters({ seed: 7, env: { DCS_SEED_FC: '42' } }).seed).toBe(42);
    expect(propertyParameters({ seed: 7, env: {} }).seed).toBe(7);
    expect(Number.isInteger(propertyParameters({ env: {} }).seed)).toBe(true);
    expect(propertyParameters({ env: { DCS_SEED_FC: '-5', DCS_RUNS_FC: '3' } })).toEqual({ seed: -5, numRuns: 3 });
    expect(propertyParameters({ numRuns: 9, env: {} }).numRuns).toBe(9);
  });

  test('a replay path turns on endOnFailure', () => {
    expect(propertyParameters({ env: { DCS_SEED_FC: '1', DCS_PATH_FC: '0:1:2' } })).toMatchObject({ seed: 1, path: '0:1:2', endOnFailure: true });
  });

  test('rejects a seed that is not an integer, naming the variable and the fix', () => {
    const err = (() => {
      try {
        propertyParameters({ env: { DCS_SEED_FC: '12abc' } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidSeedError);
    expect((err as InvalidSeedError).code).toBe('DCS_GEN_INVALID_SEED');
    expect((err as Error).message).toMatch(/DCS_SEED_FC="12abc".*seed=<n>/);
    expect(() => propertyParameters({ env: { DCS_RUNS_FC: '1.5' } })).toThrow(InvalidSeedError);
  });
});

describe('assertProperty', () => {
  test('a passing property prints nothing unless given log (then seed=<n>)', async () => {
    const lines: string[] = [];
    const params = await assertProperty('holds', fc.property(fc.nat(), (n) => n >= 0), { seed: 11, numRuns: 5, log: (l) => lines.push(l), env: {} });
    expect(lines).toEqual(['[fc] holds seed=11 numRuns=5']);
    expect(params).toEqual({ seed: 11, numRuns: 5 });
    const spy = vi.spyOn(console, 'log');
    try {
      await assertProperty('holds', fc.property(fc.nat(), (n) => n >= 0), { seed: 11, numRuns: 5, env: {} });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('a failure names seed and path, and replaying them gives the same counterexample at once', async () => {
    const prop = () => fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => n < 500);
    const failure = await assertProperty('fails', prop(), { seed: 3, numRuns: 200, log: () => {}, env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(PropertyFailedError);
    const f = failure as PropertyFailedError;
    expect(f.code).toBe('DCS_GEN_PROPERTY_FAILED');
    expect(f.seed).toBe(3);
    expect(f.path).toMatch(/^\d+(:\d+)*$/);
    expect(f.message).toContain(`seed=3 path=${f.path}`);
    expect(f.message).toContain(`DCS_SEED_FC=3 DCS_PATH_FC=${f.path}`);
    expect(f.message).toMatch(/Counterexample: \[500\]/);
    // Replay through the environment, as the message says.
    const replay = await assertProperty('fails', prop(), { log: () => {}, env: { DCS_SEED_FC: '3', DCS_PATH_FC: f.path } }).then(
      () => undefined,
      (e: unknown) => e as PropertyFailedError,
    );
    expect(replay?.message).toMatch(/Counterexample: \[500\]/);
    expect(replay?.message).toMatch(/failed after 1 test/);
  });

  test('works for async properties', async () => {
    await expect(assertProperty('async', fc.asyncProperty(fc.nat(), async (n) => n < 0), { seed: 1, numRuns: 3, log: () => {}, env: {} })).rejects.toThrow(/seed=1/);
  });
});
