// Per-attempt time limits for the transport. One timer per transport, set for the earliest live
// deadline, instead of a timer and an AbortController per request: those cost ~15 µs of client CPU
// per request (bench/harnessThroughput.ts), a tenth of what the checked client spends. The handle
// speaks the EventEmitter shape undici accepts as a request `signal` (aborted, reason, on/once/removeListener);
// the transport's response collector (collector.ts) listens to it the same way.

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

/** One live limit. A class, not a literal with a `done` arrow: under tsx (how the CLI runs) every
 * named arrow in a literal is wrapped to keep its name, a property definition per attempt. */
export class Deadline {
  /** True once the limit passed (before the handle aborts). */
  expired = false;
  readonly signal = new AbortHandle();

  constructor(
    private readonly owner: Deadlines,
    readonly at: number,
    readonly onTimeout: (() => void) | undefined,
  ) {}

  /** The attempt ended: the limit no longer applies. */
  done(): void {
    this.owner.drop(this);
  }
}

export class Deadlines {
  private readonly live = new Set<Deadline>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Starts a limit of `ms`; on expiry it is marked `expired`, `onTimeout` runs, then the handle aborts. Call `done()` on the result when finished. */
  start(ms: number, onTimeout?: () => void): Deadline {
    const entry = new Deadline(this, this.now() + ms, onTimeout);
    this.live.add(entry);
    if (entry.at < this.timerAt) this.arm(entry.at);
    return entry;
  }

  /** @internal Deadline.done(). */
  drop(entry: Deadline): void {
    this.live.delete(entry);
    // No timer outlives the last attempt: a process must be free to exit.
    if (!this.live.size) this.disarm();
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
        e.expired = true;
        e.onTimeout?.();
        e.signal.abort();
      } else if (e.at < next) next = e.at;
    }
    if (next !== Infinity) this.arm(next);
  }
}
