// Compiles the schemas of the dereferenced document with ajv in strict mode, each once, on first use,
// and caches the validators by operation and place (request body, parameter, response status).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { JsonObject } from './types.ts';
import { SpecDataError } from './errors.ts';

// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

/** OpenAPI annotation keywords that are not JSON Schema validation keywords. */
const ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
}

/** allErrors: false stops at the first error (a server's check of untrusted input). */
export function createAjv(annotationKeywords: Iterable<string>, options: { allErrors?: boolean } = {}): Ajv2020 {
  // strictRequired is off: if/then branches require properties declared beside the if, as OpenAPI documents do.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: options.allErrors ?? true, allowUnionTypes: true, validateFormats: true });
  addFormats(ajv);
  ajv.addVocabulary([...ANNOTATIONS, ...annotationKeywords]);
  return ajv;
}

/** Every x-… key used inside the document: declared as annotations so strict mode accepts them. */
export function extensionKeywords(doc: unknown): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(walk);
    for (const [k, v] of Object.entries(n)) {
      if (k.startsWith('x-')) keys.add(k);
      walk(v);
    }
  };
  walk(doc);
  return keys;
}

export class SchemaValidators {
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(private readonly ajv: Ajv2020) {}

  compile(key: string, schema: JsonObject): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      try {
        fn = this.ajv.compile(schema);
      } catch (e) {
        throw new SpecDataError(`schema ${key} does not compile: ${(e as Error).message}`, { cause: e });
      }
      this.cache.set(key, fn);
    }
    return fn;
  }

  get(key: string): ValidateFunction | undefined {
    return this.cache.get(key);
  }

  get size(): number {
    return this.cache.size;
  }
}

export function runValidator(fn: ValidateFunction, data: unknown): SchemaCheck {
  const valid = fn(data) as boolean;
  return { valid, errors: valid ? [] : [...(fn.errors ?? [])] };
}
