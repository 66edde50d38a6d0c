// Errata: each reading cites real lines of the section it names, and each resolution says which
// readings conform in strict and lenient mode.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import { sectionRange, within } from './helpers.ts';

const spec = await loadSpec();

describe('errata', () => {
  test('each erratum has two or more readings (or one absent datum), lines inside their section, and a resolution', () => {
    expect(spec.errata.length).toBeGreaterThanOrEqual(15);
    for (const e of spec.errata) {
      expect(e.readings.length, e.id).toBeGreaterThanOrEqual(1);
      for (const r of e.readings) {
        const range = sectionRange(r.section);
        expect(range, `${e.id}/${r.id}: section ${r.section}`).toBeDefined();
        expect(within(r.lines, range!), `${e.id}/${r.id}: ${r.lines} not within ${r.section} ${range}`).toBe(true);
      }
      expect(e.resolution.strict.length, e.id).toBeGreaterThan(0);
      expect(e.resolution.lenient.length, e.id).toBeGreaterThanOrEqual(e.resolution.strict.length > 1 ? 1 : 1);
      expect(e.resolution.text.length, e.id).toBeGreaterThan(10);
      const ids = new Set(e.readings.map((r) => r.id));
      const named = [...e.resolution.strict, ...e.resolution.lenient].map((x) => x.split('@')[0]!).filter((x) => ids.has(x));
      if (e.readings.length > 1) expect(named.length, `${e.id}: resolution names none of its readings`).toBeGreaterThan(0);
    }
  });

  test('ids are unique', () => {
    const ids = [...spec.errata.map((e) => e.id), ...spec.operationErrata.map((e) => e.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('errata found inside operations cite lines of their own section', () => {
    for (const e of spec.operationErrata) {
      const op = spec.operations.find((o) => o.section === e.section)!;
      expect(within(e.lines, op.lines) || within(e.lines, sectionRange(e.section)!), `${e.id} ${e.lines}`).toBe(true);
    }
  });
});
