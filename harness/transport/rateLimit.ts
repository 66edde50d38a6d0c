// A token bucket shared by every attempt of a transport (or of several, when a run's lanes share it):
// real clouds throttle per tenant, and a conformance run must not trip that throttling (or be banned)
// by firing requests back to back. When the target throttles anyway (429), everyone pauses for its
// Retry-After and the rate halves, then recovers gradually (additive increase, multiplicative decrease).
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError } from '../errors.ts';

export interface RateLimit {
  requestsPerSecond: number;
  /** Requests allowed back to back after an idle period (default 1: evenly spaced). */
  burst?: number;
}

export class RateLimiter {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();
  private readonly burst: number;
  /** The rate now: the configured one, lowered after throttling until it recovers. */
  private rate: number;
  private pausedUntil = 0;
  private throttledAt = Number.NEGATIVE_INFINITY;
  /** How often the target throttled this limiter's requests. */
  throttles = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.burst = limit.burst ?? 1;
    if (!(limit.requestsPerSecond > 0) || !Number.isFinite(limit.requestsPerSecond)) {
      throw new InvalidArgumentError(`rateLimit.requestsPerSecond must be a positive number (got ${limit.requestsPerSecond}). Fix: e.g. { requestsPerSecond: 5 }, or omit rateLimit.`);
    }
    if (!Number.isInteger(this.burst) || this.burst < 1) throw new InvalidArgumentError(`rateLimit.burst must be an integer >= 1 (got ${limit.burst}). Fix: omit it or use 1.`);
    this.tokens = this.burst;
    this.last = now();
    this.rate = limit.requestsPerSecond;
  }

  /** The target answered 429: nobody sends before `retryAfterMs` has passed, and the rate halves. */
  throttled(retryAfterMs = 1_000): void {
    const t = this.now();
    this.throttles++;
    this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
    this.rate = Math.max(this.limit.requestsPerSecond / 64, this.rate / 2);
    this.throttledAt = t;
  }

  /** Requests per second allowed now. */
  get currentRate(): number {
    return this.rate;
  }

  /** Resolves when the caller may send; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const t = this.now();
    // Back to the configured rate by a tenth of it for every second without throttling.
    if (this.rate < this.limit.requestsPerSecond) this.rate = Math.min(this.limit.requestsPerSecond, this.rate + ((t - Math.max(this.last, this.throttledAt)) / 1000) * this.limit.requestsPerSecond * 0.1);
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }

  private async take(): Promise<void> {
    const paused = this.pausedUntil - this.now();
    if (paused > 0) await sleep(Math.ceil(paused));
    this.refill();
    if (this.tokens < 1) {
      await sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      this.refill();
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }
}
