import fc from 'fast-check';
import { expect, test } from 'vitest';
import { stringMatching } from './stringMatching.ts';

test('one arbitrary per pattern, flags and constraints', () => {
  expect(stringMatching(/^[a-z]{1,4}$/)).toBe(stringMatching(/^[a-z]{1,4}$/));
  expect(stringMatching(/^[a-z]{1,4}$/, { maxLength: 3 })).toBe(stringMatching(/^[a-z]{1,4}$/, { maxLength: 3 }));
  expect(stringMatching(/^[a-z]{1,4}$/, { maxLength: 3 })).not.toBe(stringMatching(/^[a-z]{1,4}$/));
  expect(stringMatching(/^[a-z]{1,4}$/m)).not.toBe(stringMatching(/^[a-z]{1,4}$/));
});

test('draws what fast-check draws for the same seed, on every use', () => {
  const pattern = /^[A-Za-z][A-Za-z0-9_-]{0,11}$/;
  const fresh = fc.sample(fc.stringMatching(pattern, { maxLength: 8 }), { seed: 42, numRuns: 50 });
  expect(fc.sample(stringMatching(pattern, { maxLength: 8 }), { seed: 42, numRuns: 50 })).toEqual(fresh);
  expect(fc.sample(stringMatching(pattern, { maxLength: 8 }), { seed: 42, numRuns: 50 })).toEqual(fresh);
});
