// `dcs-conformance spec lint` passes on the shipped spec, and still finds what it is there to find.
import { describe, expect, test } from 'vitest';
import { loadSpec } from './index.ts';
import { lintSpec } from './lint.ts';

const spec = await loadSpec();

describe('spec lint', () => {
  test('the shipped spec has no problem', () => {
    expect(lintSpec(spec)).toEqual([]);
  });

  test('an erratum whose resolution names something that is not one of its readings is a problem', () => {
    const [first, ...rest] = spec.errata;
    const broken = { ...first!, resolution: { ...first!.resolution, strict: [...first!.resolution.strict, 'no-such-reading@4.1.1'] } };
    expect(lintSpec({ ...spec, errata: [broken, ...rest] })).toEqual([`erratum ${first!.id}: strict resolution names "no-such-reading@4.1.1", which is not one of its readings (${first!.readings.map((r) => r.id).join(', ')})`]);
  });
});
