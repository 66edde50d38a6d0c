// Lanes: the contexts a run spreads its cases over. A case takes a free lane and runs on that lane's
// own fixtures; a case that reads what every lane changes (tenant-wide counts, quotas, tenant tags)
// takes all of them, so it runs alone, and so does, on a virtual clock, a case that is not clockFree
// (runsAlone). Waiting cases are served in order, and once an exclusive case waits, no later case
// starts before it.
import type { Case, SuiteContext } from './types.ts';
import { SuitesInternalError } from './errors.ts';

/**
 * Instances one lane may hold at once: its shared ones (main, SSL), a case's own (a model keeps up to
 * four live), and the ones its last case deleted that are not gone yet. A run's lanes are sized so that
 * this many each fit the tenant's instance quota, and a create fitted to the quota leaves it to the others.
 */
export const LANE_FOOTPRINT = 6;

/**
 * Lanes of a run on a virtual clock (the emulator's control API). Cases that share the clock run on
 * them at once, so the suite's side prepares and checks one case while the emulator answers another:
 * against the embedded emulator the two are separate processes on the machine's cores, and one lane
 * left each waiting on the other. Certification on 2 cores, 3 interleaved rounds: 1 lane 19.5-21.3 s,
 * 2 lanes 16.4-19.2, 3 lanes 16.0-19.8, 4 lanes 15.6-17.8 (README "Issue 17 rounds").
 */
export const VIRTUAL_CLOCK_LANES = 4;

/**
 * Whether a case takes every lane: it reads what every lane changes, or, on a virtual clock (one clock
 * that any lane's settle moves for all), it is not `clockFree`.
 */
export const runsAlone = (c: Pick<Case, 'exclusive' | 'clockFree'>, virtualClock: boolean): boolean => !!c.exclusive || (virtualClock && !c.clockFree);

interface Waiter {
  exclusive: boolean;
  grant: (lanes: SuiteContext[]) => void;
  refuse: (e: Error) => void;
}

export class LanePool {
  private readonly free: SuiteContext[];
  private readonly queue: Waiter[] = [];
  private closed?: () => Error;
  private drained: (() => void)[] = [];

  constructor(readonly all: readonly SuiteContext[]) {
    if (!all.length) throw new SuitesInternalError('a lane pool needs at least one lane');
    this.free = [...all];
  }

  get size(): number {
    return this.all.length;
  }

  /** Runs `fn` on a free lane (or on all of them, alone, when `exclusive`), then gives the lane(s) back. */
  async run<T>(exclusive: boolean, fn: (ctx: SuiteContext) => Promise<T>): Promise<T> {
    if (this.closed) throw this.closed();
    const lanes = await new Promise<SuiteContext[]>((grant, refuse) => {
      this.queue.push({ exclusive, grant, refuse });
      this.dispatch();
    });
    try {
      return await fn(lanes[0]!);
    } finally {
      this.free.push(...lanes);
      this.dispatch();
    }
  }

  /** No case starts any more: waiting ones are refused with `reason()`. */
  close(reason: () => Error): void {
    this.closed ??= reason;
    for (const w of this.queue.splice(0)) w.refuse(reason());
  }

  /** Resolves once no lane is busy (the cases running when the run stopped have ended). */
  drain(): Promise<void> {
    if (this.free.length === this.all.length) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private dispatch(): void {
    if (this.free.length === this.all.length) for (const d of this.drained.splice(0)) d();
    while (this.queue.length) {
      const next = this.queue[0]!;
      const need = next.exclusive ? this.all.length : 1;
      if (this.free.length < need) return;
      this.queue.shift();
      // Lanes keep their order, so a lone exclusive case runs on the first lane's fixtures.
      this.free.sort((a, b) => this.all.indexOf(a) - this.all.indexOf(b));
      next.grant(this.free.splice(0, need));
    }
  }
}
