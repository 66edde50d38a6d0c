// Every rule of the domain registry, broken in each of its ways inside an otherwise valid request of
// each operation the rule applies to, sent to an in-process emulator: the answer is the status and
// one of the codes the invalid value is tagged with, and the target is left unchanged.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { repairBody } from '../emulator/testing/examples.ts';
import { REQUESTS } from '../emulator/testing/requests.ts';
import { Scenario } from '../emulator/testing/scenario.ts';
import { domainRegistry, propertyParameters } from './index.ts';

const spec = await loadSpec();
const params = propertyParameters({ numRuns: 1 });
console.log(`generators/rules-against-emulator: seed=${params.seed} (replay with DCS_SEED_FC=${params.seed})`);

/** (entry, operation, kind) triples: every way of breaking every rule, on every operation it governs. */
const cases = domainRegistry(spec).flatMap((entry) => {
  const rule = spec.rules.byId(entry.rule);
  const sections = [...new Set((rule.appliesTo ?? []).map((a) => a.section))].filter((sec) => !entry.section || entry.section === sec);
  return sections.flatMap((section) => {
    const op = spec.operations.find((o) => o.section === section)!;
    return Object.keys(entry.invalidByKind).map((kind) => ({ name: `${entry.id} ${kind} on ${op.id}`, entry, op, kind }));
  });
});

/**
 * The registry names a rule's fields after its first use (password, account_password); where the rule
 * governs another field in this operation (new_password), the value goes there. An old password is
 * never the one broken: it is checked against the stored one, not against the rule.
 */
function placed(ruleId: string, op: (typeof spec.operations)[number], patch: Record<string, unknown>, accountName?: string): Record<string, unknown> {
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
  if (Object.keys(patch).every((k) => k in props)) return patch;
  const applies = spec.rules.byId(ruleId).appliesTo ?? [];
  const governed = patch[applies[0]!.field];
  const fields = applies.filter((a) => a.section === op.section).map((a) => a.field);
  const target = fields.find((f) => !f.startsWith('old_')) ?? fields[0]!;
  // An account password judged against its account: the generated name becomes the real account's.
  const generatedName = patch.account_name;
  const value = typeof governed === 'string' && typeof generatedName === 'string' && accountName ? governed.split(generatedName).join(accountName).split([...generatedName].reverse().join('')).join([...accountName].reverse().join('')) : governed;
  return { [target]: value };
}

let s: Scenario;
beforeAll(async () => {
  s = await Scenario.start(spec, 90);
});
afterAll(() => s.close());

describe('rules broken against the emulator', () => {
  test('every rule family of the registry has cases', () => {
    expect(new Set(cases.map((c) => c.entry.rule)).size).toBe(new Set(domainRegistry(spec).map((e) => e.rule)).size);
  });

  test.for(cases)('$name', async ({ entry, op, kind }) => {
    const example = op.requestBody?.examples.find((e) => 'value' in e)?.value;
    const req = await REQUESTS[op.id]!(s, structuredClone(example));
    const valid = repairBody(spec, op, req) as Record<string, unknown>;
    const [bad] = fc.sample(entry.invalidByKind[kind]!, { seed: params.seed, numRuns: 1 });
    const body = { ...valid, ...placed(entry.rule, op, entry.toBody(bad!.value), req.accountName) };
    const before = req.params?.instance_id ? (await s.c.call('GET', `/v2/{project_id}/instances/${req.params.instance_id}`)).body : undefined;
    const r = await s.c.call(op.method, s.url(op, req), body);
    const what = `${op.method} ${s.url(op, req)} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
    expect(r.status, what).toBe(bad!.expect.status);
    expect(bad!.expect.errorCodes, what).toContain(r.body.error_code);
    if (before) expect((await s.c.call('GET', `/v2/{project_id}/instances/${req.params!.instance_id}`)).body, 'a refused request changes nothing').toEqual(before);
  });
});
