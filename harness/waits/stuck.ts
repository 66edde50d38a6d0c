// Behaviours a target was found never to complete (a deleted instance still served, a task that never
// ends). The first wait that times out pays the timeout and names the case; later waits for the same
// behaviour fail at once with a pointer to it, so one broken behaviour costs one timeout, not one per case.
export interface Stuck {
  behaviour: string;
  foundBy: string;
  timeoutMs: number;
}

export class StuckBehaviours {
  private readonly found = new Map<string, Stuck>();

  mark(behaviour: string, foundBy: string, timeoutMs: number): void {
    if (!this.found.has(behaviour)) this.found.set(behaviour, { behaviour, foundBy, timeoutMs });
  }

  get(behaviour: string): Stuck | undefined {
    return this.found.get(behaviour);
  }

  get all(): Stuck[] {
    return [...this.found.values()];
  }
}
