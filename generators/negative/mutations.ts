// Negative requests for any operation: each takes a valid generated request and breaks it in one
// place, in one way the schema forbids (drop a required field, wrong type, out of range, bad enum,
// bad pattern), or sends a body that is not JSON or is empty. Each carries what a conforming server
// must answer (expectations.ts).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { NothingToMutateError } from '../errors.ts';
import { bodyFieldExpectation, emptyBody, malformedJson, type Expectation } from '../expectations.ts';
import { lengthOf, pointerChild } from '../schema/fromSchema.ts';
import { operationOf, requestArbitrary, type GeneratedRequest, type RequestArbitraryOptions } from '../schema/operation.ts';

export const MUTATION_KINDS = ['drop-required', 'wrong-type', 'out-of-range', 'bad-enum', 'bad-pattern', 'malformed-json', 'empty-body'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface NegativeRequest {
  kind: MutationKind;
  /** "body" for raw bodies, "body:<JSON pointer>" for a body field, "query:<name>" for a query parameter. */
  target: string;
  /** The broken request (for raw bodies, the body it was made from). */
  request: GeneratedRequest;
  /** The exact body text to send when it is not the JSON of request.body (malformed JSON, empty body). */
  rawBody?: string;
  description: string;
  expect: Expectation;
}

type Schema = Record<string, unknown>;
type Change = { kind: MutationKind; value: unknown; description: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(s: Schema): string[] {
  return typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const typeAllowed = (types: string[], v: unknown) => {
  const t = jsonType(v);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
};

// A value of another JSON type, the most telling one first (a number where a string belongs, …).
const WRONG_TYPE: Record<string, unknown[]> = { string: [42], integer: ['1'], number: ['1'], boolean: ['true'], array: ['x'], object: ['x'], null: [0] };
const ANY_TYPE: unknown[] = ['x', 42, 1.5, true, null, [], {}];

/** The ways one value can break its schema, each in exactly one keyword. */
function changesOf(s: Schema, v: unknown, overHttp: boolean): Change[] {
  const out: Change[] = [];
  const types = typesOf(s);
  if (types.length && !(overHttp && types.includes('string'))) {
    // Over HTTP every query value is text, so only text no type accepts is a wrong type there.
    const candidates = overHttp ? ['x'] : [...(WRONG_TYPE[types[0]!] ?? []), ...ANY_TYPE];
    const wrong = candidates.find((c) => !typeAllowed(types, c));
    if (wrong !== undefined) out.push({ kind: 'wrong-type', value: wrong, description: `${JSON.stringify(wrong)} where ${types.join('|')} belongs` });
  }
  if (Array.isArray(s.enum) && s.enum.length) {
    const bad = s.enum.every((e) => typeof e === 'number') ? Math.max(...(s.enum as number[])) + 1 : `${String(s.enum[0])}_invalid`;
    if (!s.enum.includes(bad)) out.push({ kind: 'bad-enum', value: bad, description: `${JSON.stringify(bad)} is not one of ${JSON.stringify(s.enum)}` });
  }
  if (typeof v === 'number') {
    const step = types.includes('integer') || Number.isInteger(v) ? 1 : 0.5;
    if (typeof s.minimum === 'number') out.push({ kind: 'out-of-range', value: s.minimum - step, description: `below minimum ${s.minimum}` });
    if (typeof s.exclusiveMinimum === 'number') out.push({ kind: 'out-of-range', value: s.exclusiveMinimum, description: `not above exclusiveMinimum ${s.exclusiveMinimum}` });
    if (typeof s.maximum === 'number') out.push({ kind: 'out-of-range', value: s.maximum + step, description: `above maximum ${s.maximum}` });
    if (typeof s.exclusiveMaximum === 'number') out.push({ kind: 'out-of-range', value: s.exclusiveMaximum, description: `not below exclusiveMaximum ${s.exclusiveMaximum}` });
  }
  if (typeof v === 'string') {
    const chars = [...v];
    if (typeof s.minLength === 'number' && s.minLength > 0) out.push({ kind: 'out-of-range', value: chars.slice(0, s.minLength - 1).join(''), description: `shorter than minLength ${s.minLength}` });
    if (typeof s.maxLength === 'number') {
      // Repeat the last character: the longer string still matches a pattern the value matched.
      const pad = chars.at(-1) ?? 'a';
      out.push({ kind: 'out-of-range', value: v + pad.repeat(s.maxLength + 1 - chars.length), description: `longer than maxLength ${s.maxLength}` });
    }
    if (typeof s.pattern === 'string') {
      const bad = badPattern(s, v);
      if (bad !== undefined) out.push({ kind: 'bad-pattern', value: bad, description: `${JSON.stringify(bad)} does not match ${s.pattern}` });
    }
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && s.minItems > 0) out.push({ kind: 'out-of-range', value: v.slice(0, s.minItems - 1), description: `fewer than minItems ${s.minItems}` });
    if (typeof s.maxItems === 'number' && v.length) out.push({ kind: 'out-of-range', value: [...v, ...Array.from({ length: s.maxItems + 1 - v.length }, () => structuredClone(v[0]))], description: `more than maxItems ${s.maxItems}` });
  }
  return out;
}

/** A string of allowed length that breaks the pattern: the value with one character spoiled, or a run of one character. */
function badPattern(s: Schema, v: string): string | undefined {
  const re = new RegExp(s.pattern as string, 'u');
  const chars = [...v];
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  const spoilers = [' ', ':', '-', '!', '_', 'x', '0', '.'];
  const n = Math.max(1, min, chars.length);
  const candidates = [
    ...spoilers.map((c) => (chars.length ? [c, ...chars.slice(1)].join('') : c)),
    ...spoilers.map((c) => (chars.length ? [...chars.slice(0, -1), c].join('') : c)),
    ...spoilers.map((c) => c.repeat(n)),
  ];
  return candidates.find((c) => !re.test(c) && lengthOf(c) >= min && lengthOf(c) <= max && !(Array.isArray(s.enum) && s.enum.includes(c)));
}

const DELETE = Symbol('delete');

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

function pointerOf(path: (string | number)[]): string {
  return path.reduce<string>((p, k) => pointerChild(p, k), '');
}

interface Governing {
  rules?: string[];
  field?: string;
}

function walkBody(spec: Spec, s: Schema, value: unknown, path: (string | number)[], gov: Governing, emit: (m: { kind: MutationKind; path: (string | number)[]; value: unknown; description: string; expect: Expectation }) => void): void {
  const here: Governing = Array.isArray(s['x-dcs-rule']) ? { rules: s['x-dcs-rule'] as string[], field: gov.field } : gov;
  for (const c of changesOf(s, value, false)) emit({ ...c, path, expect: bodyFieldExpectation(spec, here.rules, here.field, c.kind) });
  if (isObject(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const extra = isObject(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
    for (const k of (s.required ?? []) as string[]) {
      if (!(k in value)) continue;
      const child = props[k];
      const rules = Array.isArray(child?.['x-dcs-rule']) ? (child['x-dcs-rule'] as string[]) : here.rules;
      emit({ kind: 'drop-required', path: [...path, k], value: DELETE, description: `required ${k} left out`, expect: bodyFieldExpectation(spec, rules, k, 'drop-required') });
    }
    for (const [k, v] of Object.entries(value)) {
      const child = props[k] ?? extra;
      if (child) walkBody(spec, child, v, [...path, k], { ...here, field: k }, emit);
    }
  }
  if (Array.isArray(value) && value.length && isObject(s.items)) walkBody(spec, s.items as Schema, value[0], [...path, 0], here, emit);
}

/** Every single-place negative variant of one valid request. */
export function mutationsOf(spec: Spec, req: GeneratedRequest): NegativeRequest[] {
  const op = operationOf(spec, req.operationId);
  const out: NegativeRequest[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'query' || req.query[p.name] === undefined) continue;
    const rules = Array.isArray(p.schema['x-dcs-rule']) ? (p.schema['x-dcs-rule'] as string[]) : undefined;
    const expect = (kind: MutationKind) => bodyFieldExpectation(spec, rules, p.name, kind);
    const query = (value: unknown) => {
      const q = { ...req.query };
      if (value === DELETE) delete q[p.name];
      else q[p.name] = value;
      return { ...req, query: q };
    };
    if (p.required) out.push({ kind: 'drop-required', target: `query:${p.name}`, request: query(DELETE), description: `required query parameter ${p.name} left out`, expect: expect('drop-required') });
    for (const c of changesOf(p.schema, req.query[p.name], true)) out.push({ kind: c.kind, target: `query:${p.name}`, request: query(c.value), description: `query ${p.name}: ${c.description}`, expect: expect(c.kind) });
  }
  const schema = op.requestBody?.schema;
  if (schema) {
    if (req.body !== undefined) {
      walkBody(spec, schema, req.body, [], {}, (m) => {
        const target = `body:${pointerOf(m.path)}`;
        out.push({ kind: m.kind, target, request: { ...req, body: setAt(req.body, m.path, m.value) }, description: `${target}: ${m.description}`, expect: m.expect });
      });
    }
    const text = JSON.stringify(req.body ?? {});
    out.push({ kind: 'malformed-json', target: 'body', request: req, rawBody: text.slice(0, -1), description: 'body cut short: not JSON', expect: malformedJson(spec) });
    if (op.requestBody?.required) {
      const bodyless = Object.fromEntries(Object.entries(req).filter(([k]) => k !== 'body')) as unknown as GeneratedRequest;
      out.push({ kind: 'empty-body', target: 'body', request: bodyless, rawBody: '', description: 'required body sent empty', expect: emptyBody(spec) });
    }
  }
  return out;
}

export interface NegativeRequestOptions extends RequestArbitraryOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly MutationKind[];
}

/** One negative request of an operation: a valid request with every optional part present, broken in one place. */
export function negativeRequestArbitrary(spec: Spec, operationId: string, options: NegativeRequestOptions = {}): fc.Arbitrary<NegativeRequest> {
  const op = operationOf(spec, operationId);
  const kinds = options.kinds ?? MUTATION_KINDS;
  const constrained = (s: Schema) => ['enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern'].some((k) => k in s) || typesOf(s).some((t) => t !== 'string');
  const queryMutable = op.parameters.some((p) => p.in === 'query' && (p.required || constrained(p.schema)));
  if (!op.requestBody?.schema && !queryMutable) throw new NothingToMutateError(operationId);
  return requestArbitrary(spec, operationId, { optional: 'all', ...options })
    .map((req) => mutationsOf(spec, req).filter((m) => kinds.includes(m.kind)))
    .filter((ms) => ms.length > 0)
    .chain((ms) => fc.constantFrom(...ms));
}

/** Whether a schema-level mutation can break this operation (it has a body or a constrained query parameter). */
export function canMutate(spec: Spec, operationId: string): boolean {
  const [sample] = fc.sample(requestArbitrary(spec, operationId, { optional: 'none' }), { seed: 1, numRuns: 1 });
  try {
    return mutationsOf(spec, sample!).length > 0;
  } catch (e) {
    if (e instanceof NothingToMutateError) return false;
    throw e;
  }
}
