// Eventual consistency, bounded: the answer to a read is kept for a random time of up to readLagMs
// and served again to the same caller for the same URL until then. A client that reads right after
// a write may therefore see the state before it (a new instance not yet listed, a status that changes
// a little later), but never anything older than readLagMs.
export interface CachedAnswer {
  status: number;
  body?: unknown;
}

export class ReadLag {
  private readonly answers = new Map<string, { answer: CachedAnswer; until: number }>();
  private sets = 0;

  constructor(
    private readonly maxLagMs: number,
    private readonly random: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A kept answer still within its lag, or undefined (the caller reads fresh state and keep()s it). */
  get(key: string): CachedAnswer | undefined {
    const hit = this.answers.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now()) return hit.answer;
    this.answers.delete(key);
    return undefined;
  }

  keep(key: string, answer: CachedAnswer): void {
    if (!(this.maxLagMs > 0)) return;
    const now = this.now();
    this.answers.set(key, { answer, until: now + this.random() * this.maxLagMs });
    // Drop what has expired now and then, so many distinct URLs do not pile up.
    if (++this.sets % 1000 === 0) for (const [k, v] of this.answers) if (v.until <= now) this.answers.delete(k);
  }
}
