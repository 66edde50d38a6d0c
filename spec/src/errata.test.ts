// Errata: each reading cites real lines of the section it names, and each resolution says which
// readings conform in strict and lenient mode.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import { reference, referenceOperations, sectionRange, within } from '../../testing/referenceText.ts';

const spec = await loadSpec();

describe('errata', () => {
  reference.test('each erratum has two or more readings (or one absent datum), lines inside their section, and a resolution', () => {
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

  reference.test('errata found inside an operation start or end in its own section and stay in chapter 4', () => {
    const ch4: [number, number] = [referenceOperations[0]!.headingLine, referenceOperations.at(-1)!.lastLine];
    for (const e of spec.operationErrata) {
      const own = sectionRange(e.section)!;
      const touchesOwn = within([e.lines[0], e.lines[0]], own) || within([e.lines[1], e.lines[1]], own);
      expect(touchesOwn && within(e.lines, ch4), `${e.id} ${e.lines}`).toBe(true);
    }
  });

  test('every erratum found inside an operation says how suites resolve it', () => {
    const ids = new Set(spec.errata.map((e) => e.id));
    const kinds = ['table', 'accept-either', 'prose', 'informational'];
    for (const e of spec.operationErrata as (typeof spec.operationErrata[number] & { resolutionText?: string })[]) {
      const r = e.resolution ?? '';
      expect(kinds.includes(r) || (r.startsWith('see:') && ids.has(r.slice(4))), `${e.id}: resolution "${r}"`).toBe(true);
      expect((e.resolutionText ?? '').length, `${e.id}: resolutionText`).toBeGreaterThan(10);
    }
  });
});
