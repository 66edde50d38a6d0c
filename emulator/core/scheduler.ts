// Deadlines on the virtual clock. Asynchronous effects (CREATING -> RUNNING, backup progress, job
// completion) are queued here and run, in deadline order, before each request is served and when
// the control API advances the clock: no timers, so runs are deterministic for a seed.
export class Scheduler {
  private queue: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  at(time: number, run: () => void): void {
    const item = { at: time, seq: this.seq++, run };
    // Insertion keeps the queue sorted; deadlines mostly arrive in increasing order.
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1]!.at > time)) i--;
    this.queue.splice(i, 0, item);
  }

  runDue(now: number): number {
    let ran = 0;
    while (this.queue.length && this.queue[0]!.at <= now) {
      this.queue.shift()!.run();
      ran++;
    }
    return ran;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** The next deadline, for clients that want to advance straight to it. */
  get next(): number | undefined {
    return this.queue[0]?.at;
  }
}
