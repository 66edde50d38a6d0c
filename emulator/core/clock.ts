// The emulator's virtual clock. Status transitions are stored as deadlines on this clock and
// settled lazily when state is read, so a test can jump through minutes of provisioning in one
// call, and the same seed replays the same timings.
import { ClockModeError } from './errors.ts';

export type ClockMode = { kind: 'real' } | { kind: 'scaled'; factor: number } | { kind: 'manual' };

export class VirtualClock {
  private base: number;
  private realAtBase: number;
  private offset = 0;

  constructor(
    readonly mode: ClockMode = { kind: 'manual' },
    start = Date.UTC(2025, 4, 13, 0, 0, 0),
    private readonly realNow: () => number = () => performance.now(),
  ) {
    this.base = start;
    this.realAtBase = this.realNow();
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    const elapsed = this.realNow() - this.realAtBase;
    const running = this.mode.kind === 'real' ? elapsed : this.mode.kind === 'scaled' ? elapsed * this.mode.factor : 0;
    return Math.floor(this.base + running + this.offset);
  }

  /** Moves virtual time forward (any mode); never backwards. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance takes a non-negative number of milliseconds, got ${ms}`);
    this.offset += ms;
    return this.now();
  }

  iso(t = this.now()): string {
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

export function parseClockMode(text: string): ClockMode {
  if (text === 'real') return { kind: 'real' };
  if (text === 'manual') return { kind: 'manual' };
  const m = /^scaled:(\d+(?:\.\d+)?)$/.exec(text);
  if (m && Number(m[1]) > 0) return { kind: 'scaled', factor: Number(m[1]) };
  throw new ClockModeError(text);
}
