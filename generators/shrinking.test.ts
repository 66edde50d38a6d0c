// Shrinking works: deliberately failing properties reduce to minimal counterexamples (fixed seeds,
// fc.check so the failure is the subject of the test rather than an error).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { domainEntry } from './domain/index.ts';
import { requestArbitrary } from './schema/operation.ts';

const spec = await loadSpec();
const SEEDS = [1, 2, 3];

describe('shrinking', () => {
  test.each(SEEDS)('a valid instance password "shorter than 40" fails at exactly 40 characters (seed %i)', (seed) => {
    const pw = domainEntry<string>(spec, spec.rules.password.instance.id);
    const r = fc.check(fc.property(pw.valid, (p) => [...p].length < 40), { seed });
    expect(r.failed).toBe(true);
    const [counterexample] = r.counterexample!;
    expect([...counterexample].length).toBe(40);
    // Still a valid password: shrinking never leaves the valid side.
    expect(pw.check(counterexample)).toEqual([]);
  });

  test.each(SEEDS)('a port "below 1000" fails at 1000 (seed %i)', (seed) => {
    const r = fc.check(fc.property(domainEntry<number>(spec, spec.rules.port.id).valid, (p) => p < 1000), { seed });
    expect(r.counterexample).toEqual([1000]);
  });

  test.each(SEEDS)('a create request whose name "must be under 10 characters" shrinks to the required fields and a 10-character name (seed %i)', (seed) => {
    const create = spec.operations.find((o) => o.section === spec.rules.byId(spec.rules.name.instance.id).appliesTo![0]!.section)!;
    const nameField = spec.rules.byId(spec.rules.name.instance.id).appliesTo![0]!.field;
    const r = fc.check(fc.property(requestArbitrary(spec, create.id), (req) => [...String((req.body as Record<string, unknown>)[nameField])].length < 10), { seed });
    expect(r.failed).toBe(true);
    const body = r.counterexample![0].body as Record<string, unknown>;
    expect([...String(body[nameField])].length).toBe(10);
    expect(Object.keys(body).sort()).toEqual([...(create.requestBody!.schema!.required as string[])].sort());
    expect(spec.validateRequestBody(create.id, body).valid).toBe(true);
  });

  test.each(SEEDS)('an invalid port "must not be out of range" shrinks to the nearest boundary (seed %i)', (seed) => {
    const port = domainEntry<number>(spec, spec.rules.port.id);
    const r = fc.check(fc.property(port.invalidByKind.range!, (inv) => port.check(inv.value).length === 0), { seed });
    expect([spec.rules.port.minimum - 1, spec.rules.port.maximum + 1]).toContain(r.counterexample![0].value);
  });
});
