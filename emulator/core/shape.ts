// Conforms a handler's record to the documented response schema: documented fields only, nested
// objects and arrays shaped recursively, scalars converted where the reference types a number as a
// String (retry_times_left, lock_time…). Handlers keep natural values; the wire matches the tables.
import type { JsonObject } from '../../spec/index.ts';

type Schema = JsonObject & { type?: string | string[]; properties?: Record<string, JsonObject>; items?: JsonObject; anyOf?: JsonObject[]; additionalProperties?: JsonObject | boolean };

const typesOf = (s: Schema): string[] => (s.type === undefined ? [] : [s.type].flat());

export function conform(schema: Schema | undefined, value: unknown): unknown {
  if (!schema || value === undefined) return value;
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
    for (const [k, sub] of Object.entries(schema.properties)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = conform(sub as Schema, v);
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

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
