// A closed-loop load generator: `concurrency` loops, each sending its next request as soon as the
// previous answer is read, for a fixed time after a warm-up. The same generator drives every
// server and client compared, so only the thing measured differs.
export interface LoadOptions {
  concurrency: number;
  seconds: number;
  /** Requests before timing starts (JIT, connection setup); not counted. */
  warmupSeconds?: number;
  /** Called when the warm-up ends and timing starts (e.g. to read the server's CPU time). */
  onStart?: () => void;
  /** Sends the i-th request; resolves with the status code once the body is read. */
  send: (i: number) => Promise<number>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Count per status code. */
  statuses: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  let next = 0;
  if (o.warmupSeconds) await loop(o, performance.now() + o.warmupSeconds * 1000, () => next++, () => {});
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  o.onStart?.();
  const started = performance.now();
  await loop(o, started + o.seconds * 1000, () => next++, (status, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
  });
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
  return { requests: latencies.length, seconds: round(elapsed), requestsPerSecond: Math.round(latencies.length / elapsed), statuses, latencyMs: { p50: q(0.5), p99: q(0.99), max: round(latencies.at(-1) ?? NaN) } };
}

async function loop(o: LoadOptions, until: number, take: () => number, record: (status: number, ms: number) => void): Promise<void> {
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const status = await o.send(take());
        record(status, performance.now() - t);
      }
    }),
  );
}

const round = (x: number) => Math.round(x * 100) / 100;
