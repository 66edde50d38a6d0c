// Per-resource state behind typed keys: what a key stores is what it reads, a key is its object (not
// its name), copy/restore put an instance's state back as it was. The @ts-expect-error lines are
// checked by `tsc --noEmit`: each fails the typecheck if the type it refuses is ever accepted.
import { describe, expect, test } from 'vitest';
import { ResourceState, stateKey } from './resourceState.ts';

interface Counter { n: number }
interface Named { n: number; name: string }

describe('ResourceState', () => {
  test('a key reads what was set under it, and nothing before', () => {
    const key = stateKey<Counter>('counter');
    const s = new ResourceState();
    expect(s.get(key)).toBeUndefined();
    const value = { n: 1 };
    s.set(key, value);
    expect(s.get(key)).toBe(value);
  });

  test('two keys of one name are two entries', () => {
    const a = stateKey<Counter>('same');
    const b = stateKey<Counter>('same');
    const s = new ResourceState();
    s.set(a, { n: 1 });
    expect(s.get(b)).toBeUndefined();
  });

  test('ensure creates on first use only', () => {
    const key = stateKey<Map<string, number>>('map');
    const s = new ResourceState();
    let made = 0;
    const init = () => (made++, new Map<string, number>());
    const first = s.ensure(key, init);
    first.set('x', 1);
    expect(s.ensure(key, init)).toBe(first);
    expect(made).toBe(1);
  });

  test('restore puts back a copy: added entries go, replaced ones come back', () => {
    const kept = stateKey<Counter>('kept');
    const added = stateKey<Counter>('added');
    const s = new ResourceState();
    const original = { n: 1 };
    s.set(kept, original);
    const before = s.copy();
    s.set(kept, { n: 2 });
    s.set(added, { n: 3 });
    s.restore(before);
    expect(s.get(kept)).toBe(original);
    expect(s.get(added)).toBeUndefined();
  });

  test('keys are typed: a value of another type, or a key of another type, does not compile', () => {
    const counter = stateKey<Counter>('counter');
    const named = stateKey<Named>('named');
    const s = new ResourceState();
    // @ts-expect-error a string is not a Counter
    s.set(counter, 'one');
    // @ts-expect-error a key of a subtype is not a key of its base (a Counter stored under it would read as Named)
    const widened: typeof counter = named;
    s.set(named, { n: 1, name: 'x' });
    const read: Named | undefined = s.get(named);
    expect(read?.name).toBe('x');
    expect(widened).toBe(named);
  });
});
