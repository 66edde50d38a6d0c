// When a request may be sent again, and how long to wait first. Only idempotent methods are retried:
// a POST that timed out or was throttled may still have taken effect, and the suites must see it.
import { InvalidArgumentError } from '../errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  /** Upper bound of any single wait, Retry-After included. */
  maxDelayMs: number;
  /** Statuses that mean "not now": retried for idempotent methods. */
  statuses: readonly number[];
  /** Throttling error codes (from the catalog) retried for idempotent methods whatever the status. */
  codes: readonly string[];
  /**
   * Throttling: a request answered with one of these statuses was not processed (reference 6.1), so it
   * is sent again whatever its method, after Retry-After, up to maxRetries more times.
   */
  throttle: { statuses: readonly number[]; maxRetries: number; maxDelayMs: number };
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 2_000, statuses: [429, 503], codes: [], throttle: { statuses: [429], maxRetries: 8, maxDelayMs: 60_000 } };

/** RFC 9110 §9.2.2 idempotent methods. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY, ...overrides };
  const bad = (what: string, fix: string) => new InvalidArgumentError(`retry.${what}. Fix: ${fix}.`);
  if (!Number.isInteger(p.maxRetries) || p.maxRetries < 0 || p.maxRetries > 10) throw bad(`maxRetries must be an integer 0-10 (got ${p.maxRetries})`, 'use a small bound such as 2');
  if (!(p.baseDelayMs >= 0) || !(p.maxDelayMs >= p.baseDelayMs)) throw bad(`delays must satisfy 0 <= baseDelayMs <= maxDelayMs (got ${p.baseDelayMs}, ${p.maxDelayMs})`, 'e.g. { baseDelayMs: 200, maxDelayMs: 2000 }');
  return p;
}

/** Whether a throttled answer is sent again: any method, up to the throttle's own bound. */
export function shouldRetryThrottled(policy: RetryPolicy, status: number, throttledSoFar: number): boolean {
  return policy.throttle.statuses.includes(status) && throttledSoFar <= policy.throttle.maxRetries;
}

export function shouldRetryResponse(policy: RetryPolicy, method: string, status: number, errorCode: string | undefined): boolean {
  if (!isIdempotent(method)) return false;
  return policy.statuses.includes(status) || (errorCode !== undefined && policy.codes.includes(errorCode));
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with equal jitter (half fixed, half random), never below the server's
 * Retry-After and never above maxDelayMs, so a run's total wait is at most maxRetries * maxDelayMs.
 * `retry` counts from 0.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}
