// A response read whole, as undici's dispatch handler: status, headers and the body's text, and nothing
// else. pool.request() builds a Readable stream, an AsyncResource and an abort listener per request, then
// body.text() reads the stream back: ~10–20 µs of client CPU a request that the transport, which always
// wants the whole text, does not need (measured: bench/harnessThroughput.ts, README "Performance").
import { errors, util } from 'undici';
import type { AbortHandle } from './deadlines.ts';

export interface Collected {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

/**
 * One attempt's handler (the legacy undici handler shape: onConnect, onHeaders, onData, onComplete,
 * onError). Settles `done` once; aborts the request when `signal` aborts, before or after connecting.
 */
export class ResponseCollector {
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private abortRequest: ((err: Error) => void) | undefined;

  constructor(
    private readonly signal: AbortHandle,
    private readonly resolve: (r: Collected) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    signal.on('abort', () => this.abortRequest?.(abortError(signal)));
  }

  onConnect(abort: (err: Error) => void): void {
    // Aborted while queued for a connection: the request goes no further.
    if (this.signal.aborted) abort(abortError(this.signal));
    else this.abortRequest = abort;
  }

  onHeaders(status: number, raw: Buffer[]): boolean {
    // An informational answer (1xx) comes here too; the final one follows and replaces it.
    this.status = status;
    const parsed = util.parseHeaders(raw) as Record<string, string | string[] | undefined>;
    const headers: Record<string, string> = {};
    for (const k in parsed) {
      const v = parsed[k];
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    this.headers = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const c = this.chunks;
    const text = c.length === 0 ? '' : c.length === 1 ? c[0]!.toString('utf8') : Buffer.concat(c).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, text });
  }

  onError(err: unknown): void {
    this.reject(err);
  }
}

/** What request() would have failed with: the signal's reason, or undici's own abort error (the deadline gives no reason; the transport's timedOut flag names it). */
function abortError(signal: AbortHandle): Error {
  return signal.reason instanceof Error ? signal.reason : new errors.RequestAbortedError();
}
