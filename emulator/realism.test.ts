// The realistic mode (emulator/realism): the emulator plays a cloud endpoint. Each behaviour is shown
// on its own module with an injected clock and randomness, and on a running emulator.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { defaultConfig, validateConfig } from './core/config.ts';
import { REALISTIC } from './realism/preset.ts';
import { jitteredDurations } from './realism/jitter.ts';
import { ReadLag } from './realism/readLag.ts';
import { callerOf, Throttle } from './realism/throttle.ts';
import { testClient, type TestClient } from '../testing/emulatorClient.ts';
import { createInstanceBody } from '../harness/index.ts';

const spec = await loadSpec();
const clients: TestClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));
const open = async (...args: Parameters<typeof testClient>) => {
  const c = await testClient(...args);
  clients.push(c);
  return c;
};

describe('realism modules', () => {
  test('throttle: a burst passes, the next request waits whole seconds, and callers are apart', () => {
    let now = 0;
    const t = new Throttle({ requestsPerSecond: 2, burst: 3 }, () => now);
    expect([t.take('a'), t.take('a'), t.take('a')]).toEqual([undefined, undefined, undefined]);
    expect(t.take('a')).toBe(1);
    expect(t.take('b')).toBeUndefined();
    now += 500; // one token back at 2 per second
    expect(t.take('a')).toBeUndefined();
    expect(t.take('a')).toBeGreaterThanOrEqual(1);
  });

  test('caller: token, then access key, then address; the token never needs to be valid', () => {
    expect(callerOf({ 'x-auth-token': 'x' }, '1.2.3.4')).toBe('token:x');
    expect(callerOf({ authorization: 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=ab' }, '1.2.3.4')).toBe('ak:AK1');
    expect(callerOf({}, '1.2.3.4')).toBe('addr:1.2.3.4');
  });

  test('read lag: an answer is served again until its random lag ends, never longer than the bound', () => {
    let now = 0;
    const randoms = [0.5, 1, 0];
    const lag = new ReadLag(400, () => randoms.shift()!, () => now);
    lag.keep('k', { status: 200, body: 1 });
    now = 199;
    expect(lag.get('k')?.body).toBe(1);
    now = 200;
    expect(lag.get('k')).toBeUndefined();
    lag.keep('k', { status: 200, body: 2 });
    now = 599;
    expect(lag.get('k')?.body).toBe(2);
    now = 601;
    expect(lag.get('k')).toBeUndefined();
    lag.keep('k', { status: 200, body: 3 }); // a lag of 0: never served again
    expect(lag.get('k')).toBeUndefined();
  });

  test('jitter: each read of a duration is stretched by up to the jitter, never shortened', () => {
    const base = defaultConfig(1, { realistic: true }).durations;
    let r = 0;
    const seq = [0, 0.999, 0.5];
    const d = jitteredDurations(base, 0.5, () => seq[r++ % seq.length]!);
    expect(d.create).toBe(base.create);
    expect(d.create).toBe(Math.round(base.create * (1 + 0.999 * 0.5)));
    expect(d.create).toBe(Math.round(base.create * 1.25));
    expect(jitteredDurations(base, 0, () => 1)).toBe(base);
  });

  test('the realistic preset: every duration at least 1 s, and a bad realism block names its key', () => {
    for (const [k, v] of Object.entries(REALISTIC.durations)) expect(v, k).toBeGreaterThanOrEqual(1000);
    expect(REALISTIC.realism.readLagMs).toBe(500);
    const bad = { ...defaultConfig(1), realism: { jitter: -1, readLagMs: 10 } };
    expect(() => validateConfig(bad)).toThrow(/realism\.jitter/);
    expect(() => validateConfig({ ...defaultConfig(1), realism: { jitter: 0, readLagMs: 10, throttle: { requestsPerSecond: 0, burst: 1 } } })).toThrow(/throttle\.requestsPerSecond/);
  });
});

describe('a realistic emulator', () => {
  test('has no control API and runs in real time', async () => {
    const c = await open({ realistic: true });
    expect(c.emu.config.controlApi).toBe(false);
    expect((await c.call('GET', '/__emulator/clock', undefined, { token: null })).status).toBe(404);
  });

  test('throttles a caller above its rate with 429, Retry-After and a JSON body, and serves others meanwhile', async () => {
    const config = { ...defaultConfig(3, { realistic: true }), realism: { jitter: 0, readLagMs: 0, throttle: { requestsPerSecond: 1, burst: 3 } } };
    const c = await open({ seed: 3, realistic: true, config });
    const answers = await Promise.all(Array.from({ length: 6 }, () => c.call('GET', '/v2/{project_id}/instances')));
    const throttled = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBe(3);
    expect(throttled.length).toBe(3);
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { error_code, error_msg } = spec.lifecycles.throttling.body;
    expect(throttled[0]!.body).toEqual({ error_code, error_msg });
    const other = config.users[1]!;
    expect((await c.call('GET', '/v2/{project_id}/instances', undefined, { token: other.token })).status).toBe(200);
  });

  test('reads lag writes by at most readLagMs: a new instance may be missing from a list read right after, never after the bound', async () => {
    const readLagMs = 300;
    const config = { ...defaultConfig(5, { realistic: true }), realism: { jitter: 0, readLagMs } };
    const c = await open({ seed: 5, realistic: true, config });
    const list = () => c.call('GET', '/v2/{project_id}/instances?limit=1000');
    let stale = 0;
    for (let i = 0; i < 8; i++) {
      const before = (await list()).body.instances.length;
      const made = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `lag-${i}` }));
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const right = (await list()).body.instances.length;
      if (right === before) stale++;
      await sleep(readLagMs + 20);
      expect((await list()).body.instances.length, `instance ${i} listed ${readLagMs} ms after its create`).toBe(before + 1);
    }
    // Each list right after a create is kept for U(0, 300) ms: some of the eight are stale.
    expect(stale).toBeGreaterThan(0);
  });

  test('durations run in real time with jitter: an instance is CREATING, then RUNNING within base × (1 + jitter)', async () => {
    const config = { ...defaultConfig(6, { realistic: true }), realism: { jitter: 0.5, readLagMs: 0 } };
    config.durations.create = 300;
    const c = await open({ seed: 6, realistic: true, config });
    const made = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'jitter-1' }));
    const id = made.body.instances[0].instance_id as string;
    const started = Date.now();
    const show = async () => (await c.call('GET', `/v2/{project_id}/instances/${id}`)).body.status as string;
    expect(await show()).toBe('CREATING');
    let status = 'CREATING';
    while (status === 'CREATING' && Date.now() - started < 2_000) {
      await sleep(20);
      status = await show();
    }
    const took = Date.now() - started;
    expect(status).toBe('RUNNING');
    expect(took).toBeGreaterThanOrEqual(300 - 20);
    // At most 300 × 1.5 ms, plus the polling step and a loaded machine's slack.
    expect(took).toBeLessThan(300 * 1.5 + 400);
  });
});
