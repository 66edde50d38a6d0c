import { expect, test } from 'vitest';
import { RateLimiter } from './rateLimit.ts';

test('a burst is allowed back to back, then requests are spaced', async () => {
  const limiter = new RateLimiter({ requestsPerSecond: 25, burst: 3 });
  const times: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => times.push(performance.now() - t0))));
  expect(times.slice(0, 3).every((t) => t < 30)).toBe(true);
  for (let i = 4; i < 6; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(35);
  expect(times[5]!).toBeGreaterThanOrEqual(3 * 38);
});

test('bad limits are rejected with the fix', () => {
  expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond.*Fix/);
  expect(() => new RateLimiter({ requestsPerSecond: 5, burst: 0 })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT' }));
});
