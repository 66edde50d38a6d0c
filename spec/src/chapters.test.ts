// Chapter 4's sections are the capabilities reports group by: each heading is where the spec says,
// and every operation belongs to exactly the chapter its section number names.
import { expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import { readSrc } from '../build/sources.ts';
import { reference, seed } from '../../testing/referenceText.ts';

const { chapters } = readSrc<{ chapters: { section: string; title: string; line: number }[] }>('chapters.json');

reference.describe('chapters (OpenAPI tags)', () => {
  test.for(chapters)('$section $title is the heading on line $line', (c) => {
    expect(seed.line(c.line).trim()).toBe(`${c.section} ${c.title}`);
  });

  test('every operation is tagged with its chapter', async () => {
    const spec = await loadSpec();
    for (const op of spec.operations) expect(op.capability, op.id).toBe(`${op.section.split('.').slice(0, 2).join('.')} ${chapters.find((c) => op.section.startsWith(`${c.section}.`))?.title}`);
    expect(new Set(spec.operations.map((o) => o.capability)).size).toBe(chapters.length);
  });
});
