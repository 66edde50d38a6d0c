#!/usr/bin/env node
// Checks operation fragments under spec/src/operations/ for shape and internal consistency.
// Usage: node spec/tools/checkFragment.mjs [file…]   (no args: every fragment)
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'operations');
const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
const SHARED = new Set(['ErrorBody']);
let bad = 0;
const fail = (f, m) => { bad++; console.error(`${f}: ${m}`); };
const isLines = (l) => Array.isArray(l) && l.length === 2 && l.every(Number.isInteger) && l[0] <= l[1];

function walk(node, visit, path = '') {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}/${i}`));
  else if (node && typeof node === 'object') { visit(node, path); for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`); }
}

for (const f of files) {
  let doc;
  try { doc = JSON.parse(readFileSync(f, 'utf8')); } catch (e) { fail(f, `not JSON: ${e.message}`); continue; }
  for (const k of ['section', 'title', 'lines', 'method', 'path', 'uriLine', 'operation', 'schemas']) if (!(k in doc)) fail(f, `missing top-level key ${k}`);
  if (!/^4\.\d+\.\d+$/.test(doc.section ?? '')) fail(f, `section must look like 4.1.6`);
  if (!isLines(doc.lines)) fail(f, 'lines must be [first,last]');
  if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(doc.method)) fail(f, 'method must be upper-case HTTP method');
  if (!(doc.path ?? '').startsWith('/v2/') || /\s/.test(doc.path ?? '')) fail(f, 'path must start with /v2/ and contain no spaces');
  const op = doc.operation ?? {};
  if (!/^[A-Z][A-Za-z0-9]+$/.test(op.operationId ?? '')) fail(f, 'operationId must be PascalCase');
  const pathParams = [...(doc.path ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  for (const p of pathParams) if (!declared.includes(p)) fail(f, `path parameter {${p}} not declared`);
  for (const p of op.parameters ?? []) {
    if (!['path', 'query', 'header'].includes(p.in)) fail(f, `parameter ${p.name}: bad in`);
    if (typeof p.required !== 'boolean') fail(f, `parameter ${p.name}: required must be boolean`);
    if (p.in === 'path' && p.required !== true) fail(f, `path parameter ${p.name} must be required`);
    if (!p.schema) fail(f, `parameter ${p.name}: no schema`);
    if (!isLines(p['x-dcs-lines'])) fail(f, `parameter ${p.name}: x-dcs-lines missing`);
  }
  const codes = Object.keys(op.responses ?? {});
  if (!codes.length) fail(f, 'no responses');
  for (const c of codes) {
    if (!/^[1-5]\d\d$/.test(c)) fail(f, `response key ${c} is not a status code`);
    const r = op.responses[c];
    if (typeof r.description !== 'string') fail(f, `response ${c}: description missing`);
    if (!isLines(r['x-dcs-lines'])) fail(f, `response ${c}: x-dcs-lines missing`);
  }
  const schemas = doc.schemas ?? {};
  walk(doc, (node, p) => {
    if (typeof node.$ref === 'string') {
      const m = node.$ref.match(/^#\/components\/schemas\/(.+)$/);
      if (!m) fail(f, `${p}: $ref must point at #/components/schemas/…`);
      else if (!SHARED.has(m[1]) && !(m[1] in schemas)) fail(f, `${p}: $ref to undefined schema ${m[1]}`);
    }
    if ('examples' in node && node.examples && typeof node.examples === 'object' && !Array.isArray(node.examples) && p.endsWith('application/json')) {
      for (const [n, ex] of Object.entries(node.examples)) if (!('value' in ex) && !('x-dcs-raw' in ex)) fail(f, `${p}/examples/${n}: needs value or x-dcs-raw`);
    }
    if (node.type === 'integer' && typeof node.format === 'string' && !['int32', 'int64'].includes(node.format)) fail(f, `${p}: integer format ${node.format}`);
  });
  for (const name of Object.keys(schemas)) if (!name.startsWith(`${op.operationId}_`)) fail(f, `schema ${name} must be prefixed ${op.operationId}_`);
  for (const n of doc.notes ?? []) if (!isLines(n.lines) || !['erratum', 'rule', 'inferred'].includes(n.kind)) fail(f, `note needs lines and kind erratum|rule|inferred: ${JSON.stringify(n).slice(0, 80)}`);
}
console.log(bad ? `${bad} problem(s) in ${files.length} file(s)` : `ok: ${files.length} file(s)`);
process.exit(bad ? 1 : 0);
