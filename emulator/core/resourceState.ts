// What a resource module keeps on an instance (Instance.ext) or for a project (ProjectState.slice),
// behind typed keys: a module declares `const ACL_STATE = stateKey<Map<string, Account>>('acl')` and
// reads `inst.ext.get(ACL_STATE)` as `Map<string, Account> | undefined`, with no cast. Another module
// reads that state only by importing the key, so who shares what shows in the imports.

/** A key of one piece of state. Its identity is the object: the name only helps a debugger (two keys of one name are two entries). */
export class StateKey<T extends object> {
  // Never set: ties the key to its value's type, invariantly (a key of a subtype is not a key of its base).
  declare private readonly valueType: (value: T) => T;
  constructor(readonly name: string) {}
}

export const stateKey = <T extends object>(name: string): StateKey<T> => new StateKey<T>(name);

export class ResourceState {
  private readonly values = new Map<object, unknown>();

  get<T extends object>(key: StateKey<T>): T | undefined {
    // The one cast of per-resource state: set() and ensure() store nothing but a T under a StateKey<T>.
    return this.values.get(key) as T | undefined;
  }

  set<T extends object>(key: StateKey<T>, value: T): void {
    this.values.set(key, value);
  }

  /** The state of `key`, created by `init` on first use. */
  ensure<T extends object>(key: StateKey<T>, init: () => NoInfer<T>): T {
    const had = this.get(key);
    if (had !== undefined) return had;
    const created = init();
    this.values.set(key, created);
    return created;
  }

  /** A shallow copy (the same values under the same keys), for restore(). */
  copy(): ResourceState {
    const c = new ResourceState();
    for (const [k, v] of this.values) c.values.set(k, v);
    return c;
  }

  /** Puts back the entries of `from` (a copy() taken earlier): entries added since are removed, changed ones put back. */
  restore(from: ResourceState): void {
    this.values.clear();
    for (const [k, v] of from.values) this.values.set(k, v);
  }
}
