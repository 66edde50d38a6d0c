// A token bucket shared by every attempt of a transport: real clouds throttle per tenant, and a
// conformance run must not trip that throttling (or be banned) by firing requests back to back.
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
  }

  /** Resolves when the caller may send; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.limit.requestsPerSecond);
    this.last = t;
  }

  private async take(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await sleep(Math.ceil(((1 - this.tokens) / this.limit.requestsPerSecond) * 1000));
      this.refill();
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }
}
