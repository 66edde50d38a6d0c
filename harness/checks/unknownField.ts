// Fields the schema does not name are allowed (the reference tells clients to ignore them) but
// recorded as notes, so a reader sees where a target's answers go beyond the reference.
import type { JsonObject } from '../../spec/index.ts';
import type { Check, CheckContext, Finding } from './types.ts';

type Schema = JsonObject;

// Schemas are the loaded spec's shared, immutable objects: what walk() needs of each is derived once
// (this check runs on every response a run receives).
const declaredCache = new WeakMap<Schema, Map<string, Schema> | undefined>();
const itemsCache = new WeakMap<Schema, Schema | undefined>();
const memo = <V>(cache: WeakMap<Schema, V>, derive: (s: Schema) => V) => (s: Schema): V => {
  const known = cache.get(s);
  if (known !== undefined || cache.has(s)) return known as V;
  const v = derive(s);
  cache.set(s, v);
  return v;
};

/** Properties a value may have under this schema, or undefined when the schema leaves them open. */
const declared = memo(declaredCache, declaredNow);
const firstItems = memo(itemsCache, (s) => itemSchemas(s)[0]);

function declaredNow(schema: Schema): Map<string, Schema> | undefined {
  if (schema.additionalProperties !== undefined || schema.patternProperties !== undefined) return undefined;
  const props = new Map<string, Schema>();
  let constrained = false;
  const add = (s: Schema) => {
    if (s.properties && typeof s.properties === 'object') {
      constrained = true;
      for (const [k, v] of Object.entries(s.properties as Record<string, Schema>)) if (!props.has(k)) props.set(k, v);
    }
  };
  add(schema);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const branch of (schema[key] as Schema[] | undefined) ?? []) {
      if (branch.additionalProperties !== undefined) return undefined;
      add(branch);
    }
  }
  return constrained ? props : undefined;
}

function itemSchemas(schema: Schema): Schema[] {
  const own = schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items) ? [schema.items as Schema] : [];
  const branches = (['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => ((schema[k] as Schema[] | undefined) ?? []).flatMap(itemSchemas));
  return [...own, ...branches];
}

const escapeToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Where walk() stands: the keys from the root, written as a JSON pointer only when a finding needs one. */
interface At {
  up: At | undefined;
  key: string | number;
}
const pointer = (at: At | undefined): string => (at ? `${pointer(at.up)}/${typeof at.key === 'number' ? at.key : escapeToken(at.key)}` : '');

function walk(ctx: CheckContext, schema: Schema, value: unknown, at: At | undefined, out: Finding[]): void {
  if (Array.isArray(value)) {
    const items = firstItems(schema);
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v && typeof v === 'object') walk(ctx, items, v, { up: at, key: i }, out);
    }
    return;
  }
  if (!value || typeof value !== 'object') return;
  const props = declared(schema);
  if (!props) return;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    const sub = props.get(k);
    // Scalars have no fields: only objects and arrays are walked (and get a path).
    if (sub) {
      if (v && typeof v === 'object') walk(ctx, sub, v, { up: at, key: k }, out);
    } else {
      const path = pointer({ up: at, key: k });
      out.push(ctx.finding('note', `field ${path} is not in the documented schema (allowed; clients ignore unknown fields)`, { path }));
    }
  }
}

export const unknownField: Check = {
  id: 'unknown-field',
  description: 'Fields the documented schema does not name (notes only, never failures).',
  run(ctx) {
    const schema = ctx.operation.responses.get(ctx.status)?.schema;
    if (!schema || !ctx.isJson) return [];
    const out: Finding[] = [];
    walk(ctx, schema, ctx.body, undefined, out);
    return out;
  },
};
