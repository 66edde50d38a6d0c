// Progress of a run as a person reads it: on a terminal one status line redrawn in place (cases done,
// failures so far, ETA, the case running and its latest wait); elsewhere (CI logs, pipes) plain lines,
// at most one per `everyMs` as cases finish, and a heartbeat when nothing finished for `heartbeatMs`
// naming the case running and for how long — a long wait on a real target is never silent.
// Events come in through a small typed interface (ProgressEvents): the collector forwards vitest's
// reporter events — a case ready (started), an annotation of type WAIT_ANNOTATION (a wait the engine
// reported from the worker, suites/run/progressChannel.ts), a case result.
import type { ResultStatus } from './types.ts';
import { paint, SGR, visible, type Palette } from './colour.ts';

export interface ProgressEvents {
  started(caseName: string): void;
  /** A wait inside a case: "instance X CREATING -> RUNNING, 3 s". */
  wait(caseName: string, text: string): void;
  finished(caseName: string, status: ResultStatus, detail?: { message?: string; durationMs?: number }): void;
  /** The run is over (or stopped): the status line is cleared, the timer stopped. */
  stop(): void;
  /** A line from the run outside any case (cleanup, resources left in place). */
  note?(text: string): void;
}

export interface ProgressSink {
  /** Raw text (a terminal gets control sequences; lines end with \n). */
  write(text: string): void;
  /** A terminal: redraw in place. Otherwise plain lines. */
  tty: boolean;
  columns?: number;
  colour?: boolean;
}

export interface ProgressOptions {
  total: number;
  /** Non-terminal: at most one progress line per this many ms as cases finish (default 2 s). */
  everyMs?: number;
  /** Non-terminal: a heartbeat line after this long without one (default 5 s). */
  heartbeatMs?: number;
  /** Every finished case as a line (--verbose). */
  verbose?: boolean;
  /** The clock (tests move it by hand) and whether to start the heartbeat timer. */
  now?: () => number;
  timer?: boolean;
}

const CLEAR = '\r\x1b[2K';
const RESET = '\x1b[0m';

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress implements ProgressEvents {
  private done = 0;
  private failures = 0;
  private readonly running = new Map<string, { since: number; wait?: string }>();
  private readonly started0: number;
  /** Last line of any kind (the heartbeat waits for silence), and last status line (throttled). */
  private lastLine: number;
  private lastStatus: number;
  private drawn = false;
  private readonly timer?: ReturnType<typeof setInterval>;
  private readonly now: () => number;
  private readonly p: Palette;

  constructor(
    private readonly sink: ProgressSink,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started0 = this.now();
    this.lastLine = this.started0;
    this.lastStatus = this.started0;
    this.p = paint(!!sink.colour);
    if (options.timer !== false) {
      this.timer = setInterval(() => this.tick(), 1_000);
      this.timer.unref();
    }
  }

  started(caseName: string): void {
    this.running.set(caseName, { since: this.now() });
    if (this.sink.tty) this.draw();
  }

  wait(caseName: string, text: string): void {
    const r = this.running.get(caseName) ?? { since: this.now() };
    this.running.set(caseName, { ...r, wait: text });
    if (this.sink.tty) this.draw();
    else this.line(`[wait] ${caseName}: ${text}`);
  }

  finished(caseName: string, status: ResultStatus, detail: { message?: string; durationMs?: number } = {}): void {
    this.running.delete(caseName);
    this.done++;
    const first = detail.message?.split('\n')[0] ?? '';
    if (status === 'failed') {
      this.failures++;
      this.line(`${this.p.red('✗')} ${caseName}${first ? ` ${this.p.dim(first)}` : ''}`);
    } else if (this.options.verbose) {
      const mark = status === 'passed' ? this.p.green('✓') : status === 'waived' ? this.p.yellow('w') : this.p.dim('–');
      this.line(`${mark} ${caseName}${detail.durationMs !== undefined ? this.p.dim(` (${detail.durationMs} ms)`) : ''}${status === 'skipped' && first ? this.p.dim(`: ${first}`) : ''}`);
    }
    if (this.sink.tty) this.draw();
    else if (this.now() - this.lastStatus >= (this.options.everyMs ?? 2_000) || this.done === this.options.total) {
      this.line(this.status());
      this.lastStatus = this.now();
    }
  }

  /** Timer: the terminal's elapsed times move; elsewhere a heartbeat when nothing was printed for a while. */
  tick(): void {
    if (this.sink.tty) return this.draw();
    if (this.now() - this.lastLine < (this.options.heartbeatMs ?? 5_000)) return;
    const [name, r] = this.oldest() ?? [];
    this.line(name && r ? `[progress] still running ${name} (${duration(this.now() - r.since)}${r.wait ? `; ${r.wait}` : ''}) · ${this.counts()}` : `[progress] ${this.counts()} · between cases`);
  }

  note(text: string): void {
    this.line(text);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.sink.tty && this.drawn) this.sink.write(CLEAR);
    this.drawn = false;
  }

  /** The status as one line (also what the terminal redraws). */
  status(): string {
    const [name, r] = this.oldest() ?? [];
    const more = this.running.size > 1 ? ` (+${this.running.size - 1} more)` : '';
    const current = name && r ? ` · running ${name}${more} ${this.p.dim(duration(this.now() - r.since))}${r.wait ? ` · ${this.p.cyan(r.wait)}` : ''}` : '';
    return `[progress] ${this.counts()}${current}`;
  }

  private counts(): string {
    const { total } = this.options;
    const pct = total ? ` (${Math.floor((100 * this.done) / total)}%)` : '';
    const f = `${this.failures} failure${this.failures === 1 ? '' : 's'} so far`;
    const eta = this.eta();
    return `${this.done}/${total} cases${pct} · ${this.failures ? this.p.red(f) : f}${eta ? ` · ETA ${eta}` : ''}`;
  }

  /** Remaining cases at the average pace so far; none until the pace means something. */
  private eta(): string | undefined {
    const elapsed = this.now() - this.started0;
    if (this.done < 3 || elapsed < 2_000 || this.done >= this.options.total) return undefined;
    return duration((elapsed / this.done) * (this.options.total - this.done));
  }

  private oldest(): [string, { since: number; wait?: string }] | undefined {
    let best: [string, { since: number; wait?: string }] | undefined;
    for (const e of this.running) if (!best || e[1].since < best[1].since) best = e;
    return best;
  }

  private line(text: string): void {
    this.sink.write(`${this.sink.tty && this.drawn ? CLEAR : ''}${text}\n`);
    this.drawn = false;
    this.lastLine = this.now();
  }

  private draw(): void {
    const width = Math.max(20, (this.sink.columns ?? 100) - 1);
    this.sink.write(`${CLEAR}${truncate(this.status(), width)}`);
    this.drawn = true;
  }
}

/** Cuts a line to `width` visible characters (colour sequences do not count). */
export function truncate(text: string, width: number): string {
  if (visible(text).length <= width) return text;
  const at = new RegExp(`^${SGR.source}`);
  let out = '';
  for (let i = 0, n = 0; i < text.length && n < width - 1; ) {
    const m = at.exec(text.slice(i));
    if (m) {
      out += m[0];
      i += m[0].length;
      continue;
    }
    out += text[i++];
    n++;
  }
  return `${out}…${visible(text) === text ? '' : RESET}`;
}
