// Whether the target still answers. A target that accepts connections and never answers would cost a
// whole per-request timeout on every request of a run (hours); after a few requests in a row time out,
// every transport sharing this health fails at once with TargetUnreachableError instead, so the run
// ends as unreachable in about one timeout.
import { TargetUnreachableError } from '../errors.ts';

export class TargetHealth {
  private timeoutsInARow = 0;
  private gaveUp?: string;

  constructor(
    readonly origin: string,
    /** Consecutive timed-out requests after which the target counts as not answering. */
    readonly maxTimeoutsInARow = 3,
  ) {}

  /** Throws when the target was found not to answer: nothing more is sent. */
  check(): void {
    if (this.gaveUp) throw new TargetUnreachableError(this.origin, this.gaveUp);
  }

  answered(): void {
    this.timeoutsInARow = 0;
  }

  timedOut(limitMs: number): void {
    if (++this.timeoutsInARow >= this.maxTimeoutsInARow) this.gaveUp ??= `${this.timeoutsInARow} requests in a row got no answer within ${limitMs} ms; it accepts connections but does not answer`;
  }

  get unreachable(): boolean {
    return !!this.gaveUp;
  }
}
