// Valid requests for any operation, built from its dereferenced parameter and body schemas: nothing
// here is written per operation. Suites narrow them with overrides (a known instance_id, a domain
// arbitrary for a rule-governed field) and body patches (several fields that must agree).
import fc from 'fast-check';
import type { HttpMethod, OperationInfo, Spec } from '../../spec/index.ts';
import type { ErrorObject } from 'ajv';
import { UnknownOperationError } from '../errors.ts';
import { arbitraryFromSchema, type SchemaArbitraryOptions } from './fromSchema.ts';

export interface GeneratedRequest {
  operationId: string;
  method: HttpMethod;
  pathTemplate: string;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  /** The JSON body; absent when the operation has none (or an optional one was left out). */
  body?: unknown;
}

export interface RequestArbitraryOptions extends SchemaArbitraryOptions {
  /** Path parameter arbitraries by name (e.g. an existing instance_id). */
  path?: Record<string, fc.Arbitrary<string>>;
  /** Query parameter arbitraries by name. */
  query?: Record<string, fc.Arbitrary<unknown>>;
  /** Partial bodies merged over the generated one, for fields that must agree (capacity + spec_code). */
  bodyPatches?: fc.Arbitrary<Record<string, unknown>>[];
  /** Whether a body the operation does not require is always sent (default) or sometimes left out. */
  optionalBody?: 'always' | 'sometimes';
}

export function operationOf(spec: Spec, operationId: string): OperationInfo {
  const op = spec.operations.find((o) => o.id === operationId);
  if (!op) throw new UnknownOperationError(operationId);
  return op;
}

// A path segment must be non-empty and not "." or "..", which URL parsers fold away.
const SEGMENT_CHAR = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');

function pathParamArb(schema: Record<string, unknown>): fc.Arbitrary<string> {
  const plain = schema.pattern === undefined && schema.enum === undefined && schema.const === undefined && schema.format === undefined;
  const s = plain ? { ...schema, minLength: Math.max(1, Number(schema.minLength ?? 0)) } : schema;
  return arbitraryFromSchema(s, { stringUnit: SEGMENT_CHAR, maxStringLength: 24 }).map(String);
}

export function requestArbitrary(spec: Spec, operationId: string, options: RequestArbitraryOptions = {}): fc.Arbitrary<GeneratedRequest> {
  const op = operationOf(spec, operationId);
  const path = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, options.path?.[p.name] ?? pathParamArb(p.schema)]));
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, options.query?.[p.name] ?? arbitraryFromSchema(p.schema, { ...options, overrides: {} }, `query:${p.name}`)])), {
    requiredKeys: queryParams.filter((p) => p.required || options.optional === 'all').map((p) => p.name),
  });
  const bodySchema = op.requestBody?.schema;
  let body: fc.Arbitrary<unknown> = fc.constant(undefined);
  if (bodySchema) {
    const generated = arbitraryFromSchema(bodySchema, options);
    const patched = options.bodyPatches?.length ? fc.tuple(generated, ...options.bodyPatches).map(([b, ...ps]) => Object.assign({}, b, ...ps) as unknown) : generated;
    body = op.requestBody?.required || options.optionalBody !== 'sometimes' ? patched : fc.option(patched, { nil: undefined });
  }
  return fc.record({ pathParams: fc.record(path), query, body }).map(({ pathParams, query: q, body: b }) => ({
    operationId: op.id,
    method: op.method,
    pathTemplate: op.path,
    pathParams,
    query: q as Record<string, unknown>,
    ...(b === undefined ? {} : { body: b }),
  }));
}

/** Path and query string of a request, ready to append to a base URL. */
export function renderUrl(req: GeneratedRequest): string {
  const path = req.pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(req.pathParams[name] ?? ''));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) qs.append(k, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
  }
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}

export interface RequestProblem {
  in: 'path' | 'query' | 'body';
  name: string;
  errors: ErrorObject[] | string;
}

/** Every way a request breaks its operation's schemas (missing required parameters included). */
export function requestProblems(spec: Spec, req: GeneratedRequest): RequestProblem[] {
  const op = operationOf(spec, req.operationId);
  const out: RequestProblem[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const value = p.in === 'path' ? req.pathParams[p.name] : req.query[p.name];
    if (value === undefined) {
      if (p.required) out.push({ in: p.in, name: p.name, errors: 'required parameter missing' });
      continue;
    }
    const r = spec.validateParameter(op.id, p.name, value);
    if (!r.valid) out.push({ in: p.in, name: p.name, errors: r.errors });
  }
  if (op.requestBody?.schema && (req.body !== undefined || op.requestBody.required)) {
    const r = spec.validateRequestBody(op.id, req.body);
    if (!r.valid) out.push({ in: 'body', name: '', errors: r.errors });
  }
  return out;
}
