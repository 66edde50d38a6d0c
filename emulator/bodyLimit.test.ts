// Bad bodies cost the emulator little, so other clients keep being served (issue 13): a body over the
// bound of rule request.malformed-json is refused before it is parsed, and a body under it full of
// schema errors is judged by its first error. Latency bounds are generous (a loaded 2-core machine);
// the deterministic part is the refusal and the one error.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { VirtualClock } from './core/clock.ts';
import { defaultConfig } from './core/config.ts';
import { IdSource } from './core/ids.ts';
import { Scheduler } from './core/scheduler.ts';
import { Store } from './core/store.ts';
import { buildServer } from './http/server.ts';
import { bodyLimitBytes } from './http/validate.ts';
import { handlersOf } from './resources/index.ts';
import { testClient } from '../testing/emulatorClient.ts';
import { createInstanceBody } from '../harness/index.ts';

const spec = await loadSpec();
const c = await testClient({ seed: 17 });
afterAll(() => c.close());

const malformed = spec.rules.protocol('request.malformed-json');
const limit = bodyLimitBytes(spec);
const create = `/v2/${c.emu.projectId}/instances`;
const list = `/v2/${c.emu.projectId}/instances`;

/** `{"tags":[{},{},…]}` of about `bytes` bytes: one schema error per item. */
const garbage = (bytes: number) => `{"tags":[${Array.from({ length: Math.floor((bytes - 12) / 3) }, () => '{}').join(',')}]}`;

const post = async (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => {
  const t0 = performance.now();
  const res = await fetch(c.emu.url + create, { method: 'POST', headers: { 'x-auth-token': c.emu.token, 'content-type': 'application/json', ...headers }, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  return { status: res.status, body: (await res.json().catch(() => undefined)) as { error_code?: string } | undefined, ms: performance.now() - t0 };
};
const get = async () => {
  const t0 = performance.now();
  const res = await fetch(c.emu.url + list, { headers: { 'x-auth-token': c.emu.token } });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0, at: performance.now() };
};

describe('request bodies are bounded (rule request.malformed-json, bodyLimit)', () => {
  test('the bound is the spec\'s, no larger than the 12 MB the reference states for AK/SK bodies', () => {
    const stated = (malformed as { bodyLimit?: { statedMaxBytes?: number } }).bodyLimit?.statedMaxBytes;
    expect(stated).toBeGreaterThan(0);
    expect(limit).toBeGreaterThan(64 * 1024);
    expect(limit).toBeLessThanOrEqual(stated!);
  });

  test('a body over the bound is refused with the catalog\'s body code, by its Content-Length or as it streams', async () => {
    const padded = `{"name":"${'x'.repeat(limit)}"}`;
    const r = await post(padded);
    expect([r.status, r.body?.error_code]).toEqual([malformed.status, malformed.errorCode]);
    const chunks = [padded.slice(0, limit / 2), padded.slice(limit / 2)];
    const stream = new ReadableStream({ pull: (ctl) => void (chunks.length ? ctl.enqueue(new TextEncoder().encode(chunks.shift()!)) : ctl.close()) });
    const streamed = await post(stream);
    expect([streamed.status, streamed.body?.error_code]).toEqual([malformed.status, malformed.errorCode]);
  });

  test('~11 MB of {"tags":[{},{},…]} is refused quickly, and a GET sent meanwhile is answered promptly', async () => {
    const big = garbage(11_700_000);
    const pending = post(big);
    const read = await get();
    const refused = await pending;
    expect([refused.status, refused.body?.error_code]).toEqual([malformed.status, malformed.errorCode]);
    expect(read.status).toBe(200);
    // Seconds each before the bound (parsing and collecting ~4 million errors); generous bounds here.
    expect(read.ms).toBeLessThan(1000);
    expect(refused.ms).toBeLessThan(3000);
  });

  test('the emulator never collects every error of a body: the first decides', async () => {
    const config = defaultConfig(18);
    const strict = { ...spec, validateRequestBody: () => expect.unreachable('the emulator collected every error of a body') };
    const app = buildServer({ spec: strict, config, store: new Store(config, new VirtualClock({ kind: 'manual' }), new IdSource(18), new Scheduler()), handlers: handlersOf() });
    try {
      // A valid create but for a thousand tags without key or value: the same answer as the emulator's.
      const body = JSON.stringify(createInstanceBody(spec, { name: 'first-error', tags: Array.from({ length: 1000 }, () => ({})) }));
      const r = await app.inject({ method: 'POST', url: `/v2/${config.users[0]!.projects[0]}/instances`, headers: { 'x-auth-token': config.users[0]!.token, 'content-type': 'application/json' }, payload: body });
      const faithful = await post(body);
      expect(faithful.status).toBe(400);
      expect([r.statusCode, r.json().error_code]).toEqual([faithful.status, faithful.body?.error_code]);
    } finally {
      await app.close();
    }
  });

  test('a body under the bound full of schema errors is judged by its first: one error, and the GET meanwhile is answered', async () => {
    const body = garbage(limit - 64);
    const items = JSON.parse(body).tags.length as number;
    expect(spec.validateRequestBody('CreateInstance', JSON.parse(body)).errors.length).toBeGreaterThan(items);
    expect(spec.checkRequestBody('CreateInstance', JSON.parse(body)).errors).toHaveLength(1);
    const pending = post(body);
    const read = await get();
    const refused = await pending;
    expect(refused.status).toBe(400);
    expect(read.status).toBe(200);
    expect(read.ms).toBeLessThan(1000);
  });
});
