// Generated valid requests for every operation, sent to an in-process emulator: each gets a
// documented 2xx. The generator builds the request from the operation's schema (optional fields
// included at random); rule-governed fields take valid values from the domain registry; the
// emulator's scenario (testing/emulatorClient.ts) supplies what must refer to real resources in the right
// state (path IDs, IDs in bodies). Seeds are printed; DCS_SEED_FC replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec, type OperationInfo } from '../spec/index.ts';
import { repairBody, REQUESTS, Scenario, successStatuses } from '../harness/index.ts';
import { emulatorScenario, type TestClient } from '../testing/emulatorClient.ts';
import { domainPatches, domainRegistry, propertyParameters, renderUrl, requestArbitrary, type GeneratedRequest } from './index.ts';
import { printOnFailure } from '../testing/seeds.ts';

const spec = await loadSpec();
const params = propertyParameters({ numRuns: 1 });
printOnFailure(`generators/validAgainstEmulator: seed=${params.seed} (replay with DCS_SEED_FC=${params.seed})`);
const removes = (op: OperationInfo) => op.method === 'DELETE';
const ordered = [...spec.operations.filter((o) => !removes(o)), ...spec.operations.filter(removes)];


let s: Scenario<TestClient>;
beforeAll(async () => {
  s = await emulatorScenario(spec, 89);
  // Generated batch creates (instance_num up to its maximum) must not run into the tenant quota.
  for (const p of s.c.emu.config.projects) Object.assign(p.quota, { instances: 100_000, ram: 100_000_000 });
});
afterAll(() => s.close());

describe('generated valid requests against the emulator', () => {
  test.for(ordered.map((op) => ({ id: op.id, op })))('$id', async ({ op }) => {
    const example = op.requestBody?.examples.find((e) => 'value' in e)?.value;
    const req = await REQUESTS[op.id]!(s, structuredClone(example));
    const anchor = repairBody(spec, op, req) as Record<string, unknown> | undefined;
    // A body field named like a path parameter names the same resource (UpdateIpWhitelist's instance_id).
    const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
    const samePath = Object.fromEntries(Object.entries(req.params ?? {}).filter(([k]) => k in props));
    const constants = (o: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fc.constant(v)]));
    const arb = requestArbitrary(spec, op.id, {
      path: constants({ project_id: s.c.emu.projectId, ...req.params }) as Record<string, fc.Arbitrary<string>>,
      query: constants(req.query),
      optional: 'random',
      // What must be right for this resource wins: generated < rule-valid values < the scenario's anchor.
      bodyPatches: [...domainPatches(spec, domainRegistry(spec), op), fc.constant(samePath), ...(anchor && typeof anchor === 'object' ? [fc.constant(anchor)] : [])],
    });
    const [generated] = fc.sample(arb, { seed: params.seed, numRuns: 1 }) as GeneratedRequest[];
    const g = generated!;
    const query = { ...g.query, ...req.query };
    const url = renderUrl({ ...g, query });
    const r = await s.c.call(g.method, url, g.body);
    const sent = `${g.method} ${url} ${JSON.stringify(g.body)}`;
    expect(successStatuses(op), `${sent}\n-> ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
    await s.settle();
  });
});
