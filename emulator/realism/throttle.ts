// Throttling as an API gateway does it: a token bucket per caller; a request over the rate is not
// processed and is answered 429 with Retry-After (reference 6.1), the seconds until a token is free.
export class Throttle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: { requestsPerSecond: number; burst: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** undefined: go ahead; otherwise the whole seconds to wait before trying again. */
  take(caller: string): number | undefined {
    const t = this.now();
    const b = this.buckets.get(caller) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.requestsPerSecond);
    b.at = t;
    this.buckets.set(caller, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.requestsPerSecond));
  }
}

/** Who a request comes from, as a gateway sees it before checking the credentials. */
export function callerOf(headers: Record<string, string | string[] | undefined>, address: string | undefined): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const token = first(headers['x-auth-token']);
  if (token) return `token:${token}`;
  const access = /Access=([^,\s]+)/.exec(first(headers.authorization) ?? '')?.[1];
  return access ? `ak:${access}` : `addr:${address ?? 'unknown'}`;
}
