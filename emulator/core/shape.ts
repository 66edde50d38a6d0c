// Conforms a handler's record to the documented response schema: documented fields only, nested
// objects and arrays shaped recursively, scalars converted where the reference types a number as a
// String (retry_times_left, lock_time…). Handlers keep natural values; the wire matches the tables.
import type { JsonObject } from '../../spec/index.ts';

type Schema = JsonObject & { type?: string | string[]; properties?: Record<string, JsonObject>; items?: JsonObject; anyOf?: JsonObject[]; additionalProperties?: JsonObject | boolean };

// Schemas are shared, immutable objects of the loaded spec: compute what conform() needs once each.
const typeCache = new WeakMap<Schema, string[]>();
const typesOf = (s: Schema): string[] => {
  let t = typeCache.get(s);
  if (!t) typeCache.set(s, (t = s.type === undefined ? [] : [s.type].flat()));
  return t;
};
const entryCache = new WeakMap<Schema, [string, Schema][]>();
const entriesOf = (s: Schema): [string, Schema][] => {
  let e = entryCache.get(s);
  if (!e) entryCache.set(s, (e = Object.entries(s.properties ?? {}) as [string, Schema][]));
  return e;
};

// Frozen values cannot change, so their shaped form is kept (per schema): handlers freeze what they
// build once from the spec (the flavor catalog) and the server shapes it once.
const frozenCache = new WeakMap<object, Map<Schema, unknown>>();

export function conform(schema: Schema | undefined, value: unknown): unknown {
  if (!schema || value === undefined) return value;
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    let bySchema = frozenCache.get(value);
    if (!bySchema) frozenCache.set(value, (bySchema = new Map()));
    // Kept frozen too: a caller editing the shared result would change every later answer.
    if (!bySchema.has(schema)) bySchema.set(schema, deepFreeze(conformNow(schema, value)));
    return bySchema.get(schema);
  }
  return conformNow(schema, value);
}

function conformNow(schema: Schema, value: unknown): unknown {
  if (schema.anyOf) {
    const objectBranch = schema.anyOf.find((b) => typesOf(b as Schema).includes('object') || (b as Schema).properties);
    if (value && typeof value === 'object' && !Array.isArray(value) && objectBranch) return conform(objectBranch as Schema, value);
    return value;
  }
  const types = typesOf(schema);
  if (value === null) return value;
  if (Array.isArray(value)) return schema.items ? value.map((v) => conform(schema.items as Schema, v)) : value;
  if (typeof value === 'object') {
    if (!schema.properties) return value;
    const out: Record<string, unknown> = {};
    for (const [k, sub] of entriesOf(schema)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = conform(sub, v);
    }
    return out;
  }
  if (!types.length || types.includes(jsonType(value))) return value;
  if (types.includes('number') && typeof value === 'number') return value;
  if (types.includes('string')) return String(value);
  if ((types.includes('integer') || types.includes('number')) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Freezes a value and everything inside it (see conform: frozen values are shaped once). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
