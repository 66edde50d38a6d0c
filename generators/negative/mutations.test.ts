import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { genericInvalidParameterRule } from '../expectations.ts';
import { requestArbitrary } from '../schema/operation.ts';
import { assertProperty } from '../seed.ts';
import { NothingToMutateError } from '../errors.ts';
import { MUTATION_KINDS, mutationsOf, negativeRequestArbitrary, type NegativeRequest } from './mutations.ts';

const spec = await loadSpec();
const withBody = spec.operations.filter((o) => o.requestBody?.schema);
const generic = genericInvalidParameterRule(spec).id;

/** Whether the spec itself refuses the mutated request: JSON parsing, the body schema, or the parameter schema. */
function refused(m: NegativeRequest): boolean {
  const id = m.request.operationId;
  if (m.rawBody !== undefined) {
    if (m.rawBody === '') return !spec.validateRequestBody(id, undefined).valid;
    try {
      return !spec.validateRequestBody(id, JSON.parse(m.rawBody)).valid;
    } catch {
      return true;
    }
  }
  if (m.target.startsWith('query:')) {
    const name = m.target.slice('query:'.length);
    const value = m.request.query[name];
    return value === undefined ? !!spec.operation(id).parameters.find((p) => p.name === name)?.required : !spec.validateParameter(id, name, value).valid;
  }
  return !spec.validateRequestBody(id, m.request.body).valid;
}

/** The schema node at a JSON pointer of the body, with the x-dcs-rule nearest to it on the way down. */
function governingRule(opId: string, pointer: string): string | undefined {
  let node = spec.operation(opId).requestBody!.schema as Record<string, unknown> | undefined;
  let rule: string | undefined;
  for (const seg of pointer.split('/').slice(1)) {
    if (Array.isArray(node?.['x-dcs-rule'])) rule = (node['x-dcs-rule'] as string[])[0];
    const props = (node?.properties ?? {}) as Record<string, Record<string, unknown>>;
    node = /^\d+$/.test(seg) ? (node?.items as Record<string, unknown>) : (props[seg] ?? (node?.additionalProperties as Record<string, unknown>));
  }
  if (Array.isArray(node?.['x-dcs-rule'])) rule = (node['x-dcs-rule'] as string[])[0];
  return rule;
}

describe('mutationsOf: every operation with a body or constrained query', () => {
  test.each(withBody.map((o) => [o.id]))('%s: each negative request is refused by the spec and expects the right rule', async (id) => {
    await assertProperty(`mutations ${id}`, fc.property(requestArbitrary(spec, id, { optional: 'all' }), (req) => {
      const ms = mutationsOf(spec, req);
      expect(ms.some((m) => m.kind === 'malformed-json')).toBe(true);
      for (const m of ms) {
        if (!refused(m)) throw new Error(`${m.description} was not refused: ${JSON.stringify(m.request.body)}`);
        expect(m.expect.status).toBe(spec.errors.require(m.expect.errorCodes[0]!).status);
        if (m.target.startsWith('body:')) expect(m.expect.rule).toBe(governingRule(id, m.target.slice('body:'.length)) ?? generic);
      }
    }), { numRuns: 20 });
  });

  test('query parameters are mutated too, as text a server receives', async () => {
    const ops = spec.operations.filter((o) => o.parameters.some((p) => p.in === 'query' && (p.schema.enum || p.schema.type === 'integer')));
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      await assertProperty(`query mutations ${op.id}`, fc.property(requestArbitrary(spec, op.id, { optional: 'all' }), (req) => {
        const ms = mutationsOf(spec, req).filter((m) => m.target.startsWith('query:'));
        expect(ms.length).toBeGreaterThan(0);
        for (const m of ms) {
          expect(refused(m), m.description).toBe(true);
          // Every value is one a URL can carry: never a number where a numeric string would parse the same.
          const v = m.request.query[m.target.slice('query:'.length)];
          if (m.kind === 'wrong-type') expect(typeof v).toBe('string');
        }
      }), { numRuns: 5 });
    }
  });

  test('all seven kinds occur across the spec', () => {
    const seen = new Set(withBody.flatMap((o) => fc.sample(requestArbitrary(spec, o.id, { optional: 'all' }), { numRuns: 3, seed: 7 }).flatMap((r) => mutationsOf(spec, r).map((m) => m.kind))));
    expect([...seen].sort()).toEqual([...MUTATION_KINDS].sort());
  });
});

describe('expected answers', () => {
  test('a rule-governed field expects its rule code, a per-field code where the rule has one, else the generic code', () => {
    const create = spec.operations.find((o) => o.section === spec.rules.byId('port').appliesTo![0]!.section)!;
    const [req] = fc.sample(requestArbitrary(spec, create.id, { optional: 'all' }), { numRuns: 1, seed: 4 });
    const ms = mutationsOf(spec, req!);
    const at = (target: string, kind: string) => ms.find((m) => m.target === target && m.kind === kind)?.expect;
    expect(at('body:/port', 'out-of-range')).toMatchObject({ rule: 'port', errorCodes: spec.errors.equivalents(spec.rules.port.errorCode) });
    expect(at('body:/name', 'wrong-type')?.errorCodes).toEqual(spec.errors.equivalents(spec.rules.name.instance.errorCode));
    expect(at('body:/instance_backup_policy/save_days', 'out-of-range')?.errorCodes).toContain(spec.rules.backupPolicy.errorCodes.save_days);
    expect(at('body:/vpc_id', 'wrong-type')?.rule).toBe(generic);
    expect(at('body:/vpc_id', 'drop-required')?.rule).toBe(generic);
    expect(at('body', 'malformed-json')?.errorCodes).toContain('DCS.4005');
    expect(ms.find((m) => m.kind === 'empty-body')).toMatchObject({ rawBody: '', expect: { rule: 'request.empty-body' } });
  });

  test('malformed JSON and empty bodies are sent raw', () => {
    const op = withBody.find((o) => o.requestBody!.required)!;
    const [req] = fc.sample(requestArbitrary(spec, op.id), { numRuns: 1, seed: 5 });
    const ms = mutationsOf(spec, req!);
    const malformed = ms.find((m) => m.kind === 'malformed-json')!;
    expect(() => JSON.parse(malformed.rawBody!)).toThrow();
    expect(ms.find((m) => m.kind === 'empty-body')!.request.body).toBeUndefined();
  });
});

describe('negativeRequestArbitrary', () => {
  test('yields only the requested kinds', () => {
    const op = withBody[0]!;
    for (const m of fc.sample(negativeRequestArbitrary(spec, op.id, { kinds: ['drop-required', 'bad-enum'] }), { numRuns: 30, seed: 6 })) {
      expect(['drop-required', 'bad-enum']).toContain(m.kind);
      expect(refused(m)).toBe(true);
    }
  });

  test('refuses an operation with nothing a schema can break', () => {
    const bare = spec.operations.find((o) => !o.requestBody && o.parameters.every((p) => p.in === 'path'))!;
    expect(bare).toBeDefined();
    expect(() => negativeRequestArbitrary(spec, bare.id)).toThrow(NothingToMutateError);
  });
});
