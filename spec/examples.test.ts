// Every example of the reference, as stored in the spec, validates against the schema of its
// operation and status, or is excused in spec/src/errata.json (exampleExcuses) with a reason.
import { describe, expect, test } from 'vitest';
import { loadSpec } from './index.ts';

const spec = await loadSpec();

interface Outcome { section: string; example: string; ok: boolean; why: string }

function judge(): Outcome[] {
  const out: Outcome[] = [];
  for (const op of spec.operations) {
    for (const ex of op.requestBody?.examples ?? []) {
      const example = `request/${ex.name}`;
      if (!('value' in ex)) out.push({ section: op.section, example, ok: false, why: 'not JSON in the reference' });
      else if (!op.requestBody?.schema) out.push({ section: op.section, example, ok: false, why: 'no request schema' });
      else {
        const r = spec.validateRequestBody(op.id, ex.value);
        out.push({ section: op.section, example, ok: r.valid, why: r.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ') });
      }
    }
    for (const resp of op.responses.values()) {
      for (const ex of resp.examples) {
        const example = `response/${resp.status}/${ex.name}`;
        if (!('value' in ex)) out.push({ section: op.section, example, ok: false, why: 'not JSON in the reference' });
        else {
          const r = spec.validateResponse(op.id, resp.status, ex.value);
          out.push({ section: op.section, example, ok: !!r?.valid, why: r ? r.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ') : 'no response schema for this status' });
        }
      }
    }
  }
  return out;
}

describe('reference examples', () => {
  const outcomes = judge();
  const excused = new Map(spec.exampleExcuses.map((x) => [`${x.section} ${x.example}`, x]));

  test('each example validates or is excused, and no excuse is stale', () => {
    const failing = outcomes.filter((o) => !o.ok);
    const unexcused = failing.filter((o) => !excused.has(`${o.section} ${o.example}`)).map((o) => `${o.section} ${o.example}: ${o.why}`);
    expect(unexcused).toEqual([]);
    const stale = [...excused.keys()].filter((k) => !failing.some((o) => `${o.section} ${o.example}` === k));
    expect(stale, 'excuses for examples that now validate (or do not exist)').toEqual([]);
    console.log(`reference examples: ${outcomes.length} in all, ${outcomes.length - failing.length} validated, ${failing.length} excused in errata`);
  });

  test('every excuse gives a reason', () => {
    for (const x of spec.exampleExcuses) expect(x.reason.length, `${x.section} ${x.example}`).toBeGreaterThan(10);
  });

  test('there are examples for most operations', () => {
    expect(outcomes.length).toBeGreaterThan(150);
  });
});
