// The per-round ratio and its call: the median of the rounds' ratios, never a ratio of medians, and
// no call when the rounds disagree too much.
import { expect, test } from 'vitest';
import { callRatio, median, ratioText, roundRatios } from './ratios.ts';

test('median of an even count averages the middle two; of none is an error', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow(RangeError);
});

test('ratios pair the rounds: the issue\'s harness rounds (raw 13.3k → 7.4k) give 0.62 / 0.46 / 0.65, undecided', () => {
  const rows = [
    { round: 1, v: 'raw', rps: 13_300 }, { round: 1, v: 'harness', rps: 8_246 },
    { round: 2, v: 'raw', rps: 11_082 }, { round: 2, v: 'harness', rps: 5_098 },
    { round: 3, v: 'raw', rps: 7_400 }, { round: 3, v: 'harness', rps: 4_810 },
  ];
  const ratios = roundRatios(rows, (r) => r.v === 'harness', (r) => r.v === 'raw', (r) => r.rps);
  expect(ratios.map((x) => Math.round(x * 100) / 100)).toEqual([0.62, 0.46, 0.65]);
  const c = callRatio(ratios, 0.5);
  expect(c).toMatchObject({ median: 0.62, min: 0.46, max: 0.65, call: 'undecided' });
  expect(ratioText('harness / raw', c)).toMatch(/cannot be called: the rounds straddle it and spread 31 %/);
});

test('rounds that straddle the target with a tight spread are called by their median, met or missed', () => {
  expect(callRatio([4.9, 5.3, 5.2], 5).call).toBe('met');
  expect(callRatio([4.8, 5.05, 4.85], 5).call).toBe('missed');
  expect(ratioText('emulator / prism', callRatio([4.8, 5.05, 4.85], 5))).toMatch(/target ≥ 5: MISSED by the median$/);
});

test('rounds that all lie on one side of the target call it, however wide their spread', () => {
  // The 2026-12-05 emulator/Prism mix: 7.58 / 11.12 / 10.78, spread 33 %, every round above 5.
  expect(callRatio([7.58, 11.12, 10.78], 5)).toMatchObject({ call: 'met', spread: 0.33 });
  expect(ratioText('emulator / prism', callRatio([7.58, 11.12, 10.78], 5))).toMatch(/target ≥ 5: met in every round$/);
  expect(callRatio([0.3, 0.45, 0.6], 0.75).call).toBe('missed');
  expect(callRatio([0.3, 0.8, 0.6], 0.75).call).toBe('undecided');
});

test('a round missing a variant is an error, not a silent ratio', () => {
  expect(() => roundRatios([{ round: 1, v: 'a', x: 1 }], (r) => r.v === 'a', (r) => r.v === 'b', (r) => r.x)).toThrow(/round 1/);
});

test('fewer than three rounds call nothing, however far from the target they lie', () => {
  expect(callRatio([0.42], 0.75)).toMatchObject({ call: 'undecided', undecidedBy: 'rounds' });
  expect(callRatio([9, 10], 5)).toMatchObject({ call: 'undecided', undecidedBy: 'rounds' });
  expect(ratioText('harness / raw', callRatio([0.42], 0.75))).toMatch(/target ≥ 0.75: not called from 1 round \(at least 3\): run with --rounds 3 or more$/);
  expect(callRatio([0.3, 0.8, 0.6], 0.75)).toMatchObject({ call: 'undecided', undecidedBy: 'spread' });
  expect(callRatio([9, 10, 11], 5)).not.toHaveProperty('undecidedBy');
});
