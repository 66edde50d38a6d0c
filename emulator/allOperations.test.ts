// Every operation of the spec reaches a documented success status with a schema-valid body, on an
// emulator started in-process. Driven by the spec: each operation is called once with the request
// its builder (harness/scenario/requests.ts) makes on resources in the right state, its body being the
// reference's first example repaired from the schema and rule data (harness/scenario/examples.ts), or built
// from rule data where the reference has none. Removing operations run last, on throwaway resources.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec, type OperationInfo } from '../spec/index.ts';
import { repairBody, REQUESTS, Scenario, successStatuses } from '../harness/index.ts';
import { emulatorScenario } from '../testing/emulatorClient.ts';

const spec = await loadSpec();
const removes = (op: OperationInfo) => op.method === 'DELETE';
const ordered = [...spec.operations.filter((o) => !removes(o)), ...spec.operations.filter(removes)];

let s: Scenario;
beforeAll(async () => {
  s = await emulatorScenario(spec, 88);
});
afterAll(() => s.close());

describe('every operation succeeds on the emulator', () => {
  test.for(ordered.map((op) => ({ id: op.id, op })))('$id', async ({ op }) => {
    const build = REQUESTS[op.id];
    expect(build, `no request builder for ${op.id} in harness/scenario/requests.ts`).toBeDefined();
    const example = op.requestBody?.examples.find((e) => 'value' in e)?.value;
    const req = await build!(s, structuredClone(example));
    const body = repairBody(spec, op, req);
    if (body !== undefined) {
      const check = spec.validateRequestBody(op.id, body);
      expect(check.valid, `the request body the test sends is invalid: ${JSON.stringify(check.errors)}`).toBe(true);
    }
    const r = await s.c.call(op.method, s.url(op, req), body);
    const sent = `${op.method} ${s.url(op, req)} ${JSON.stringify(body)}`;
    expect(successStatuses(op), `${sent}\n-> ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
    if (op.responses.get(r.status)?.schema) {
      const check = spec.validateResponse(op.id, r.status, r.body)!;
      expect(check.valid, `${sent}\n-> ${r.status} ${JSON.stringify(r.body)}\nschema errors: ${JSON.stringify(check.errors, null, 1)}`).toBe(true);
    }
    await s.settle();
  });

  test('the builder table covers every operation of the spec and nothing else', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual(spec.operations.map((o) => o.id).sort());
  });
});
