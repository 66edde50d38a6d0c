// Per-attempt time limits for the transport. One timer per transport, set for the earliest live
// deadline, instead of a timer and an AbortController per request: those cost ~15 µs of client CPU
// per request (bench/harnessThroughput.ts), a tenth of what the checked client spends. The handle
// speaks the EventEmitter shape undici accepts as a request `signal` (aborted, reason, on/once/removeListener).

export class AbortHandle {
  aborted = false;
  reason: unknown = undefined;
  private listener: (() => void) | undefined;

  on(_event: 'abort', listener: () => void): this {
    this.listener = listener;
    return this;
  }

  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: () => void): this {
    if (this.listener === listener) this.listener = undefined;
    return this;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}

interface Entry {
  at: number;
  handle: AbortHandle;
  onTimeout: () => void;
}

export class Deadlines {
  private readonly live = new Set<Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts a limit of `ms`; on expiry `onTimeout` runs, then the handle aborts. Call the result when done. */
  start(ms: number, onTimeout: () => void): { signal: AbortHandle; done: () => void } {
    const entry: Entry = { at: this.now() + ms, handle: new AbortHandle(), onTimeout };
    this.live.add(entry);
    if (entry.at < this.timerAt) this.arm(entry.at);
    return {
      signal: entry.handle,
      done: () => {
        this.live.delete(entry);
        // No timer outlives the last attempt: a process must be free to exit.
        if (!this.live.size) this.disarm();
      },
    };
  }

  get pending(): number {
    return this.live.size;
  }

  private arm(at: number): void {
    this.disarm();
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - this.now()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    let next = Infinity;
    for (const e of this.live) {
      if (e.at <= now) {
        this.live.delete(e);
        e.onTimeout();
        e.handle.abort();
      } else if (e.at < next) next = e.at;
    }
    if (next !== Infinity) this.arm(next);
  }
}
