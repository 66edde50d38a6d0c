// The error-code catalog against appendix 6.2 of the reference, row by row.
import { expect, test } from 'vitest';
import { loadSpec } from './index.ts';
import { parseErrorTable } from './reference/errorTable.ts';
import { reference, seed } from '../testing/referenceText.ts';

const spec = await loadSpec();
const rows = reference.ok ? parseErrorTable(seed) : [];

reference.describe('error catalog (appendix 6.2)', () => {
  test('has every row of the reference table, in order, nothing merged or dropped', () => {
    expect(rows).toHaveLength(287);
    expect(spec.errors.codes.map((c) => [c.status, c.code, c.message, c.lines])).toEqual(rows.map((r) => [r.status, r.code, r.message, r.lines]));
  });

  test('every code is unique; each meaning groups codes of one status and one message', () => {
    expect(new Set(spec.errors.codes.map((c) => c.code)).size).toBe(spec.errors.codes.length);
    for (const m of spec.errors.meanings) {
      const members = [...m.dcsCodes, ...m.numericCodes].map((c) => spec.errors.require(c));
      expect(new Set(members.map((c) => c.status)).size, m.id).toBe(1);
      expect(new Set(members.map((c) => c.message.toLowerCase().replace(/[^a-z0-9{}]/g, ''))).size, m.id).toBe(1);
    }
  });

  test('numeric codes read 111<status><nnn> (three 500 rows keep a 400 prefix) and pair with a DCS code', () => {
    const numeric = spec.errors.codes.filter((x) => x.family === 'numeric');
    expect(numeric.filter((c) => c.code.slice(3, 6) !== String(c.status)).map((c) => c.code)).toEqual(['111400069', '111400101', '111400842']);
    for (const c of numeric) expect(spec.errors.get(c.meaning)?.family, `${c.code} has a DCS equivalent`).toBe('DCS');
  });

  test('duplicated meanings stay visible and are interchangeable', () => {
    expect(spec.errors.sameMeaning('DCS.4062', 'DCS.4063')).toBe(true);
    expect(spec.errors.sameMeaning('DCS.2003', 'DCS.3003')).toBe(true);
    expect(spec.errors.sameMeaning('DCS.4042', '111400042')).toBe(true);
    expect(spec.errors.sameMeaning('DCS.4042', 'DCS.4049')).toBe(false);
    expect(spec.errors.equivalents('NOPE.1')).toEqual(['NOPE.1']);
    expect(() => spec.errors.require('DCS.0000')).toThrow(/not in the catalog/);
  });
});
