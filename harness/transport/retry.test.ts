import { describe, expect, test } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, isIdempotent, parseRetryAfter, retryPolicy, shouldRetryResponse } from './retry.ts';

describe('retry policy', () => {
  const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, codes: ['X.1'] });

  test('only idempotent methods, only 429/503 or a throttling code', () => {
    expect(['GET', 'put', 'DELETE', 'HEAD', 'OPTIONS'].every(isIdempotent)).toBe(true);
    expect(['POST', 'PATCH'].some(isIdempotent)).toBe(false);
    expect(shouldRetryResponse(p, 'GET', 503, undefined)).toBe(true);
    expect(shouldRetryResponse(p, 'GET', 429, undefined)).toBe(true);
    expect(shouldRetryResponse(p, 'GET', 400, 'X.1')).toBe(true);
    expect(shouldRetryResponse(p, 'GET', 500, 'DCS.5000')).toBe(false);
    expect(shouldRetryResponse(p, 'POST', 503, undefined)).toBe(false);
    expect(shouldRetryResponse(p, 'PATCH', 429, 'X.1')).toBe(false);
  });

  test('backoff doubles, is jittered within [ceiling/2, ceiling], and never exceeds maxDelayMs', () => {
    for (const r of [0, 0.5, 1]) {
      const delays = [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(p, n, undefined, () => r));
      expect(delays[0]).toBe(50 + 50 * r);
      expect(delays[1]).toBe(100 + 100 * r);
      for (const d of delays) expect(d).toBeLessThanOrEqual(1_000);
    }
    expect(backoffDelay(p, 0, 700, () => 0)).toBe(700);
    expect(backoffDelay(p, 0, 3_600_000, () => 0)).toBe(1_000);
  });

  test('Retry-After: seconds or HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  test('bad policies are rejected with the fix', () => {
    expect(retryPolicy()).toEqual(DEFAULT_RETRY);
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(/maxRetries.*Fix/);
    expect(() => retryPolicy({ maxRetries: 1.5 })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT' }));
    expect(() => retryPolicy({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow(/baseDelayMs <= maxDelayMs/);
  });
});
