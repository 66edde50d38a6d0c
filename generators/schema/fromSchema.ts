// fast-check arbitraries from a JSON Schema (2020-12, as the dereferenced OpenAPI 3.1 document holds
// it): types and type unions, enum/const, numeric ranges, lengths, patterns, formats, arrays, nested
// objects with required/optional keys, additionalProperties, dependentRequired, if/then/else, allOf,
// anyOf, oneOf and not. Values are valid by construction where possible, filtered only where not.
import fc from 'fast-check';
import { SchemaTooDeepError, UnsatisfiableSchemaError } from '../errors.ts';
import { formatArbitrary } from './formats.ts';
import { matches } from './matches.ts';
import { stringMatching } from './stringMatching.ts';

export type Schema = boolean | { [k: string]: unknown };
type Obj = { [k: string]: unknown };

export interface SchemaArbitraryOptions {
  /** Which optional object properties appear: a random subset (default), all of them, or none. */
  optional?: 'random' | 'all' | 'none';
  /** Items above minItems, and extra keys of additionalProperties maps (default 3). */
  maxItems?: number;
  /** Characters above minLength for strings without a pattern or format (default 16). */
  maxStringLength?: number;
  /** Depth below which optional properties stop appearing (default 8). */
  maxDepth?: number;
  /** Characters of strings without a pattern, enum or format (default printable ASCII). */
  stringUnit?: fc.Arbitrary<string>;
  /** Arbitraries that replace the schema-derived ones, by JSON pointer ("/name", "/tags/0/key"; items use "/-"). */
  overrides?: Record<string, fc.Arbitrary<unknown>>;
}

interface Ctx extends Required<Omit<SchemaArbitraryOptions, 'stringUnit' | 'overrides'>> {
  stringUnit: fc.Arbitrary<string> | 'grapheme-ascii';
  overrides: Record<string, fc.Arbitrary<unknown>>;
}

/** Code points, as JSON Schema counts string length. */
export const lengthOf = (s: string): number => [...s].length;

export const pointerChild = (pointer: string, key: string | number): string => `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

const MODEST_RANGE = 1000;
// Formats that bound integers (OpenAPI's int32/int64).
const INT_FORMATS: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

export function arbitraryFromSchema(schema: Schema, options: SchemaArbitraryOptions = {}, pointer = ''): fc.Arbitrary<unknown> {
  const ctx: Ctx = {
    optional: options.optional ?? 'random',
    maxItems: options.maxItems ?? 3,
    maxStringLength: options.maxStringLength ?? 16,
    maxDepth: options.maxDepth ?? 8,
    stringUnit: options.stringUnit ?? 'grapheme-ascii',
    overrides: options.overrides ?? {},
  };
  return build(schema, ctx, pointer, 0);
}

function build(schema: Schema, ctx: Ctx, pointer: string, depth: number): fc.Arbitrary<unknown> {
  const override = ctx.overrides[pointer];
  if (override) return override;
  if (schema === true) return anyJson();
  if (schema === false) throw new UnsatisfiableSchemaError(pointer, 'the schema is `false`');
  if (depth > ctx.maxDepth + 8) throw new SchemaTooDeepError(pointer, ctx.maxDepth);
  const s = schema;

  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => matches(s, v));
    if (!values.length) throw new UnsatisfiableSchemaError(pointer, 'no enum value satisfies the rest of the schema');
    return fc.constantFrom(...values);
  }
  if (Array.isArray(s.allOf)) {
    const merged = (s.allOf as Obj[]).reduce<Obj>((acc, b) => merge(acc, b), omit(s, 'allOf'));
    return build(merged, ctx, pointer, depth).filter((v) => matches(s, v));
  }
  const branches = (s.anyOf ?? s.oneOf) as Obj[] | undefined;
  if (Array.isArray(branches)) {
    const rest = omit(s, 'anyOf', 'oneOf');
    if (!branches.length) throw new UnsatisfiableSchemaError(pointer, 'anyOf/oneOf has no branch');
    const arb = fc.oneof(...branches.map((b) => build(merge(rest, b), ctx, pointer, depth)));
    return s.oneOf ? arb.filter((v) => branches.filter((b) => matches(b, v)).length === 1) : arb;
  }

  const types = typesOf(s);
  const byType = (t: string) => typed(t, s, ctx, pointer, depth);
  const arb = types.length === 0 ? anyJson() : types.length === 1 ? byType(types[0]!) : fc.oneof(...types.map(byType));
  return s.not === undefined ? arb : arb.filter((v) => !matches(s.not, v));
}

function typesOf(s: Obj): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (s.properties || s.required || s.additionalProperties !== undefined || s.dependentRequired) return ['object'];
  if (s.items || s.prefixItems) return ['array'];
  if (s.pattern !== undefined || s.minLength !== undefined || s.maxLength !== undefined || s.format !== undefined) return ['string'];
  if (s.minimum !== undefined || s.maximum !== undefined || s.exclusiveMinimum !== undefined || s.exclusiveMaximum !== undefined || s.multipleOf !== undefined) return ['number'];
  return [];
}

function typed(type: string, s: Obj, ctx: Ctx, pointer: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArb(s, pointer);
    case 'number':
      return numberArb(s, pointer);
    case 'string':
      return stringArb(s, ctx, pointer);
    case 'array':
      return arrayArb(s, ctx, pointer, depth);
    case 'object':
      return objectArb(s, ctx, pointer, depth);
    default:
      throw new UnsatisfiableSchemaError(pointer, `unknown type "${type}"`);
  }
}

function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -100, max: 100 }), fc.boolean(), fc.constant(null));
}

function bounds(s: Obj, pointer: string, integer: boolean): { min: number; max: number; minExcluded: boolean; maxExcluded: boolean } {
  const fmt = typeof s.format === 'string' ? INT_FORMATS[s.format] : undefined;
  let min = typeof s.minimum === 'number' ? s.minimum : fmt?.[0];
  let max = typeof s.maximum === 'number' ? s.maximum : fmt?.[1];
  let minExcluded = false;
  let maxExcluded = false;
  if (typeof s.exclusiveMinimum === 'number' && (min === undefined || s.exclusiveMinimum >= min)) [min, minExcluded] = [s.exclusiveMinimum, true];
  if (typeof s.exclusiveMaximum === 'number' && (max === undefined || s.exclusiveMaximum <= max)) [max, maxExcluded] = [s.exclusiveMaximum, true];
  if (integer) {
    if (min !== undefined) [min, minExcluded] = [minExcluded ? Math.floor(min) + 1 : Math.ceil(min), false];
    if (max !== undefined) [max, maxExcluded] = [maxExcluded ? Math.ceil(max) - 1 : Math.floor(max), false];
  }
  // Keep unbounded sides modest: generated requests should look like requests.
  min ??= max === undefined ? -MODEST_RANGE : max - MODEST_RANGE;
  max ??= min + MODEST_RANGE;
  if (min > max || (min === max && (minExcluded || maxExcluded))) throw new UnsatisfiableSchemaError(pointer, `the range [${min}, ${max}] is empty`);
  return { min, max, minExcluded, maxExcluded };
}

function multiples(step: number, min: number, max: number, pointer: string): fc.Arbitrary<number> {
  const lo = Math.ceil(min / step);
  const hi = Math.floor(max / step);
  if (lo > hi) throw new UnsatisfiableSchemaError(pointer, `no multiple of ${step} lies in [${min}, ${max}]`);
  return fc.integer({ min: lo, max: hi }).map((k) => k * step);
}

function integerArb(s: Obj, pointer: string): fc.Arbitrary<number> {
  const { min, max } = bounds(s, pointer, true);
  if (typeof s.multipleOf === 'number') return multiples(s.multipleOf, min, max, pointer);
  return fc.integer({ min, max });
}

function numberArb(s: Obj, pointer: string): fc.Arbitrary<number> {
  const { min, max, minExcluded, maxExcluded } = bounds(s, pointer, false);
  if (typeof s.multipleOf === 'number') return multiples(s.multipleOf, minExcluded ? min + s.multipleOf : min, maxExcluded ? max - s.multipleOf : max, pointer);
  const doubles = fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d));
  const lo = minExcluded ? Math.floor(min) + 1 : Math.ceil(min);
  const hi = maxExcluded ? Math.ceil(max) - 1 : Math.floor(max);
  // Integers first: they shrink to readable counterexamples and are what most servers expect.
  return lo <= hi ? fc.oneof(fc.integer({ min: lo, max: hi }), doubles) : doubles;
}

function stringArb(s: Obj, ctx: Ctx, pointer: string): fc.Arbitrary<string> {
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = typeof s.maxLength === 'number' ? s.maxLength : undefined;
  if (maxLength !== undefined && minLength > maxLength) throw new UnsatisfiableSchemaError(pointer, `minLength ${minLength} > maxLength ${maxLength}`);
  const fits = (v: string) => lengthOf(v) >= minLength && (maxLength === undefined || lengthOf(v) <= maxLength);
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  const re = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  if (typeof s.format === 'string') {
    const f = formatArbitrary(s.format);
    if (f) return f.filter((v) => fits(v) && (!re || re.test(v)));
  }
  if (pattern !== undefined) {
    // stringMatching bounds the length from above; the lower bound is a filter (patterns here are short).
    return stringMatching(new RegExp(pattern), maxLength === undefined ? { size: 'small' } : { maxLength }).filter(fits);
  }
  const modestMax = Math.min(maxLength ?? Number.POSITIVE_INFINITY, minLength + ctx.maxStringLength);
  const modest = fc.string({ unit: ctx.stringUnit, minLength, maxLength: modestMax });
  // Now and then the longest allowed string, so length limits are exercised at their boundary.
  if (maxLength !== undefined && maxLength > modestMax && maxLength <= 4096) {
    return fc.oneof({ arbitrary: modest, weight: 9 }, { arbitrary: fc.string({ unit: ctx.stringUnit, minLength: maxLength, maxLength }), weight: 1 });
  }
  return modest;
}

function arrayArb(s: Obj, ctx: Ctx, pointer: string, depth: number): fc.Arbitrary<unknown[]> {
  const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
  const maxItems = typeof s.maxItems === 'number' ? s.maxItems : undefined;
  if (maxItems !== undefined && minItems > maxItems) throw new UnsatisfiableSchemaError(pointer, `minItems ${minItems} > maxItems ${maxItems}`);
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]).map((p, i) => build(p, ctx, pointerChild(pointer, i), depth + 1)) : [];
  const itemSchema = (s.items ?? true) as Schema;
  const cap = depth >= ctx.maxDepth ? minItems : Math.min(maxItems ?? Number.POSITIVE_INFINITY, minItems + ctx.maxItems);
  const restMin = Math.max(0, minItems - prefix.length);
  const restMax = Math.max(restMin, cap - prefix.length);
  const item = itemSchema === false ? undefined : build(itemSchema, ctx, pointerChild(pointer, '-'), depth + 1);
  if (!item && restMin > 0) throw new UnsatisfiableSchemaError(pointer, 'items is `false` but minItems needs more');
  const rest = !item ? fc.constant([] as unknown[]) : s.uniqueItems === true ? fc.uniqueArray(item, { minLength: restMin, maxLength: restMax, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength: restMin, maxLength: restMax });
  return prefix.length ? fc.tuple(fc.tuple(...prefix), rest).map(([p, r]) => [...p, ...r]) : rest;
}

function objectArb(s: Obj, ctx: Ctx, pointer: string, depth: number): fc.Arbitrary<Obj> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const extraSchema = typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined;
  const propArb = (k: string) => build(props[k] ?? extraSchema ?? true, ctx, pointerChild(pointer, k), depth + 1);
  const mode = depth >= ctx.maxDepth ? 'none' : ctx.optional;
  const keys = [...new Set([...Object.keys(props), ...required])].filter((k) => mode !== 'none' || required.has(k));
  const model = Object.fromEntries(keys.map((k) => [k, propArb(k)]));
  const base = fc.record(model, { requiredKeys: mode === 'all' ? keys : keys.filter((k) => required.has(k)) });
  let arb: fc.Arbitrary<Obj> = base;
  if (extraSchema && mode !== 'none') {
    const key = stringMatching(/^[a-z][a-z0-9_]{0,11}$/).filter((k) => !(k in props));
    arb = fc.tuple(fc.dictionary(key, propArb('-'), { maxKeys: ctx.maxItems }), base).map(([extra, known]) => ({ ...extra, ...known }));
  }
  if (s.if !== undefined || s.dependentRequired !== undefined) {
    // Only the conditional keywords: the rest is valid by construction, and checking it all would be slow.
    const conditional = Object.fromEntries(['if', 'then', 'else', 'dependentRequired'].filter((k) => k in s).map((k) => [k, s[k]]));
    arb = arb.chain((o) => complete(s, o, propArb, 4)).filter((o) => matches(conditional, o));
  }
  return arb;
}

/** Keys an object must also have, given what it has: dependentRequired and the active if/then/else branch. */
function requiredNow(s: Obj, o: Obj): string[] {
  const out: string[] = [];
  for (const [k, deps] of Object.entries((s.dependentRequired ?? {}) as Record<string, string[]>)) if (k in o) out.push(...deps);
  if (s.if !== undefined) {
    const branch = (matches(s.if, o) ? s.then : s.else) as Obj | undefined;
    out.push(...((branch?.required ?? []) as string[]));
  }
  return out.filter((k) => !(k in o));
}

function complete(s: Obj, o: Obj, propArb: (k: string) => fc.Arbitrary<unknown>, rounds: number): fc.Arbitrary<Obj> {
  const missing = [...new Set(requiredNow(s, o))];
  if (!missing.length || rounds === 0) return fc.constant(o);
  return fc.record(Object.fromEntries(missing.map((k) => [k, propArb(k)]))).chain((extra) => complete(s, { ...o, ...extra }, propArb, rounds - 1));
}

function omit(o: Obj, ...keys: string[]): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/** Shallow merge for allOf/anyOf branches: properties and required combine, other keywords are overridden. */
function merge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a, ...b };
  if (a.properties || b.properties) out.properties = { ...(a.properties as Obj), ...(b.properties as Obj) };
  if (a.required || b.required) out.required = [...new Set([...((a.required ?? []) as string[]), ...((b.required ?? []) as string[])])];
  return out;
}
