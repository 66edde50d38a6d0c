// jsonText (core/json.ts) must be JSON.stringify byte for byte, kept texts of frozen values included.
import { describe, expect, test } from 'vitest';
import { jsonText } from './json.ts';
import { deepFreeze } from './shape.ts';

describe('jsonText', () => {
  const values: unknown[] = [
    null, 0, -1.5, Number.NaN, 'a "quoted" \u2028 é', true, [], {}, [undefined, () => 1, Symbol('s'), null],
    { b: 1, a: [1, { c: undefined, d: 'x' }], 2: 'two', 1: 'one', f: () => 1, s: Symbol('s'), when: new Date(0) },
    { nested: deepFreeze({ list: [deepFreeze({ k: 'v' }), 3], empty: [] }), plain: { x: [[]] } },
  ];
  test.each(values.map((v, i) => [i, v]))('value %i is written as JSON.stringify writes it', (_i, v) => {
    expect(jsonText(v)).toBe(JSON.stringify(v));
  });

  test('a frozen value inside a new one keeps its text; a value that is not frozen is written anew', () => {
    const piece = deepFreeze({ id: 'p', tags: ['a'] });
    const plain = { n: 1 };
    expect(jsonText({ items: [piece, plain] })).toBe('{"items":[{"id":"p","tags":["a"]},{"n":1}]}');
    plain.n = 2;
    expect(jsonText({ items: [piece, plain] })).toBe('{"items":[{"id":"p","tags":["a"]},{"n":2}]}');
  });
});
