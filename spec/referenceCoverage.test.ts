// The spec against the reference text itself: every operation of chapter 4 (METHOD /path under
// "URI") and every row of its "Status Codes" table must be in the OpenAPI document, and nothing else.
import { expect, test } from 'vitest';
import { loadSpec } from './index.ts';
import { reference, referenceOperations, within } from '../testing/referenceText.ts';

const spec = await loadSpec();

reference.describe('chapter 4 coverage', () => {
  test('the reference has 88 operations and the spec has each of them, no more', () => {
    expect(referenceOperations).toHaveLength(88);
    const inSpec = spec.operations.map((o) => `${o.method} ${o.path}`).sort();
    const inRef = referenceOperations.map((o) => `${o.method} ${o.path}`).sort();
    expect(inSpec).toEqual(inRef);
  });

  test.for(referenceOperations.map((r) => ({ ...r, key: `${r.section} ${r.method} ${r.path}` })))('$key', (ref) => {
    const op = spec.byMethodPath(ref.method, ref.path);
    expect(op, `spec lacks ${ref.method} ${ref.path} (line ${ref.uriLine})`).toBeDefined();
    expect(op!.section).toBe(ref.section);
    expect(op!.raw['x-dcs-uri-line']).toBe(ref.uriLine);
    expect(op!.lines[0]).toBe(ref.headingLine);
    expect(op!.lines[1]).toBeLessThanOrEqual(ref.lastLine);
    const documented = ref.statusCodes.map((s) => s.status).sort();
    expect([...op!.responses.keys()].sort(), `status codes of ${ref.section} (table at lines ${ref.statusCodes.map((s) => s.line).join(', ')})`).toEqual(documented);
    for (const [code, r] of Object.entries(op!.raw.responses as Record<string, { 'x-dcs-lines': [number, number] }>)) {
      expect(within(r['x-dcs-lines'], [ref.headingLine, ref.lastLine]), `${ref.section} response ${code} lines ${r['x-dcs-lines']}`).toBe(true);
    }
  });

  test('operationIds are unique and PascalCase', () => {
    const ids = spec.operations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]+$/);
  });

  test('paths named by the issue are written exactly as the reference writes them', () => {
    const paths = new Set(spec.operations.map((o) => o.path));
    for (const p of ['/v2/{project_id}/instance/{instance_id}/whitelist', '/v2/{project_id}/instance/{instance_id}/groups', '/v2/available-zones', '/v2/instances/maintain-windows', '/v2/{project_id}/instances/{instance_id}/accounts/{account_id}/password/modify']) expect(paths).toContain(p);
  });

  test('every declared path parameter appears in its path and every {param} is declared', () => {
    for (const op of spec.operations) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect(declared, `${op.id} ${op.path}`).toEqual(inPath);
    }
  });
});
