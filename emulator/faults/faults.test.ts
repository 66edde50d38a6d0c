// The fault switch: each fault turns a refusal of the faithful emulator into an acceptance (so a
// fault test fails if the fault does nothing), the catalog names real rules, and installing faults
// never touches the shared spec.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { VirtualClock } from '../core/clock.ts';
import { defaultConfig } from '../core/config.ts';
import { IdSource } from '../core/ids.ts';
import { Scheduler } from '../core/scheduler.ts';
import { Store } from '../core/store.ts';
import { buildServer } from '../http/server.ts';
import { startEmulator } from '../index.ts';
import { loadHandlers } from '../resources/index.ts';
import { testClient, type Reply, type TestClient } from '../testing/client.ts';
import { createInstanceBody } from '../testing/fixtures.ts';
import { FAULTS, faultsById, installFaults, type Fault } from './index.ts';

const spec = await loadSpec();
const faithful = await testClient({ seed: 71 });
const faulty = new Map<string, TestClient>();
afterAll(() => Promise.all([faithful.close(), ...[...faulty.values()].map((c) => c.close())]));

async function withFault(id: string): Promise<TestClient> {
  let c = faulty.get(id);
  if (!c) faulty.set(id, (c = await testClient({ seed: 71, faults: [id] })));
  return c;
}

/** The refusal the spec prescribes for `code`: its catalog status and the code itself. */
const refusal = (code: string) => [spec.errors.require(code).status, code];
const expectRefused = (r: Reply, code: string) => expect([r.status, r.body?.error_code], JSON.stringify(r.body)).toEqual(refusal(code));
const expectAccepted = (r: Reply) => expect(Math.floor(r.status / 100), `${r.status} ${JSON.stringify(r.body)}`).toBe(2);

const path = (opId: string, instanceId?: string) => spec.operation(opId).path.replace('{instance_id}', instanceId ?? '');
let n = 0;
async function instance(c: TestClient, run = true): Promise<string> {
  const r = await c.call('POST', path('CreateInstance'), createInstanceBody(spec, { name: `fault-${++n}` }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}

/** Runs `request` on the faithful emulator (refused with `code`) and with `faultId` on (accepted). */
async function departs(faultId: string, code: string, request: (c: TestClient) => Promise<Reply>): Promise<Reply> {
  expectRefused(await request(faithful), code);
  const r = await request(await withFault(faultId));
  expectAccepted(r);
  return r;
}

describe('each fault accepts what the reference refuses', () => {
  test('password.short-accepted: instance passwords below the rule', async () => {
    const rule = spec.rules.password.instance;
    const short = 'a'.repeat(rule.minLength - 1);
    await departs('password.short-accepted', rule.errorCode, (c) => c.call('POST', path('CreateInstance'), createInstanceBody(spec, { name: `pw-${++n}`, password: short })));
    await departs('password.short-accepted', rule.errorCode, async (c) => c.call('POST', path('ResetPassword', await instance(c)), { new_password: short }));
  });

  test('capacity.off-table-accepted: a capacity the create table does not offer', async () => {
    const rule = spec.rules.capacity.create;
    const offered = rule.tables.filter((t) => t.cacheModes.includes('ha')).flatMap((t) => t.capacities);
    const capacity = Math.max(...offered) + 1;
    const r = await departs('capacity.off-table-accepted', rule.errorCode, (c) => c.call('POST', path('CreateInstance'), createInstanceBody(spec, { name: `cap-${++n}`, capacity })));
    const c = await withFault('capacity.off-table-accepted');
    expect((await c.call('GET', path('ShowInstance', r.body.instances[0].instance_id))).body.capacity).toBe(capacity);
  });

  test('maintenance-window.any-hour: windows off the hour, unpaired, any length', async () => {
    const rule = spec.rules.maintenanceWindow;
    const window = { maintain_begin: rule.default.begin.replace(/:00:/, ':30:'), maintain_end: rule.default.end.replace(/:00:/, ':30:') };
    const r = await departs('maintenance-window.any-hour', rule.errorCode, (c) => c.call('POST', path('CreateInstance'), createInstanceBody(spec, { name: `mw-${++n}`, ...window })));
    const created = r.body.instances[0].instance_id;
    expect((await (await withFault('maintenance-window.any-hour')).call('GET', path('ShowInstance', created))).body).toMatchObject(window);
    const zeroLength = { maintain_begin: rule.default.begin, maintain_end: rule.default.begin };
    await departs('maintenance-window.any-hour', rule.errorCode, async (c) => c.call('PUT', path('UpdateInstance', await instance(c)), zeroLength));
    const faultyClient = await withFault('maintenance-window.any-hour');
    const id = await instance(faultyClient);
    expectAccepted(await faultyClient.call('PUT', path('UpdateInstance', id), { maintain_begin: rule.default.end }));
    expect((await faultyClient.call('GET', path('ShowInstance', id))).body.maintain_begin).toBe(rule.default.end);
  });

  test('whitelist.group-limit-ignored: one group more than the rule allows', async () => {
    const rule = spec.rules.whitelist;
    const whitelist = Array.from({ length: rule.maxGroups + 1 }, (_, i) => ({ group_name: `g${i}`, ip_list: [`10.9.0.${i + 1}`] }));
    let id = '';
    await departs('whitelist.group-limit-ignored', rule.errorCode, async (c) => c.call('PUT', path('UpdateIpWhitelist', (id = await instance(c))), { enable_whitelist: true, whitelist }));
    const c = await withFault('whitelist.group-limit-ignored');
    expect((await c.call('GET', path('ShowIpWhitelist', id))).body.whitelist).toHaveLength(rule.maxGroups + 1);
  });

  test('state.requires-running-ignored: changing an instance that is still CREATING', async () => {
    const code = spec.rules.states.refusal(spec.operation('UpdateInstance').section, 'CREATING');
    expect(code).toBeDefined();
    let id = '';
    await departs('state.requires-running-ignored', code!, async (c) => c.call('PUT', path('UpdateInstance', (id = await instance(c, false))), { description: 'changed while creating' }));
    // Only the requires-running part departs: deleting while CREATING keeps its own refusal.
    const deleting = spec.rules.states.refusal(spec.operation('DeleteSingleInstance').section, 'CREATING');
    expectRefused(await (await withFault('state.requires-running-ignored')).call('DELETE', path('DeleteSingleInstance', id)), deleting!);
  });

  test('auth.token-not-checked: unknown or missing tokens are served as the admin', async () => {
    const list = path('ListInstances');
    await departs('auth.token-not-checked', spec.rules.protocol('auth.invalid-token').errorCode, (c) => c.call('GET', list, undefined, { token: 'not-a-token' }));
    await departs('auth.token-not-checked', spec.rules.protocol('auth.no-credentials').errorCode, (c) => c.call('GET', list, undefined, { token: null }));
    // A request signed with AK/SK is still judged by its signature.
    const c = await withFault('auth.token-not-checked');
    const badSignature = { authorization: `SDK-HMAC-SHA256 Access=${c.emu.ak}, SignedHeaders=x-sdk-date, Signature=00`, 'x-sdk-date': '20250101T000000Z' };
    expect((await c.call('GET', list, undefined, { token: null, headers: badSignature })).status).toBeGreaterThanOrEqual(400);
  });
});

describe('the catalog', () => {
  test('ids are unique, prefixed by their family, and each names a rule of the spec', () => {
    expect(new Set(FAULTS.map((f) => f.id)).size).toBe(FAULTS.length);
    for (const f of FAULTS) {
      expect(f.id.startsWith(`${f.family}.`), f.id).toBe(true);
      expect(f.breaks.length, f.id).toBeGreaterThan(0);
      expect(f.family === 'benign' || f.benign === true, f.id).toBe(f.rule === 'none');
      if (f.rule === 'none') continue;
      const part = /^instance-states\.(.+)$/.exec(f.rule)?.[1];
      // instance-states.<part> names a part of the state machine data (requires-running -> requiresRunning).
      if (part) expect(spec.rules.states.data, f.id).toHaveProperty(part.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase()));
      else expect(() => spec.rules.byId(f.rule), f.id).not.toThrow();
    }
  });

  test('the six faults of the first issue are there', () => {
    expect(faultsById(['password.short-accepted', 'capacity.off-table-accepted', 'maintenance-window.any-hour', 'whitelist.group-limit-ignored', 'state.requires-running-ignored', 'auth.token-not-checked']).map((f) => f.rule)).toEqual([
      'password.instance',
      'capacity.create',
      'maintenance-window',
      'whitelist',
      'instance-states.requires-running',
      'auth.invalid-token',
    ]);
  });

  test('an unknown id is rejected, naming it and the known ones', async () => {
    expect(() => faultsById(['password.short-accepted', 'no.such-fault'])).toThrow(/"no\.such-fault".*password\.short-accepted/);
    await expect(startEmulator({ faults: ['no.such-fault'] })).rejects.toThrow(/no\.such-fault/);
  });
});

describe('installation', () => {
  test('the faithful emulator reports no faults; a faulty one names them', async () => {
    expect(faithful.emu.faults).toEqual([]);
    expect((await withFault('auth.token-not-checked')).emu.faults).toEqual(['auth.token-not-checked']);
  });

  test('no fault: spec and handlers are passed through as they are, with no hooks', async () => {
    const base = { spec, handlers: await loadHandlers() };
    expect(installFaults([], base)).toBe(base);
  });

  test('installing every fault leaves the shared loadSpec() object unchanged', async () => {
    const snapshot = () => ({
      password: structuredClone(spec.rules.password.instance),
      capacity: structuredClone(spec.rules.capacity.create),
      window: structuredClone(spec.rules.maintenanceWindow),
      whitelist: structuredClone(spec.rules.whitelist),
      refusal: spec.rules.states.refusal(spec.operation('UpdateInstance').section, 'CREATING'),
      schema: spec.validateRequestBody('CreateInstance', createInstanceBody(spec, { password: 'a' })).valid,
    });
    const before = snapshot();
    const rules = spec.rules;
    const { spec: faultySpec } = installFaults(FAULTS, { spec, handlers: await loadHandlers() });
    expect(faultySpec).not.toBe(spec);
    expect(faultySpec.rules.password.instance.minLength).toBeLessThan(spec.rules.password.instance.minLength);
    expect(spec.rules).toBe(rules);
    expect(snapshot()).toEqual(before);
    expect(before.schema).toBe(false);
  });

  test('a spec overlay that returns the spec it was given is refused', async () => {
    const inPlace: Fault = { id: 'schema.in-place', family: 'schema', rule: 'none', breaks: 'test', install: (h) => h.overlaySpec((s) => s) };
    expect(() => installFaults([inPlace], { spec, handlers: {} })).toThrow(/new Spec/);
  });

  test('request and response hooks run around the pipeline', async () => {
    const config = defaultConfig(72);
    const stamp: Fault = {
      id: 'benign.stamp',
      family: 'benign',
      rule: 'none',
      benign: true,
      breaks: 'test',
      install(h) {
        h.onRequest(({ headers }) => ({ ...headers, 'x-auth-token': config.users[0]!.token }));
        h.onResponse((res, { op }) => ({ ...res, headers: { ...res.headers, 'x-fault-op': op.id }, body: { ...(res.body as object), stamped: true } }));
      },
    };
    const installed = installFaults([stamp], { spec, handlers: await loadHandlers() });
    const store = new Store(config, new VirtualClock({ kind: 'manual' }), new IdSource(72), new Scheduler());
    const app = buildServer({ config, store, ...installed });
    try {
      const r = await app.inject({ method: 'GET', url: `/v2/${config.users[0]!.projects[0]}/instances` });
      expect([r.statusCode, r.headers['x-fault-op'], r.headers['content-type'], r.json().stamped]).toEqual([200, 'ListInstances', 'application/json;charset=utf-8', true]);
    } finally {
      await app.close();
    }
  });
});
