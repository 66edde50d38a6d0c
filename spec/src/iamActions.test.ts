// Permission actions (Table 5-1) against the reference, and their attachment to operations.
import { expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import { parseActionsTable } from '../reference/actionsTable.ts';
import { readSrc } from '../build/sources.ts';
import type { ActionRow } from '../types.ts';
import { reference, seed } from '../../testing/referenceText.ts';

const spec = await loadSpec();
const table = reference.ok ? parseActionsTable(seed) : [];
const stored = readSrc<{ actions: ActionRow[] }>('iamActions.json').actions;

reference.describe('permission actions (chapter 5)', () => {
  test('iamActions.json holds every row of Table 5-1', () => {
    expect(table.length).toBeGreaterThanOrEqual(55);
    expect(stored).toEqual(table);
  });

  test('every row with a chapter-4 URI is the x-dcs-action of that operation', () => {
    for (const row of table.filter((r) => r.method)) {
      const op = spec.byMethodPath(row.method!, row.path!);
      if (!op) continue; // POST …/diagnosis: see erratum diagnosis-action
      expect(op.action, `${row.method} ${row.path}`).toBe(row.action);
      expect(op.actionBasis).toBe('stated');
    }
    expect(spec.errata.some((e) => e.id === 'diagnosis-action')).toBe(true);
  });

  test('inferred actions name actions that exist in Table 5-1', () => {
    const known = new Set(table.map((r) => r.action));
    for (const op of spec.operations.filter((o) => o.actionBasis === 'inferred')) expect(known, `${op.id} ${op.action}`).toContain(op.action);
  });

  test('every write has an action (DeleteCenterTask: inferred); an operation without one is a read open to the project, with the reasoning of that default', () => {
    expect(spec.operations.filter((o) => o.method !== 'GET' && !o.action).map((o) => o.id)).toEqual([]);
    expect(spec.operation('DeleteCenterTask')).toMatchObject({ action: expect.stringMatching(/^dcs:/), actionBasis: 'inferred' });
    const open = spec.operations.filter((o) => !o.action);
    expect(open.length).toBeGreaterThan(0);
    for (const op of open) {
      expect(op.openToProject, op.id).toBe(true);
      expect((op.raw['x-dcs-action-basis'] as { reasoning?: string }).reasoning, op.id).toMatch(/open to every authenticated user/);
    }
  });

  test('the documented example action is attached: ListInstances needs dcs:instance:list', () => {
    expect(spec.byMethodPath('GET', '/v2/{project_id}/instances')?.action).toBe('dcs:instance:list');
  });
});
