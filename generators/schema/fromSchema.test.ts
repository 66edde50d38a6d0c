import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createAjv } from '../../spec/schemaValidators.ts';
import { SchemaTooDeepError, UnsatisfiableSchemaError } from '../errors.ts';
import { assertProperty } from '../seed.ts';
import { arbitraryFromSchema, type Schema } from './fromSchema.ts';

// The spec's own strict ajv (formats included) judges every generated value.
const ajv = createAjv(['x-dcs-rule']);

// JSON Schema's if/then/else: `then` is a schema keyword here, never awaited.
function conditional(ifSchema: object, thenSchema: object, elseSchema?: object): Record<string, object> {
  // oxlint-disable-next-line unicorn/no-thenable
  return Object.fromEntries([['if', ifSchema], ['then', thenSchema], ...(elseSchema ? [['else', elseSchema]] : [])]);
}

const cases: Record<string, Schema> = {
  'integer range': { type: 'integer', minimum: 3, maximum: 9 },
  'integer exclusive, multipleOf': { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 100, multipleOf: 7 },
  'int32 without bounds': { type: 'integer', format: 'int32' },
  'number range': { type: 'number', minimum: -1.5, maximum: 2.25 },
  'number exclusive': { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  'unbounded number': { type: 'number' },
  'string lengths': { type: 'string', minLength: 3, maxLength: 5 },
  'long maxLength': { type: 'string', maxLength: 1024 },
  pattern: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', minLength: 4, maxLength: 64 },
  'negated pattern': { type: 'string', pattern: '^[^:]*$', minLength: 8, maxLength: 64 },
  'time pattern': { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$' },
  'date-time': { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  uuid: { type: 'string', format: 'uuid' },
  ipv4: { type: 'string', format: 'ipv4' },
  ipv6: { type: 'string', format: 'ipv6' },
  email: { type: 'string', format: 'email' },
  uri: { type: 'string', format: 'uri' },
  enum: { type: 'string', enum: ['a', 'b'] },
  const: { const: 'x' },
  'type union': { type: ['string', 'integer', 'null'], minimum: 1, maximum: 2, maxLength: 2 },
  anyOf: { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer', minimum: 10 }] },
  oneOf: { oneOf: [{ type: 'integer', minimum: 0, maximum: 10 }, { type: 'integer', minimum: 5, maximum: 20 }] },
  allOf: { allOf: [{ type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] }, { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] }] },
  not: { type: 'integer', minimum: 0, maximum: 5, not: { const: 3 } },
  'array unique': { type: 'array', items: { type: 'integer', minimum: 0, maximum: 3 }, minItems: 2, maxItems: 4, uniqueItems: true },
  prefixItems: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: false, minItems: 2 },
  'nested object': {
    type: 'object',
    required: ['a', 'nested'],
    properties: { a: { type: 'string', enum: ['x'] }, nested: { type: 'object', required: ['list'], properties: { list: { type: 'array', items: { type: 'object', required: ['k'], properties: { k: { type: 'integer', minimum: 1 } } } }, opt: { type: 'boolean' } } } },
  },
  additionalProperties: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: { type: 'string', maxLength: 3 } },
  'closed object': { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'], additionalProperties: false },
  dependentRequired: { type: 'object', properties: { b: { type: 'string' }, e: { type: 'string' } }, dependentRequired: { b: ['e'], e: ['b'] } },
  'if/then': {
    type: 'object',
    properties: { t: { type: 'string', enum: ['auto', 'manual'] }, d: { type: 'integer', minimum: 1, maximum: 7 } },
    required: ['t'],
    ...conditional({ properties: { t: { const: 'auto' } }, required: ['t'] }, { required: ['d'] }),
  },
  'if not/then/else': {
    type: 'object',
    properties: { free: { type: 'boolean' }, pw: { type: 'string', minLength: 8 }, why: { type: 'string' } },
    ...conditional({ not: { properties: { free: { const: true } }, required: ['free'] } }, { required: ['pw'] }, { required: ['why'] }),
  },
  'empty schema': {},
};

describe('arbitraryFromSchema: every value satisfies its schema (spec ajv, strict)', () => {
  test.each(Object.entries(cases))('%s', async (name, schema) => {
    const validate = ajv.compile(schema as object);
    await assertProperty(`fromSchema ${name}`, fc.property(arbitraryFromSchema(schema), (v) => {
      if (!validate(v)) throw new Error(`${JSON.stringify(v)}: ${ajv.errorsText(validate.errors)}`);
    }), { numRuns: 60 });
  });
});

describe('arbitraryFromSchema: options', () => {
  test('optional "all" and "none" include every optional property or none', () => {
    const schema = { type: 'object', required: ['r'], properties: { r: { type: 'integer' }, o: { type: 'integer' }, p: { type: 'string' } } };
    for (const v of fc.sample(arbitraryFromSchema(schema, { optional: 'all' }), { numRuns: 20, seed: 1 })) expect(Object.keys(v as object).sort()).toEqual(['o', 'p', 'r']);
    for (const v of fc.sample(arbitraryFromSchema(schema, { optional: 'none' }), { numRuns: 20, seed: 1 })) expect(Object.keys(v as object)).toEqual(['r']);
  });

  test('overrides replace the arbitrary at a JSON pointer, items included', () => {
    const schema = { type: 'object', required: ['a', 'l'], properties: { a: { type: 'string' }, l: { type: 'array', minItems: 1, items: { type: 'integer' } } } };
    const values = fc.sample(arbitraryFromSchema(schema, { overrides: { '/a': fc.constant('fixed'), '/l/-': fc.constant(7) } }), { numRuns: 20, seed: 2 }) as { a: string; l: number[] }[];
    for (const v of values) {
      expect(v.a).toBe('fixed');
      expect(v.l.every((x) => x === 7)).toBe(true);
    }
  });

  test('a schema without type gets one from its keywords', () => {
    for (const v of fc.sample(arbitraryFromSchema({ properties: { a: { type: 'integer' } }, required: ['a'] }), { numRuns: 20, seed: 4 })) expect(Number.isInteger((v as { a: number }).a)).toBe(true);
    for (const v of fc.sample(arbitraryFromSchema({ pattern: '^x+$' }), { numRuns: 20, seed: 4 })) expect(v).toMatch(/^x+$/);
    for (const v of fc.sample(arbitraryFromSchema({ items: { type: 'boolean' } }), { numRuns: 20, seed: 4 })) expect(Array.isArray(v)).toBe(true);
  });

  test('sizes stay modest', () => {
    const values = fc.sample(arbitraryFromSchema({ type: 'array', items: { type: 'string' } }), { numRuns: 200, seed: 3 }) as string[][];
    expect(Math.max(...values.map((v) => v.length))).toBeLessThanOrEqual(3);
    expect(Math.max(...values.flat().map((s) => s.length))).toBeLessThanOrEqual(16);
  });
});

describe('arbitraryFromSchema: schemas no value satisfies are refused with the location', () => {
  const refused: Record<string, Schema> = {
    'minLength > maxLength': { type: 'object', properties: { s: { type: 'string', minLength: 5, maxLength: 2 } }, required: ['s'] },
    'empty range': { type: 'integer', minimum: 5, maximum: 4 },
    'exclusive range without integer': { type: 'integer', exclusiveMinimum: 1, exclusiveMaximum: 2 },
    'no multiple in range': { type: 'integer', minimum: 1, maximum: 4, multipleOf: 5 },
    false: false,
    'enum that breaks the rest': { type: 'string', enum: ['abc'], maxLength: 2 },
    'minItems > maxItems': { type: 'array', minItems: 3, maxItems: 1 },
    'unknown type': { type: 'decimal' },
  };
  test.each(Object.entries(refused))('%s', (_, schema) => {
    const err = (() => {
      try {
        arbitraryFromSchema(schema, {}, '/root');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnsatisfiableSchemaError);
    expect((err as UnsatisfiableSchemaError).code).toBe('DCS_GEN_UNSATISFIABLE_SCHEMA');
    expect((err as Error).message).toMatch(/^schema at "\/root.*cannot be satisfied: .*Fix the schema/);
  });

  test('a schema that requires itself forever is refused as too deep', () => {
    const node: Record<string, unknown> = { type: 'object', required: ['child'], properties: {} };
    (node.properties as Record<string, unknown>).child = node;
    expect(() => arbitraryFromSchema(node, { maxDepth: 2 })).toThrow(SchemaTooDeepError);
  });
});
