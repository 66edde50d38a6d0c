// A response read whole, as undici's dispatch handler: status, headers and the body's text, and nothing
// else. pool.request() builds a Readable stream, an AsyncResource and an abort listener per request, then
// body.text() reads the stream back: work the transport, which always wants the whole text, does not
// need. Replacing it took the checked client from 111 to 68 µs of client CPU a request in the quietest
// interleaved run (bench/harnessThroughput.ts --baseline, README "Sixth round").
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
 * onError). Calls `resolve` or `reject` (the first call counts); when `signal` aborts, the attempt
 * fails at once, whether or not it has a connection yet (a request still queued behind busy
 * connections is dropped when one frees).
 */
export class ResponseCollector {
  /** True when undici refused the request inside dispatch() itself, before queueing it (a header it will not send…). */
  refused = false;
  private dispatching = true;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private abortRequest: ((err: Error) => void) | undefined;

  constructor(
    private readonly signal: AbortHandle,
    private readonly resolve: (r: Collected) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    signal.on('abort', () => {
      const err = abortError(signal);
      if (this.abortRequest) this.abortRequest(err);
      else this.reject(err);
    });
  }

  /** Call when dispatch() has returned: an error after this is the exchange's, not a refusal. */
  dispatched(): void {
    this.dispatching = false;
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
    const bytes = c.length === 1 ? c[0]! : Buffer.concat(c);
    // As undici's body.text(): a UTF-8 byte order mark is not part of the text.
    const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.resolve({ status: this.status, headers: this.headers, text: bytes.toString('utf8', start) });
  }

  onError(err: unknown): void {
    if (this.dispatching) this.refused = true;
    this.reject(err);
  }
}

/** What request() would have failed with: the signal's reason, or undici's own abort error (the deadline gives no reason; the transport's `deadline.expired` names it). */
function abortError(signal: AbortHandle): Error {
  return signal.reason instanceof Error ? signal.reason : new errors.RequestAbortedError();
}
