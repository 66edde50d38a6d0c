// Curation tool (run by hand, then review the diff): where a reference *response* example gives a
// field a JSON type or enum value its table does not allow, the schema is widened to accept both and
// the property is marked x-dcs-widened with both readings (erratum "type-vs-example", resolved
// accept-either: examples show what real servers send). Request examples are never widened; they are
// excused in errata.json instead.
//   npx tsx spec/tools/widenFromExamples.ts && npm run build:spec
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS_DIR } from '../build/paths.ts';
import { loadSpec } from '../index.ts';
import type { JsonObject, OperationFragment } from '../types.ts';

const spec = await loadSpec();
const files = new Map<string, { file: string; doc: OperationFragment }>();
for (const f of readdirSync(OPERATIONS_DIR).filter((x) => x.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(OPERATIONS_DIR, f), 'utf8')) as OperationFragment;
  files.set(doc.section, { file: join(OPERATIONS_DIR, f), doc });
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v === 'number' ? 'number' : typeof v);

function resolve(doc: OperationFragment, schema: JsonObject): JsonObject {
  const ref = schema.$ref as string | undefined;
  return ref ? (doc.schemas[ref.split('/').pop()!] ?? schema) : schema;
}

/** The schema node for a data path, following properties/items and the fragment's $refs. */
function nodeAt(doc: OperationFragment, root: JsonObject, pointer: string): JsonObject | undefined {
  let node: JsonObject | undefined = resolve(doc, root);
  for (const seg of pointer.split('/').slice(1)) {
    if (!node) return undefined;
    if (/^\d+$/.test(seg) && node.items) node = resolve(doc, node.items as JsonObject);
    else node = (node.properties as Record<string, JsonObject> | undefined)?.[seg] && resolve(doc, (node.properties as Record<string, JsonObject>)[seg]!);
  }
  return node;
}

/** The property holding a $ref must be widened on the referencing side, not the shared object. */
function propertyAt(doc: OperationFragment, root: JsonObject, pointer: string): JsonObject | undefined {
  const parts = pointer.split('/');
  const last = parts.pop()!;
  const parent = nodeAt(doc, root, parts.join('/'));
  if (!parent) return undefined;
  if (/^\d+$/.test(last) && parent.items) return parent.items as JsonObject;
  return (parent.properties as Record<string, JsonObject> | undefined)?.[last];
}

let changed = 0;
for (const op of spec.operations) {
  const entry = files.get(op.section)!;
  for (const resp of op.responses.values()) {
    const media = ((entry.doc.operation.responses as JsonObject)[String(resp.status)] as JsonObject | undefined)?.content as JsonObject | undefined;
    const root = (media?.['application/json'] as JsonObject | undefined)?.schema as JsonObject | undefined;
    if (!root) continue;
    for (const ex of resp.examples) {
      if (!('value' in ex)) continue;
      const check = spec.validateResponse(op.id, resp.status, ex.value);
      for (const err of check?.errors ?? []) {
        if (err.keyword !== 'type' && err.keyword !== 'enum') continue;
        const prop = propertyAt(entry.doc, root, err.instancePath);
        const value = err.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], ex.value);
        if (!prop) { console.warn(`${op.section}: no schema at ${err.instancePath}`); continue; }
        const by = `${op.section} response/${resp.status}/${ex.name}`;
        if (err.keyword === 'type') {
          // The table's reading as a schema of its own (an array keeps its items: OpenAPI linters
          // check schema-shaped objects inside x- extensions too).
          const before = prop.$ref ? { $ref: prop.$ref } : { type: prop.type, ...(prop.items ? { items: prop.items } : {}) };
          const add = jsonType(value);
          if (prop.$ref) {
            const { $ref, ...rest } = prop;
            for (const k of Object.keys(prop)) delete prop[k];
            Object.assign(prop, rest, { anyOf: [{ $ref }, { type: add === 'integer' ? 'number' : add }] });
          } else {
            const types = new Set([prop.type as string | string[]].flat());
            types.add(add === 'integer' && types.has('number') ? 'number' : add);
            prop.type = [...types];
          }
          prop['x-dcs-widened'] = { erratum: 'type-vs-example', table: before as unknown as JsonObject, example: { by, lines: ex.lines ?? null, value: value as never } };
        } else {
          (prop.enum as unknown[]).push(value);
          prop['x-dcs-widened'] = { erratum: 'type-vs-example', table: { enum: (prop.enum as JsonObject[]).slice(0, -1) }, example: { by, lines: ex.lines ?? null, value: value as never } };
        }
        changed++;
        console.log(`${by}: ${err.instancePath} ${err.keyword} widened`);
      }
    }
  }
}
for (const { file, doc } of files.values()) writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`${changed} propert${changed === 1 ? 'y' : 'ies'} widened`);
