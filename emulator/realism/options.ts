// The emulator playing a cloud endpoint rather than a test double: asynchronous work that takes real
// time with jitter, reads that may lag writes by a bounded delay (eventual consistency), and
// throttling with 429 and Retry-After. The reference's own busy refusals come from the faithful
// state machine, unchanged. `--realistic` (or `"realism"` in the config file) switches it on.
import { EmulatorConfigError } from '../core/errors.ts';

export interface RealismOptions {
  /** Each asynchronous duration is multiplied by 1 + U(0, jitter) when it starts. */
  jitter: number;
  /** An answer to a read may be up to this old (ms): what a client reads right after a write may not show it yet. */
  readLagMs: number;
  /** Requests per second per caller (token, access key or address) above which the answer is 429 with Retry-After. */
  throttle?: { requestsPerSecond: number; burst: number };
}

/** A wrong realism setting: the config error of its key under `realism.`. */
const realismError = (key: string, fix: string) => new EmulatorConfigError(`realism.${key}`, fix);

/** Checks a realism block (from a config file or code); names the key and the fix. */
export function validateRealism(r: unknown): RealismOptions {
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw realismError('', 'must be an object such as { "jitter": 0.5, "readLagMs": 500, "throttle": { "requestsPerSecond": 150, "burst": 150 } }');
  const o = r as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['jitter', 'readLagMs', 'throttle'].includes(k)) throw realismError(k, 'is not a known setting (jitter, readLagMs, throttle)');
  if (typeof o.jitter !== 'number' || !(o.jitter >= 0) || o.jitter > 10) throw realismError('jitter', `must be a number from 0 to 10 (got ${JSON.stringify(o.jitter)}); 0.5 stretches each duration by up to 50 %`);
  if (typeof o.readLagMs !== 'number' || !(o.readLagMs >= 0) || !Number.isFinite(o.readLagMs)) throw realismError('readLagMs', `must be a non-negative number of milliseconds (got ${JSON.stringify(o.readLagMs)})`);
  if (o.throttle !== undefined) {
    const t = o.throttle as Record<string, unknown>;
    if (!t || typeof t !== 'object') throw realismError('throttle', 'must be { "requestsPerSecond": N, "burst": M }, or left out for no throttling');
    for (const k of ['requestsPerSecond', 'burst'] as const) {
      if (typeof t[k] !== 'number' || !((t[k] as number) > 0) || !Number.isFinite(t[k])) throw realismError(`throttle.${k}`, `must be a positive number (got ${JSON.stringify(t[k])})`);
    }
  }
  return o as unknown as RealismOptions;
}
