// The reference's example requests as the spec stores them: JSON bodies (requestBody.examples) and
// request lines (x-dcs-example-urls), with the two ways tests use them: replayed as written (IDs
// substituted), or repaired into a valid request from the spec's own schema and rule data.
import type { JsonObject, OperationInfo, Spec } from '../../spec/index.ts';
import { checkPassword, type PasswordRule } from '../../spec/rules/index.ts';
import { validPassword, type Req } from './scenario.ts';

export interface ExampleUrl {
  /** "url/<reference line>": the name errata use for a request-line example. */
  name: string;
  line: number;
  text: string;
  method: string;
  /** The path as written after the endpoint, IDs and placeholders included. */
  path: string;
  query: [string, string][];
}

const REQUEST_LINE = /^\s*(?:(GET|POST|PUT|DELETE|PATCH)\s+)?(?:https?:\/*)?\{dcs_endpoint\}+(\/.*?)\s*$/;

/**
 * The request-line examples of an operation. A line without a method is the operation's own (4.6.7);
 * the scheme and {dcs_endpoint} are the emulator's URL, however the line spells them.
 */
export function urlExamples(op: OperationInfo): ExampleUrl[] {
  return ((op.raw['x-dcs-example-urls'] ?? []) as { line: number; text: string }[]).map((u) => {
    const m = REQUEST_LINE.exec(u.text);
    if (!m) throw new Error(`${op.section}: cannot read the example request line ${JSON.stringify(u.text)} (line ${u.line})`);
    const [path, qs = ''] = m[2]!.split('?') as [string, string?];
    const query = qs.split('&').filter(Boolean).map((kv): [string, string] => {
      const i = kv.indexOf('=');
      return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
    });
    return { name: `url/${u.line}`, line: u.line, text: u.text, method: m[1] ?? op.method, path, query };
  });
}

const PLACEHOLDER = /^\{(\w+)\}$/;

/**
 * The example's query with the test's values: a {placeholder} takes the builder's value for that
 * name, else the parameter's default, enum or minimum, else it is left out (the reference gives no
 * value and the operation documents none). A literal *_id value names a resource and takes the
 * builder's ID. Every other literal value is sent as written.
 */
export function fillQuery(op: OperationInfo, query: [string, string][], given: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) {
    const placeholder = PLACEHOLDER.exec(v);
    if (placeholder) {
      const schema = op.parameters.find((p) => p.name === k)?.schema;
      const fallback = schema?.default ?? (schema?.enum as unknown[] | undefined)?.[0] ?? schema?.minimum;
      const value = given[k] ?? given[placeholder[1]!] ?? (fallback === undefined ? undefined : String(fallback));
      if (value !== undefined) out[k] = value;
    } else out[k] = /(^|_)id$/.test(k) && given[k] !== undefined ? given[k] : decodeURIComponent(v);
  }
  return out;
}

/**
 * The example's path with the test's resources: when the written path is the operation's, its path
 * parameters (literal IDs or placeholders) become the builder's; when it is not (a reference
 * mistake), only {placeholders} are filled and the rest is sent as written.
 */
export function fillPath(op: OperationInfo, ex: ExampleUrl, projectId: string, params: Record<string, string> = {}): string {
  const values: Record<string, string> = { ...params, project_id: projectId };
  const m = op.pathPattern.exec(ex.path);
  if (m && ex.method === op.method) return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? m.groups?.[name] ?? ''));
  return ex.path.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

// ---- repairing an example into a valid request ----------------------------------------------------

const typesOf = (s: JsonObject): string[] => [s.type ?? []].flat() as string[];
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);

/**
 * The value with its scalars in the types the schema declares: numbers written where the table says
 * String become strings, numeric strings where it says a number become numbers, nulls of fields that
 * are not nullable are left out. What the reference's errata call "requests follow the table".
 */
export function conformToSchema(schema: JsonObject | undefined, value: unknown): unknown {
  if (!schema || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => conformToSchema(schema.items as JsonObject | undefined, v));
  if (value !== null && typeof value === 'object') {
    const props = (schema.properties ?? {}) as Record<string, JsonObject>;
    const extra = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonObject) : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = props[k] ?? extra;
      if (v === null && sub && !typesOf(sub).includes('null')) continue;
      out[k] = conformToSchema(sub, v);
    }
    return out;
  }
  const types = typesOf(schema);
  const t = jsonType(value);
  if (!types.length || types.includes(t) || (t === 'integer' && types.includes('number'))) return value;
  if (types.includes('string') && (t === 'integer' || t === 'number' || t === 'boolean')) return String(value);
  if ((types.includes('integer') || types.includes('number')) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/**
 * A reference example made valid from the spec: types as the schema declares them, and every
 * password field (x-dcs-rule naming a password rule) that its rule refuses — the reference masks
 * passwords as "XXXXXX" — replaced by one the rule accepts, unlike the body's other values.
 */
export function repairBody(spec: Spec, op: OperationInfo, req: Req): unknown {
  const schema = op.requestBody?.schema;
  if (!schema || req.body === undefined) return req.body;
  const body = conformToSchema(schema, req.body) as Record<string, unknown>;
  for (const [field, prop] of Object.entries((schema.properties ?? {}) as Record<string, JsonObject>)) {
    const rule = ((prop['x-dcs-rule'] ?? []) as string[]).map((id) => spec.rules.byId(id) as unknown as PasswordRule).find((r) => typeof r.minClasses === 'number');
    const value = body[field];
    if (!rule || typeof value !== 'string') continue;
    const accountName = req.accountName ?? (typeof body.account_name === 'string' ? body.account_name : undefined);
    if (checkPassword(rule, value, accountName).length) body[field] = validPassword(rule, Object.values(body), accountName);
  }
  return body;
}
