// Does a value satisfy a (sub)schema? Used where generation cannot be exact by construction
// (if/then conditions, `not`, `oneOf`, formats). A lenient ajv instance: the subschemas carry x-dcs-*
// annotations and sit outside the strict, document-wide instance that spec/ compiles.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, validateFormats: true });
addFormats(ajv);

const compiled = new WeakMap<object, ValidateFunction>();
const formats = new Map<string, ValidateFunction>();

export function matches(schema: unknown, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  if (!schema || typeof schema !== 'object') return true;
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema as object);
    compiled.set(schema, fn);
  }
  return fn(value) as boolean;
}

/** True for formats ajv-formats does not know (the spec's strict ajv would not have compiled them). */
export function matchesFormat(format: string, value: string): boolean {
  let fn = formats.get(format);
  if (!fn) {
    if (!ajv.formats[format]) return true;
    fn = ajv.compile({ type: 'string', format });
    formats.set(format, fn);
  }
  return fn(value) as boolean;
}
