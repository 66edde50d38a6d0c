// Generated negative requests for every operation, sent to an in-process emulator: each must get
// the status and one of the error codes its mutation is tagged with. Base requests are sampled
// with a printed seed (DCS_SEED_FC replays it).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec, type Spec } from '../spec/index.ts';
import { testClient, type TestClient } from '../testing/emulatorClient.ts';
import { createInstanceBody } from '../harness/index.ts';
import { canMutate, mutationsOf, propertyParameters, renderUrl, requestArbitrary } from './index.ts';
import { printOnFailure } from '../testing/seeds.ts';

const spec = await loadSpec();
const params = propertyParameters({ numRuns: 2 });
printOnFailure(`generators/againstEmulator: seed=${params.seed} (replay with DCS_SEED_FC=${params.seed})`);

let c: TestClient;
let instanceId = '';
beforeAll(async () => {
  c = await testClient({ seed: 5 });
  const made = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec as Spec, { name: 'gen-target' }));
  instanceId = made.body.instances[0].instance_id;
  await c.settle();
});
afterAll(() => c.close());

/** Operations with a body or constrained query parameters: the ones a schema-level mutation can break. */
const mutable = spec.operations.filter((o) => canMutate(spec, o.id));

describe('negative mutations against the emulator', () => {
  test('covers every operation with a request body', () => {
    for (const o of spec.operations.filter((x) => x.requestBody?.schema)) expect(mutable.map((m) => m.id)).toContain(o.id);
  });

  test.for(mutable.map((o) => ({ id: o.id })))('$id', async ({ id }) => {
    const fixed = (v: string) => fc.constant(v);
    const path = { project_id: fixed(c.emu.projectId), instance_id: fixed(instanceId) };
    // An operation mutable only through its query gets every optional parameter: with them left to
    // chance, a small sample may carry none and so nothing to break.
    const queryOnly = !spec.operations.find((o) => o.id === id)?.requestBody?.schema;
    const bases = fc.sample(requestArbitrary(spec, id, { path, optional: queryOnly ? 'all' : 'none' }), { seed: params.seed, numRuns: params.numRuns });
    let sent = 0;
    for (const base of bases) {
      for (const n of mutationsOf(spec, base)) {
        const req = n.request;
        const raw = n.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
        const r = await c.call(req.method, renderUrl(req), undefined, raw === undefined ? {} : { raw });
        const what = `${id} ${n.kind} ${n.target}: ${n.description} -> ${r.status} ${JSON.stringify(r.body)}`;
        expect(r.status, what).toBe(n.expect.status);
        expect(n.expect.errorCodes, what).toContain(r.body?.error_code);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(0);
  });
});
