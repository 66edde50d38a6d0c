// Prepares copies of spec/dcs-v2.openapi.json for Dredd (bench/vsDredd.ts); the shared spec is never
// touched. Every change is listed in CHANGES, and the counts of each are returned, so the report can say
// exactly what Dredd was given.
//   - examples for path parameters and required query parameters (Dredd refuses to build a request
//     without one): the ids given (project, a RUNNING instance), else the schema's example, default or
//     first enum value, else a placeholder of the parameter's type;
//   - toOpenApi30() also converts 3.1 to 3.0.3, because Dredd's parser (fury-adapter-oas3-parser)
//     knows 3.0 only: it warns "Version '3.1.0' is not fully supported" and ignores what it does not know.

/** What toOpenApi30() changes, in words, for the report. */
export const CHANGES = {
  version: "openapi: 3.1.0 → 3.0.3",
  typeArray: 'type: [T, "null"] → type: T + nullable: true (type arrays of several non-null types: type dropped)',
  const: 'const: v → enum: [v]',
  schemaExamples: 'schema examples: [a, …] (3.1) → example: a',
  conditional: 'if / then / else and dependentRequired (no 3.0 equivalent) dropped: conditional requirements are not checked',
  refSiblings: 'keys beside $ref (description, x-*) dropped: 3.0 ignores them and the parser warns',
  extensions: 'x-dcs-* keys inside schemas dropped (traceability to the reference text; the parser warns on each)',
} as const;
export type Change = keyof typeof CHANGES;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParameterValues {
  /** By parameter name: the ids of resources made before the run. */
  known: Record<string, string>;
  placeholder: string;
}

/** Adds an example to every path parameter and required query parameter that has none. Returns the count. */
export function addParameterExamples(doc: Json, values: ParameterValues): Record<string, number> {
  const filled: Record<string, number> = {};
  const components = (doc.components as Json | undefined)?.parameters as Record<string, Json> | undefined;
  for (const item of Object.values(doc.paths as Record<string, Json>)) {
    for (const op of [item, ...Object.values(item).filter(isObject)]) {
      for (const raw of (op.parameters as Json[] | undefined) ?? []) {
        const p = typeof raw.$ref === 'string' && components ? components[raw.$ref.split('/').pop()!] ?? raw : raw;
        if (!(p.in === 'path' || (p.in === 'query' && p.required))) continue;
        const name = p.name as string;
        if (name in values.known) p.example = values.known[name];
        else if (p.example === undefined) p.example = exampleOf((p.schema as Json | undefined) ?? {}, values.placeholder);
        else continue;
        const key = name in values.known ? name : `${name} (placeholder or schema value)`;
        filled[key] = (filled[key] ?? 0) + 1;
      }
    }
  }
  return filled;
}

function exampleOf(schema: Json, placeholder: string): unknown {
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  return placeholder;
}

/** Converts a 3.1 document to 3.0.3 in place (see CHANGES); returns how often each change was made. */
export function toOpenApi30(doc: Json): Record<Change, number> {
  const n = Object.fromEntries(Object.keys(CHANGES).map((k) => [k, 0])) as Record<Change, number>;
  doc.openapi = '3.0.3';
  n.version = 1;
  const visit = (node: unknown, inSchema: boolean): void => {
    if (Array.isArray(node)) return node.forEach((x) => visit(x, inSchema));
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string' && Object.keys(node).length > 1) {
      for (const k of Object.keys(node)) if (k !== '$ref') delete node[k];
      n.refSiblings++;
      return;
    }
    if (inSchema) {
      if (Array.isArray(node.type)) {
        const types = node.type.filter((t) => t !== 'null');
        const nullable = types.length !== node.type.length;
        if (types.length === 1) node.type = types[0];
        else delete node.type;
        if (nullable) node.nullable = true;
        n.typeArray++;
      }
      if ('const' in node) {
        node.enum = [node.const];
        delete node.const;
        n.const++;
      }
      if (Array.isArray(node.examples)) {
        if (node.examples.length) node.example = node.examples[0];
        delete node.examples;
        n.schemaExamples++;
      }
      for (const k of ['if', 'then', 'else', 'dependentRequired']) {
        if (k in node) {
          delete node[k];
          n.conditional++;
        }
      }
      for (const k of Object.keys(node)) {
        if (k.startsWith('x-dcs-')) {
          delete node[k];
          n.extensions++;
        }
      }
    }
    for (const [k, v] of Object.entries(node)) {
      // Which children are schemas: below components.schemas, any `schema`, and schema keywords inside a schema.
      const childIsSchema = inSchema ? !['example', 'enum', 'default', 'required'].includes(k) : k === 'schema' || k === 'schemas';
      if (!inSchema && k === 'schemas' && isObject(v)) {
        for (const s of Object.values(v)) visit(s, true);
        continue;
      }
      if (inSchema && k === 'properties' && isObject(v)) {
        for (const s of Object.values(v)) visit(s, true);
        continue;
      }
      visit(v, childIsSchema);
    }
  };
  visit(doc, false);
  return n;
}
