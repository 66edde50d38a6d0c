// Bad input never produces a 5xx: arbitrary JSON values, non-JSON text and odd query strings sent to
// every operation get a 4xx (or a 2xx where the input happens to be acceptable). Seeded, printed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { propertyParameters } from '../generators/index.ts';
import { testClient, type TestClient } from '../testing/emulatorClient.ts';
import { createInstanceBody } from '../harness/index.ts';
import { printOnFailure } from '../testing/seeds.ts';

const spec = await loadSpec();
const params = propertyParameters({ numRuns: 4 });
printOnFailure(`emulator/robustness: seed=${params.seed} (replay with DCS_SEED_FC=${params.seed})`);

let c: TestClient;
let instanceId = '';
beforeAll(async () => {
  c = await testClient({ seed: 13 });
  instanceId = (await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'robust-1' }))).body.instances[0].instance_id;
  await c.settle();
});
afterAll(() => c.close());

const junk = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('{', '[1,', '{"a":}', 'null', '""', '\u0000', '{"name":"x"'.repeat(3)),
);

describe('bad input never produces a 5xx', () => {
  test.for(spec.operations.map((o) => ({ id: o.id, op: o })))('$id', async ({ op }) => {
    const samples = fc.sample(fc.tuple(junk, fc.string({ maxLength: 12 }), fc.string({ maxLength: 8 })), { seed: params.seed, numRuns: params.numRuns });
    for (const [body, id, q] of samples) {
      const path = op.path.replace('{project_id}', c.emu.projectId).replace(/\{instance_id\}/, instanceId).replace(/\{\w+\}/g, encodeURIComponent(id) || 'x');
      const r = await c.call(op.method, `${path}?limit=${encodeURIComponent(q)}&offset=${encodeURIComponent(q)}`, undefined, op.method === 'GET' || op.method === 'DELETE' ? {} : { raw: body });
      expect(r.status, `${op.method} ${path} ${body} -> ${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(500);
    }
  });
});
