// Adaptive polling: the first reads come quickly (a local or fast target finishes in a fraction of a
// second), then the interval grows to the configured one (a real cloud takes minutes).
export class Backoff {
  private current: number;

  constructor(
    private readonly ceiling: number,
    first = 100,
    private readonly factor = 1.6,
  ) {
    this.current = Math.min(first, ceiling);
  }

  next(): number {
    const out = this.current;
    this.current = Math.min(this.ceiling, Math.ceil(this.current * this.factor));
    return out;
  }
}
