// The reference document the spec names (base.json info.x-dcs-reference, shown on every certificate)
// is read from the page header and footer of the reference text itself, at the lines it cites.
import { expect, test } from 'vitest';
import { loadSpec } from './index.ts';
import { STATE_RULES } from './rules/index.ts';
import { reference, seed } from '../testing/referenceText.ts';

const spec = await loadSpec();

reference.test('document, publisher, issue and date are the ones the cited lines print', () => {
  const [first, last] = ((spec.bundle.info as Record<string, unknown>)['x-dcs-reference'] as { 'x-dcs-lines': [number, number] })['x-dcs-lines'];
  const text = seed.slice(first, last).join(' ').replace(/\s+/g, ' ');
  const r = spec.reference;
  // The header splits the title over two lines: "Distributed Cache Service" / "API Reference …".
  expect(text).toContain(r.document.replace(/ API Reference$/, ''));
  expect(text).toContain('API Reference');
  expect(text).toContain(`Issue ${r.issue} (${r.date})`);
  expect(text).toContain(r.publisher);
});

test('every state-machine rule has a basis, and rules counts rule tables plus the state machine', () => {
  for (const id of spec.rules.ids) expect(['stated', 'inferred'], id).toContain(spec.rules.basis(id));
  expect(spec.rules.ids.length).toBe(spec.rules.all.length + STATE_RULES.length);
  expect(new Set(spec.rules.ids).size).toBe(spec.rules.ids.length);
});
