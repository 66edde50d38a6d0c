// The control API's headers: every answer says how much the clock has pending and is numbered, and a
// request that asks to be settled first is answered after the clock ran everything; an emulator without
// the control API (playing a cloud) does none of it.
import { afterEach, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { defaultConfig } from '../core/config.ts';
import { createInstanceBody } from '../../harness/index.ts';
import { testClient, type TestClient } from '../../testing/emulatorClient.ts';
import { PENDING_HEADER, SEQ_HEADER, SETTLE_HEADER } from './controlProtocol.ts';

const spec = await loadSpec();
let c: TestClient | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const createOne = async (t: TestClient) => {
  const r = await t.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'ctl-1' }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { id: (r.body.instances as { instance_id: string }[])[0]!.instance_id, pending: r.headers.get(PENDING_HEADER) };
};
const show = (t: TestClient, id: string, headers: Record<string, string> = {}) => t.call('GET', `/v2/{project_id}/instances/${id}`, undefined, { headers });

describe('with the control API', () => {
  test('every answer carries the pending count: an operation, a refusal, an unknown URL, a control call', async () => {
    c = await testClient({ seed: 1 });
    for (const [method, path, token] of [['GET', '/v2/{project_id}/instances', undefined], ['GET', '/v2/{project_id}/instances', 'wrong'], ['GET', '/nowhere', undefined], ['GET', '/__emulator/clock', null]] as const) {
      const r = await c.call(method, path, undefined, token === undefined ? {} : { token });
      expect(r.headers.get(PENDING_HEADER), `${method} ${path} (${r.status})`).toMatch(/^\d+$/);
    }
  });

  test('every answer is numbered, one more than the answer before it, whatever the request', async () => {
    c = await testClient({ seed: 1 });
    const seqs: number[] = [];
    for (const [method, path, token] of [['GET', '/v2/{project_id}/instances', undefined], ['GET', '/v2/{project_id}/instances', 'wrong'], ['GET', '/nowhere', undefined], ['GET', '/__emulator/clock', null]] as const) {
      const r = await c.call(method, path, undefined, token === undefined ? {} : { token });
      seqs.push(Number(r.headers.get(SEQ_HEADER)));
    }
    expect(seqs.slice(1).map((s, i) => s - seqs[i]!)).toEqual([1, 1, 1]);
  });

  test('a write that starts work says so; a request asking to be settled first sees it done, and nothing pending', async () => {
    c = await testClient({ seed: 1 });
    const { id, pending } = await createOne(c);
    expect(Number(pending)).toBeGreaterThan(0);
    const plain = await show(c, id);
    expect([plain.body.status, plain.headers.get(PENDING_HEADER)]).toEqual(['CREATING', pending]);
    const settled = await show(c, id, { [SETTLE_HEADER]: '1' });
    expect([settled.body.status, settled.headers.get(PENDING_HEADER)]).toEqual(['RUNNING', '0']);
  });
});

test('without the control API (a cloud it plays) neither header does anything', async () => {
  c = await testClient({ seed: 1, config: { ...defaultConfig(1), controlApi: false } });
  const { id, pending } = await createOne(c);
  expect(pending).toBeNull();
  expect((await show(c, id)).headers.get(SEQ_HEADER)).toBeNull();
  const asked = await show(c, id, { [SETTLE_HEADER]: '1' });
  expect([asked.body.status, asked.headers.get(PENDING_HEADER)]).toEqual(['CREATING', null]);
});
