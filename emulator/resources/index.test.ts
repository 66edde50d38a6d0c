// The registry against the spec: every operation has exactly one handler, and none is registered
// under an id the spec does not have (a misspelt operationId would leave its route unserved).
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { handlersOf, RESOURCES } from './index.ts';

const spec = await loadSpec();

describe('resource registry', () => {
  test('the handlers are keyed by exactly the operations of the spec', () => {
    const handled = new Set(Object.keys(handlersOf()));
    const operations = spec.operations.map((o) => o.id);
    expect(operations.filter((id) => !handled.has(id)), 'operations of the spec without a handler').toEqual([]);
    expect([...handled].filter((id) => !operations.includes(id)), 'handlers of no operation of the spec').toEqual([]);
  });

  test('two modules handling one operation is refused, naming both', () => {
    const first = RESOURCES[0]!;
    const [id, handler] = Object.entries(first.handlers)[0]!;
    expect(() => handlersOf([...RESOURCES, { name: 'second', handlers: { [id]: handler } }])).toThrow(`operation ${id} has handlers in two resource modules (${first.name} and second)`);
  });

  test('each resource has its own name', () => {
    const names = RESOURCES.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
