// npm run spec:stats — what the machine-readable spec holds, counted from the loaded spec.
import { loadSpec, type JsonObject } from '../index.ts';

const spec = await loadSpec();

/** Validation keywords: each one is a constraint a generator or the emulator enforces. */
const CONSTRAINTS = ['enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'format', 'required', 'not'];

function countConstraints(root: unknown): number {
  let n = 0;
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node as JsonObject)) {
      if (CONSTRAINTS.includes(k) && !(k === 'required' && typeof v === 'boolean')) n += k === 'required' && Array.isArray(v) ? v.length : 1;
      walk(v);
    }
  };
  walk(root);
  return n;
}

const ops = spec.operations;
const params = ops.reduce((n, o) => n + o.parameters.length, 0);
const bodyFields = ops.reduce((n, o) => n + Object.keys((o.requestBody?.schema?.properties ?? {}) as object).length, 0);
const statusCodes = ops.reduce((n, o) => n + o.responses.size, 0);
const examples = ops.reduce((n, o) => n + (o.requestBody?.examples.length ?? 0) + [...o.responses.values()].reduce((m, r) => m + r.examples.length, 0), 0);
const withAction = ops.filter((o) => o.action);
const rows: [string, string | number][] = [
  ['operations', ops.length],
  ['  with a permission action (stated / inferred)', `${withAction.length} (${withAction.filter((o) => o.actionBasis === 'stated').length} / ${withAction.filter((o) => o.actionBasis === 'inferred').length})`],
  ['parameters (path, query, header)', params],
  ['request body fields (top level)', bodyFields],
  ['schemas (components)', Object.keys(((spec.bundle.components as JsonObject).schemas as JsonObject) ?? {}).length],
  ['constraints (validation keywords)', countConstraints(spec.document.paths)],
  ['status codes (operation × status)', statusCodes],
  ['examples', examples],
  ['error codes (appendix 6.2 rows)', spec.errors.codes.length],
  ['  meanings (codes interchangeable)', spec.errors.meanings.length],
  // The same count as coverage and the certificate: every rule a case can check (spec.rules.ids).
  ['rules (rule-table rows + state-machine rules)', `${spec.rules.ids.length} (${spec.rules.all.length} + ${spec.rules.ids.length - spec.rules.all.length})`],
  ['  transitions in the state machine', spec.rules.states.data.transitions.length],
  ['  instance statuses', spec.rules.states.statuses.length],
  ['errata (cross-section)', spec.errata.length],
  ['errata (within an operation)', spec.operationErrata.length],
  ['examples excused', spec.exampleExcuses.length],
  ['compiled validators', spec.compileAll()],
  ['spec hash', spec.hash.slice(0, 16)],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
