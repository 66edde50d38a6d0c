// Input validation driven by the spec: path and query parameters, then the JSON body. A schema
// breach answers the code of the rule that governs the field (x-dcs-rule), else the generic
// invalid-parameter code with the field's name. Bad input never reaches a handler.
import type { ErrorObject } from 'ajv';
import type { JsonObject, OperationInfo, Spec } from '../../spec/index.ts';
import { ApiError, EmulatorSpecMismatchError } from '../core/errors.ts';
import { schemaBreachCode } from '../../spec/rules/index.ts';

const code = (spec: Spec, id: string) => spec.rules.protocol(id).errorCode;

/** Query strings arrive as text; convert to the declared type so the schema judges the value. */
function coerce(schema: JsonObject, raw: string): unknown {
  const types = [schema.type ?? []].flat() as string[];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.includes('array')) return raw.split(',');
  return raw;
}

// An operation's path and query parameters, listed once per operation rather than filtered per request.
const paramLists = new WeakMap<OperationInfo, { path: OperationInfo['parameters']; query: OperationInfo['parameters'] }>();
function paramsOf(op: OperationInfo) {
  let lists = paramLists.get(op);
  if (!lists) paramLists.set(op, (lists = { path: op.parameters.filter((x) => x.in === 'path'), query: op.parameters.filter((x) => x.in === 'query') }));
  return lists;
}

export function validatePathParams(spec: Spec, op: OperationInfo, params: Record<string, string>): void {
  for (const p of paramsOf(op).path) {
    const value = params[p.name] ?? '';
    const format = p.name === 'project_id' ? 'request.invalid-project-id' : p.name === 'instance_id' ? 'request.invalid-instance-id' : undefined;
    if (!spec.validateParameter(op.id, p.name, value).valid || value === '') throw new ApiError(code(spec, format ?? 'request.invalid-parameter'), p.name);
  }
}

export function validateQuery(spec: Spec, op: OperationInfo, query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paramsOf(op).query) {
    const raw = query[p.name];
    const text = Array.isArray(raw) ? raw[0] : raw;
    if (text === undefined) {
      if (p.required) throw new ApiError(code(spec, 'request.invalid-parameter'), p.name);
      if (p.schema.default !== undefined) out[p.name] = p.schema.default;
      continue;
    }
    const value = coerce(p.schema, text);
    if (!spec.validateParameter(op.id, p.name, value).valid) throw new ApiError(code(spec, 'request.invalid-parameter'), p.name);
    out[p.name] = value;
  }
  return out;
}

/** The largest body the emulator reads (rule request.malformed-json, bodyLimit): a larger one is refused before it is parsed. */
export function bodyLimitBytes(spec: Spec): number {
  const limit = (spec.rules.protocol('request.malformed-json') as { bodyLimit?: { maxBytes?: number } }).bodyLimit?.maxBytes;
  if (!limit) throw new EmulatorSpecMismatchError('spec: rule request.malformed-json has no bodyLimit.maxBytes');
  return limit;
}

export function parseBody(spec: Spec, op: OperationInfo, raw: Buffer): unknown {
  if (!op.requestBody) return undefined;
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    if (op.requestBody.required) throw new ApiError(code(spec, 'request.empty-body'));
    return {};
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(code(spec, 'request.malformed-json'));
  }
  if (op.requestBody.schema) {
    // The first error decides, so validation stops there: a body of a million bad items costs one.
    const check = spec.checkRequestBody(op.id, body);
    if (!check.valid) throw schemaError(spec, op, check.errors);
  }
  return body;
}

/** The first error decides: a missing or invalid field answers its rule's code, or the generic one. */
function schemaError(spec: Spec, op: OperationInfo, errors: ErrorObject[]): ApiError {
  const e = errors[0]!;
  const segments = e.instancePath.split('/').slice(1);
  // A field missing on its own, or missing beside the field it goes with (maintain_begin without maintain_end).
  const missing = e.keyword === 'required' || e.keyword === 'dependentRequired' ? String(e.params.missingProperty) : undefined;
  const field = segments[0] ?? missing ?? 'body';
  const top = (op.requestBody?.schema?.properties as Record<string, JsonObject> | undefined)?.[field];
  const leaf = missing ?? (segments.findLast((seg) => !/^\d+$/.test(seg)) ?? field);
  return new ApiError(schemaBreachCode(spec.rules, top?.['x-dcs-rule'] as string[] | undefined, leaf).code, field);
}
