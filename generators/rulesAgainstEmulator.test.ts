// Every rule of the domain registry, broken in each of its ways inside an otherwise valid request of
// each operation the rule applies to, sent to an in-process emulator: the answer is the status and
// one of the codes the invalid value is tagged with, and the target is left unchanged.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { repairBody, REQUESTS, Scenario } from '../harness/index.ts';
import { emulatorScenario } from '../testing/emulatorClient.ts';
import { breakInBody, domainRegistry, propertyParameters, ruleBreaks, stillBreaks } from './index.ts';
import { parseSpecCode } from '../spec/rules/index.ts';
import { printOnFailure } from '../testing/seeds.ts';

const spec = await loadSpec();
const params = propertyParameters({ numRuns: 1 });
printOnFailure(`generators/rulesAgainstEmulator: seed=${params.seed} (replay with DCS_SEED_FC=${params.seed})`);

const cases = ruleBreaks(spec, domainRegistry(spec)).map(({ entry, op, kind }) => ({ name: `${entry.id} ${kind} on ${op.id}`, entry, op, kind }));

let s: Scenario;
beforeAll(async () => {
  s = await emulatorScenario(spec, 90);
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
    // A value judged against the instance acted on (resize capacity) must still break the rule for it.
    const shown = req.params?.instance_id ? (await s.c.call('GET', `/v2/{project_id}/instances/${req.params.instance_id}`)).body : undefined;
    const inst = shown && { cache_mode: parseSpecCode(spec.rules.flavors, shown.spec_code)?.cacheMode, engine: shown.engine, engine_version: shown.engine_version };
    const pool = fc.sample(entry.invalidByKind[kind]!, { seed: params.seed, numRuns: 60 });
    const bad = pool.find((b) => stillBreaks(spec, entry, kind, op, b.value, breakInBody(spec, entry.rule, op, valid, entry.toBody(b.value), req.accountName), inst));
    if (!bad) return void console.log(`${entry.id} ${kind} on ${op.id}: no generated value applies to this instance (${JSON.stringify(inst)})`);
    const body = breakInBody(spec, entry.rule, op, valid, entry.toBody(bad.value), req.accountName);
    const before = req.params?.instance_id ? (await s.c.call('GET', `/v2/{project_id}/instances/${req.params.instance_id}`)).body : undefined;
    const r = await s.c.call(op.method, s.url(op, req), body);
    const what = `${op.method} ${s.url(op, req)} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
    expect(r.status, what).toBe(bad.expect.status);
    expect(bad.expect.errorCodes, what).toContain(r.body.error_code);
    if (before) expect((await s.c.call('GET', `/v2/{project_id}/instances/${req.params!.instance_id}`)).body, 'a refused request changes nothing').toEqual(before);
  });
});
