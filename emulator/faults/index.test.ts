// The fault switch: each fault makes the emulator answer one request differently from the faithful
// emulator (a refusal turned into an acceptance, another status or code, another body, state that
// does not move), so a fault test fails if the fault does nothing; the catalog names real rules; and
// installing faults never touches the shared spec.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { VirtualClock } from '../core/clock.ts';
import { defaultConfig } from '../core/config.ts';
import { IdSource } from '../core/ids.ts';
import { Scheduler } from '../core/scheduler.ts';
import { Store } from '../core/store.ts';
import { buildServer } from '../http/server.ts';
import { startEmulator } from '../index.ts';
import { handlersOf } from '../resources/index.ts';
import { testClient, type Reply, type TestClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody, Scenario, successStatuses, type CallInit } from '../../harness/index.ts';
import { authorizationHeader, bodySha256, canonicalRequest, CONTENT_SHA256, formatSdkDate, signature, stringToSign } from '../../common/signing/sdkHmacSha256.ts';
import { allowedCapacities, parseSpecCode, specCodeFor, validPassword } from '../../spec/rules/index.ts';
import { LATENCY_MS } from './benign.ts';
import { FAULTS, faultsById, installFaults, type Fault } from './index.ts';

const spec = await loadSpec();
// The fixture instance's cache mode and the status a create passes through, as the spec has them.
const FIXTURE_MODE = parseSpecCode(spec.rules.flavors, String(createInstanceBody(spec).spec_code))!.cacheMode;
const CREATE_VIA = spec.rules.states.data.transitions.find((t) => t.id === 'create')!.via!;
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
  expect(successStatuses(spec.operation('CreateInstance')), JSON.stringify(r.body)).toContain(r.status);
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
    const offered = rule.tables.filter((t) => t.cacheModes.includes(FIXTURE_MODE)).flatMap((t) => t.capacities);
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
    const code = spec.rules.states.refusal(spec.operation('UpdateInstance').section, CREATE_VIA);
    expect(code).toBeDefined();
    let id = '';
    await departs('state.requires-running-ignored', code!, async (c) => c.call('PUT', path('UpdateInstance', (id = await instance(c, false))), { description: 'changed while creating' }));
    // Only the requires-running part departs: deleting while CREATING keeps its own refusal.
    const deleting = spec.rules.states.refusal(spec.operation('DeleteSingleInstance').section, CREATE_VIA);
    expectRefused(await (await withFault('state.requires-running-ignored')).call('DELETE', path('DeleteSingleInstance', id)), deleting!);
  });

  test('auth.token-not-checked: unknown or missing tokens are served as the admin', async () => {
    const list = path('ListInstances');
    await departs('auth.token-not-checked', spec.rules.protocol('auth.invalid-token').errorCode, (c) => c.call('GET', list, undefined, { token: 'not-a-token' }));
    await departs('auth.token-not-checked', spec.rules.protocol('auth.no-credentials').errorCode, (c) => c.call('GET', list, undefined, { token: null }));
    // A request signed with AK/SK is still judged by its signature.
    const c = await withFault('auth.token-not-checked');
    // Dated now, so only the signature can be wrong (a stale date would be refused for its date instead).
    const badSignature = { authorization: `SDK-HMAC-SHA256 Access=${c.emu.ak}, SignedHeaders=x-sdk-date, Signature=00`, 'x-sdk-date': formatSdkDate(Date.now()) };
    expectRefused(await c.call('GET', list, undefined, { token: null, headers: badSignature }), spec.rules.protocol('auth.invalid-token').errorCode);
  });
});

/** Sends operation `opId` (on instance `id`) the way the emulator tests do. */
const send = (c: TestClient, opId: string, o: { id?: string; body?: unknown; query?: Record<string, string | number>; init?: CallInit } = {}) => {
  const qs = o.query ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
  return c.call(spec.operation(opId).method, path(opId, o.id) + qs, o.body, o.init);
};
const statusCode = (r: Reply) => [r.status, r.body?.error_code];
const password = String(createInstanceBody(spec).password);
const passwordResults = () => (spec.operation('UpdatePassword').responses.get(200)!.schema!.properties as Record<string, { enum: string[] }>).result!.enum;
const accountRole = () => (spec.operation('CreateAclAccount').requestBody!.schema!.properties as Record<string, { enum: string[] }>).account_role!.enum[0];
const lockout = spec.rules.states.data.passwordLockout;

/** Runs `request` on the faithful emulator and with `faultId` on; each answer is checked by its own assertion. */
async function contrast(faultId: string, request: (c: TestClient) => Promise<Reply>, faithfulSays: (r: Reply) => void, faultySays: (r: Reply) => void): Promise<{ faithful: Reply; faulty: Reply }> {
  const a = await request(faithful);
  faithfulSays(a);
  const b = await request(await withFault(faultId));
  faultySays(b);
  return { faithful: a, faulty: b };
}

/** A RUNNING instance of a version that has ACL accounts, then `request` on it. */
const onAclInstance = (request: (c: TestClient, id: string) => Promise<Reply>) => async (c: TestClient) => {
  const versions = (spec.rules.byId('acl.engine-version') as unknown as { engineVersions: string[] }).engineVersions;
  const r = await c.call('POST', path('CreateInstance'), createInstanceBody(spec, { name: `acl-${++n}`, engine_version: spec.rules.engine.versions.filter((v) => versions.includes(v)).at(-1) }));
  expectAccepted(r);
  await c.advance(c.emu.config.durations.create);
  return request(c, r.body.instances[0].instance_id);
};

/** A RUNNING instance on each emulator, then `request` on it. */
const onInstance = (request: (c: TestClient, id: string) => Promise<Reply>) => async (c: TestClient) => request(c, await instance(c));

/** The smallest whole capacity the resize table does not offer an ha instance. */
const offResizeTable = () => {
  const offered = allowedCapacities(spec.rules.capacity.resize, { cacheMode: FIXTURE_MODE, version: String(createInstanceBody(spec).engine_version) });
  let c = 1;
  while (offered.includes(c)) c++;
  return c;
};

/** `times` wrong old passwords in a row on instance `id`; every answer. */
async function wrongAttempts(c: TestClient, id: string, times: number): Promise<Reply[]> {
  const out: Reply[] = [];
  const wrong = validPassword(spec.rules.password.instance, [password]);
  for (let i = 0; i < times; i++) out.push(await send(c, 'UpdatePassword', { id, body: { old_password: wrong, new_password: validPassword(spec.rules.password.instance, [password, wrong]) } }));
  return out;
}

/** What each fault of the catalog after the first six changes, one request at a time. */
const BEHAVIOUR: Record<string, () => Promise<void>> = {
  'password.weak-accepted': async () => {
    const rule = spec.rules.password.instance;
    // Long enough, one character class.
    const weak = 'a'.repeat(rule.minLength);
    await departs('password.weak-accepted', rule.errorCode, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `weak-${++n}`, password: weak }) }));
    expectRefused(await send(await withFault('password.weak-accepted'), 'CreateInstance', { body: createInstanceBody(spec, { name: `weak-${++n}`, password: weak.slice(1) }) }), rule.errorCode);
  },
  'password.acl-account-name-accepted': async () => {
    const rule = spec.rules.password.acl;
    const account = `acct${++n}x`;
    const body = { account_name: account, account_role: accountRole(), account_password: `${validPassword(rule, [], account)}${account}` };
    await departs('password.acl-account-name-accepted', rule.errorCode, onAclInstance((c, id) => send(c, 'CreateAclAccount', { id, body })));
  },
  'password.new-equals-old-accepted': async () => {
    const rule = spec.rules.password.newDiffers;
    const r = await departs('password.new-equals-old-accepted', rule.errorCode, onInstance((c, id) => send(c, 'UpdatePassword', { id, body: { old_password: password, new_password: password } })));
    expect(r.body.result).toBe(passwordResults()[0]);
  },
  'capacity.resize-off-table-accepted': async () => {
    const capacity = offResizeTable();
    const body = { spec_code: specCodeFor(spec.rules.flavors, FIXTURE_MODE, capacity), new_capacity: capacity };
    let id = '';
    await departs('capacity.resize-off-table-accepted', spec.rules.capacity.resize.errorCode, async (c) => send(c, 'ResizeInstance', { id: (id = await instance(c)), body }));
    const c = await withFault('capacity.resize-off-table-accepted');
    await c.advance(c.emu.config.durations.resize);
    expect((await send(c, 'ShowInstance', { id })).body.capacity).toBe(capacity);
  },
  'maintenance-window.off-hour-accepted': async () => {
    const rule = spec.rules.maintenanceWindow;
    const window = { maintain_begin: rule.default.begin.replace(/:00:/, ':30:'), maintain_end: rule.default.end.replace(/:00:/, ':30:') };
    await departs('maintenance-window.off-hour-accepted', rule.errorCode, onInstance((c, id) => send(c, 'UpdateInstance', { id, body: window })));
    // Only the format departs: a window of the wrong length is still refused.
    expectRefused(await onInstance((c, id) => send(c, 'UpdateInstance', { id, body: { maintain_begin: rule.default.begin, maintain_end: rule.default.begin } }))(await withFault('maintenance-window.off-hour-accepted')), rule.errorCode);
  },
  'maintenance-window.unpaired-accepted': async () => {
    const rule = spec.rules.maintenanceWindow;
    let id = '';
    await departs('maintenance-window.unpaired-accepted', rule.errorCode, async (c) => send(c, 'UpdateInstance', { id: (id = await instance(c)), body: { maintain_begin: rule.default.end } }));
    const c = await withFault('maintenance-window.unpaired-accepted');
    expect((await send(c, 'ShowInstance', { id })).body).toMatchObject({ maintain_begin: rule.default.end, maintain_end: rule.default.end });
    expectRefused(await send(c, 'UpdateInstance', { id, body: { maintain_begin: rule.default.begin.replace(/:00:/, ':30:'), maintain_end: rule.default.end.replace(/:00:/, ':30:') } }), rule.errorCode);
  },
  'whitelist.any-network-accepted': async () => {
    const rule = spec.rules.whitelist;
    await departs('whitelist.any-network-accepted', rule.errorCode, onInstance((c, id) => send(c, 'UpdateIpWhitelist', { id, body: { enable_whitelist: true, whitelist: [{ group_name: 'all', ip_list: [rule.forbidden.at(-1)] }] } })));
  },
  'whitelist.duplicate-ip-accepted': async () => {
    const whitelist = ['a', 'b'].map((g) => ({ group_name: g, ip_list: ['10.9.0.1'] }));
    await departs('whitelist.duplicate-ip-accepted', spec.rules.whitelist.errorCode, onInstance((c, id) => send(c, 'UpdateIpWhitelist', { id, body: { enable_whitelist: true, whitelist } })));
  },
  'whitelist.not-persisted': async () => {
    const set = { enable_whitelist: true, whitelist: [{ group_name: 'g', ip_list: ['10.9.0.1'] }] };
    await contrast(
      'whitelist.not-persisted',
      onInstance(async (c, id) => {
        expectAccepted(await send(c, 'UpdateIpWhitelist', { id, body: set }));
        return send(c, 'ShowIpWhitelist', { id });
      }),
      (r) => expect(r.body).toMatchObject(set),
      (r) => expect(r.body).toMatchObject({ enable_whitelist: false, whitelist: [] }),
    );
  },
  'name.bad-instance-name-accepted': async () => {
    await departs('name.bad-instance-name-accepted', spec.rules.name.instance.errorCode, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `-bad name ${++n}.` }) }));
  },
  'name.bad-account-name-accepted': async () => {
    const body = { account_name: `9 bad.${++n}`, account_role: accountRole(), account_password: validPassword(spec.rules.password.acl) };
    await departs('name.bad-account-name-accepted', spec.rules.name.aclAccount.errorCode, onAclInstance((c, id) => send(c, 'CreateAclAccount', { id, body })));
  },
  'fields.long-tag-key-accepted': async () => {
    const { instance: rule, action } = spec.rules.tags;
    await departs('fields.long-tag-key-accepted', rule.errorCode, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `tag-${++n}`, tags: [{ key: 'k'.repeat(rule.keyMaxLength + 1), value: 'v' }] }) }));
    await departs('fields.long-tag-key-accepted', action.errorCode, onInstance((c, id) => send(c, 'BatchCreateOrDeleteTags', { id, body: { action: action.actions![0], tags: [{ key: 'k'.repeat(action.keyMaxLength + 1), value: 'v' }] } })));
    // Values keep their limit.
    expectRefused(await send(await withFault('fields.long-tag-key-accepted'), 'CreateInstance', { body: createInstanceBody(spec, { name: `tag-${++n}`, tags: [{ key: 'k', value: 'v'.repeat(rule.valueMaxLength + 1) }] }) }), rule.errorCode);
  },
  'fields.port-out-of-range-accepted': async () => {
    const rule = spec.rules.port;
    const r = await departs('fields.port-out-of-range-accepted', rule.errorCode, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `port-${++n}`, port: rule.maximum + 1 }) }));
    expect((await send(await withFault('fields.port-out-of-range-accepted'), 'ShowInstance', { id: r.body.instances[0].instance_id })).body.port).toBe(rule.maximum + 1);
  },
  'fields.instance-num-out-of-range-accepted': async () => {
    const rule = spec.rules.instanceNum;
    const r = await departs('fields.instance-num-out-of-range-accepted', rule.errorCode, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `num-${++n}`, instance_num: rule.minimum - 1 }) }));
    expect(r.body.instances).toHaveLength(1);
  },
  'fields.long-description-accepted': async () => {
    const rule = spec.rules.description;
    await departs('fields.long-description-accepted', rule.errorCode, onInstance((c, id) => send(c, 'UpdateInstance', { id, body: { description: 'd'.repeat(rule.maxLength + 1) } })));
  },
  'status.rule-breach-500': async () => {
    const code = spec.rules.name.instance.errorCode;
    const internal = spec.rules.protocol('server.internal').errorCode;
    await contrast('status.rule-breach-500', (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: '-' }) }), (r) => expect(statusCode(r)).toEqual(refusal(code)), (r) => expect(statusCode(r)).toEqual(refusal(internal)));
  },
  'status.ok-instead-of-no-content': async () => {
    const body = { enable_whitelist: true, whitelist: [{ group_name: 'g', ip_list: ['10.9.0.1'] }] };
    const documented = [...spec.operation('UpdateIpWhitelist').responses.keys()].filter((s) => s < 300);
    await contrast('status.ok-instead-of-no-content', onInstance((c, id) => send(c, 'UpdateIpWhitelist', { id, body })), (r) => expect(documented).toContain(r.status), (r) => expect([r.status, documented.includes(r.status)]).toEqual([200, false]));
  },
  'status.code-of-another-meaning': async () => {
    const rule = spec.rules.maintenanceWindow;
    const body = { maintain_begin: rule.default.begin, maintain_end: rule.default.begin };
    await contrast(
      'status.code-of-another-meaning',
      onInstance((c, id) => send(c, 'UpdateInstance', { id, body })),
      (r) => expect(statusCode(r)).toEqual(refusal(rule.errorCode)),
      (r) => {
        expect(r.status).toBe(spec.errors.require(rule.errorCode).status);
        expect(spec.errors.sameMeaning(rule.errorCode, r.body.error_code), r.body.error_code).toBe(false);
        expect(spec.errors.get(r.body.error_code)).toBeDefined();
      },
    );
  },
  'status.not-found-as-bad-request': async () => {
    const notFound = spec.rules.protocol('resource.instance-not-found').errorCode;
    const invalid = spec.rules.protocol('request.invalid-parameter').errorCode;
    const id = '00000000-0000-4000-8000-000000000000';
    await contrast('status.not-found-as-bad-request', (c) => send(c, 'ShowInstance', { id }), (r) => expect(statusCode(r)).toEqual(refusal(notFound)), (r) => expect(statusCode(r)).toEqual(refusal(invalid)));
  },
  'schema.instance-status-missing': async () => {
    await contrast('schema.instance-status-missing', onInstance((c, id) => send(c, 'ShowInstance', { id })), (r) => expect(spec.rules.states.statuses).toContain(r.body.status), (r) => expect(r.body).not.toHaveProperty('status'));
  },
  'schema.status-outside-enum': async () => {
    const listed = (r: Reply) => (r.body.instances as { status: string }[]).map((i) => i.status);
    await contrast('schema.status-outside-enum', onInstance((c, id) => send(c, 'ShowInstance', { id })), (r) => expect(spec.rules.states.statuses).toContain(r.body.status), (r) => expect(spec.rules.states.statuses).not.toContain(r.body.status));
    await contrast(
      'schema.status-outside-enum',
      (c) => send(c, 'ListInstances'),
      (r) => expect(listed(r).every((s) => spec.rules.states.statuses.includes(s))).toBe(true),
      (r) => expect(listed(r).some((s) => !spec.rules.states.statuses.includes(s))).toBe(true),
    );
  },
  'schema.instances-list-missing': async () => {
    await contrast('schema.instances-list-missing', onInstance((c) => send(c, 'ListInstances')), (r) => expect(Array.isArray(r.body.instances)).toBe(true), (r) => expect([r.body.instances, typeof r.body.instance_num]).toEqual([undefined, 'number']));
  },
  'schema.retry-count-as-number': async () => {
    const request = onInstance(async (c, id) => (await wrongAttempts(c, id, 1))[0]!);
    await contrast('schema.retry-count-as-number', request, (r) => expect(typeof r.body.retry_times_left).toBe('string'), (r) => expect(typeof r.body.retry_times_left).toBe('number'));
  },
  'schema.password-result-outside-enum': async () => {
    const results = passwordResults();
    const request = onInstance(async (c, id) => (await wrongAttempts(c, id, 1))[0]!);
    await contrast('schema.password-result-outside-enum', request, (r) => expect(results).toContain(r.body.result), (r) => expect(results).not.toContain(r.body.result));
  },
  'schema.auth-error-as-text': async () => {
    const code = spec.rules.protocol('auth.invalid-token').errorCode;
    await contrast(
      'schema.auth-error-as-text',
      (c) => send(c, 'ListInstances', { init: { token: 'not-a-token' } }),
      (r) => expect([...statusCode(r), r.headers.get('content-type')]).toEqual([...refusal(code), 'application/json;charset=utf-8']),
      (r) => expect([r.status, r.headers.get('content-type')?.split(';')[0]]).toEqual([spec.errors.require(code).status, 'text/plain']),
    );
  },
  'state.resize-not-applied': async () => {
    const current = Number(createInstanceBody(spec).capacity);
    const capacity = allowedCapacities(spec.rules.capacity.resize, { cacheMode: FIXTURE_MODE, version: String(createInstanceBody(spec).engine_version) }).find((x) => x > current)!;
    const resized = onInstance(async (c, id) => {
      expectAccepted(await send(c, 'ResizeInstance', { id, body: { spec_code: specCodeFor(spec.rules.flavors, FIXTURE_MODE, capacity), new_capacity: capacity } }));
      await c.advance(c.emu.config.durations.resize);
      return send(c, 'ShowInstance', { id });
    });
    const running = spec.rules.states.data.statuses.serving.values[0];
    await contrast('state.resize-not-applied', resized, (r) => expect([r.body.status, r.body.capacity]).toEqual([running, capacity]), (r) => expect([r.body.status, r.body.capacity]).toEqual([running, current]));
  },
  'state.resize-stuck': async () => {
    const t = spec.rules.states.transitionFor(spec.operation('ResizeInstance').section)!;
    const capacity = allowedCapacities(spec.rules.capacity.resize, { cacheMode: FIXTURE_MODE, version: String(createInstanceBody(spec).engine_version) }).find((x) => x > Number(createInstanceBody(spec).capacity))!;
    const resized = onInstance(async (c, id) => {
      expectAccepted(await send(c, 'ResizeInstance', { id, body: { spec_code: specCodeFor(spec.rules.flavors, FIXTURE_MODE, capacity), new_capacity: capacity } }));
      await c.settle();
      return send(c, 'ShowInstance', { id });
    });
    await contrast('state.resize-stuck', resized, (r) => expect(r.body.status).toBe(t.to), (r) => expect(r.body.status).toBe(t.via));
  },
  'state.restart-skipped': async () => {
    const t = spec.rules.states.data.transitions.find((x) => x.id === 'restart')!;
    const restarted = onInstance(async (c, id) => {
      expectAccepted(await send(c, 'RestartOrFlushInstances', { body: { instances: [id], action: t.action } }));
      return send(c, 'ShowInstance', { id });
    });
    await contrast('state.restart-skipped', restarted, (r) => expect(r.body.status).toBe(t.via), (r) => expect(r.body.status).toBe(t.to));
  },
  'state.swap-roles-unchanged': async () => {
    const roles = async (c: TestClient, id: string) => ((await send(c, 'ShowNodesInformation', { id })).body.nodes as { node_id: string; node_type: string }[]).map((x) => `${x.node_id}:${x.node_type}`);
    const swapped = onInstance(async (c, id) => {
      const before = await roles(c, id);
      expectAccepted(await send(c, 'ChangeMasterStandby', { id }));
      await c.settle();
      return { status: 200, headers: new Headers(), body: { before, after: await roles(c, id), status: (await send(c, 'ShowInstance', { id })).body.status } };
    });
    const serving = spec.rules.states.data.transitions.find((t) => t.id === 'swap')!.to;
    await contrast('state.swap-roles-unchanged', swapped, (r) => expect([r.body.after.length, r.body.after.filter((x: string) => !r.body.before.includes(x)).length, r.body.status]).toEqual([2, 2, serving]), (r) => expect([r.body.after, r.body.status]).toEqual([r.body.before, serving]));
  },
  'state.deleted-still-listed': async () => {
    const notFound = spec.rules.protocol('resource.instance-not-found').errorCode;
    const deleted = onInstance(async (c, id) => {
      expectAccepted(await send(c, 'DeleteSingleInstance', { id }));
      await c.settle();
      expectRefused(await send(c, 'ShowInstance', { id }), notFound);
      const r = await send(c, 'ListInstances', { query: { instance_id: id } });
      return { ...r, body: { listed: (r.body.instances as { instance_id: string }[]).some((i) => i.instance_id === id) } };
    });
    await contrast('state.deleted-still-listed', deleted, (r) => expect(r.body.listed).toBe(false), (r) => expect(r.body.listed).toBe(true));
  },
  'state.backup-never-completes': async () => {
    const t = spec.rules.states.transitionFor(spec.operation('CopyInstance').section) as unknown as { record: string[] };
    const backedUp = onInstance(async (c, id) => {
      const started = await send(c, 'CopyInstance', { id, body: {} });
      expectAccepted(started);
      await c.settle();
      const r = await send(c, 'ListBackupRecords', { id });
      return { ...r, body: (r.body.backup_record_response as { backup_id: string; status: string }[]).find((b) => b.backup_id === started.body.backup_id) };
    });
    await contrast('state.backup-never-completes', backedUp, (r) => expect(r.body.status).toBe(t.record.at(-1)), (r) => expect(t.record.slice(0, -1)).toContain(r.body.status));
  },
  'state.lockout-never': async () => {
    const results = (c: TestClient) => onInstance(async (cc, id) => ({ status: 200, body: (await wrongAttempts(cc, id, lockout.maxFailures + 1)).map((r) => r.body.result), headers: new Headers() }))(c);
    await contrast('state.lockout-never', results, (r) => expect(r.body.at(lockout.maxFailures - 1)).toBe(lockout.locked.result), (r) => expect(new Set(r.body)).toEqual(new Set([lockout.wrongPassword.result])));
  },
  'state.lockout-late': async () => {
    const results = (c: TestClient) => onInstance(async (cc, id) => ({ status: 200, body: (await wrongAttempts(cc, id, lockout.maxFailures + 1)).map((r) => r.body.result), headers: new Headers() }))(c);
    await contrast(
      'state.lockout-late',
      results,
      (r) => expect(r.body.slice(lockout.maxFailures - 1)).toEqual([lockout.locked.result, lockout.locked.result]),
      (r) => expect(r.body.slice(lockout.maxFailures - 1)).toEqual([lockout.wrongPassword.result, lockout.locked.result]),
    );
  },
  'state.list-count-off': async () => {
    const listed = onInstance((c) => send(c, 'ListInstances', { query: { limit: 1000 } }));
    await contrast('state.list-count-off', listed, (r) => expect(r.body.instance_num).toBe(r.body.instances.length), (r) => expect(r.body.instance_num).toBe(r.body.instances.length + 1));
  },
  'auth.signature-not-checked': async () => {
    const code = spec.rules.protocol('auth.invalid-token').errorCode;
    const forged = (c: TestClient) => send(c, 'ListInstances', { init: { token: null, headers: { authorization: `SDK-HMAC-SHA256 Access=${c.emu.ak}, SignedHeaders=x-sdk-date, Signature=00`, 'x-sdk-date': formatSdkDate(Date.now()) } } });
    await departs('auth.signature-not-checked', code, forged);
    // A stale date is still refused (only the signature goes unchecked).
    const c = await withFault('auth.signature-not-checked');
    expectRefused(await send(c, 'ListInstances', { init: { token: null, headers: { authorization: `SDK-HMAC-SHA256 Access=${c.emu.ak}, SignedHeaders=x-sdk-date, Signature=00`, 'x-sdk-date': formatSdkDate(Date.now() - 2 * c.emu.config.sdkDateSkewMinutes * 60_000) } } }), spec.rules.protocol('auth.token-expired').errorCode);
  },
  'auth.unsigned-content-sha256-trusted': async () => {
    const code = spec.rules.protocol('auth.invalid-token').errorCode;
    /** CreateInstance signed (over X-Sdk-Date) with one name, sent with another and the signed body's hash unsigned beside it. */
    const tampered = (c: TestClient, signedHash: boolean) => {
      const url = spec.operation('CreateInstance').path.replace('{project_id}', c.emu.projectId);
      const signedBody = JSON.stringify(createInstanceBody(spec, { name: `signed-${++n}` }));
      const date = formatSdkDate(Date.now());
      const headers = { 'x-sdk-date': date, [CONTENT_SHA256]: bodySha256(signedBody) };
      const signedHeaders = signedHash ? [CONTENT_SHA256, 'x-sdk-date'] : ['x-sdk-date'];
      const canonical = canonicalRequest({ method: 'POST', path: url, query: [], headers, signedHeaders, body: signedBody });
      const authorization = authorizationHeader(c.emu.ak, signedHeaders, signature(c.emu.sk, stringToSign(canonical, date)));
      return c.call('POST', url, createInstanceBody(spec, { name: `TAMPERED-${n}` }), { token: null, headers: { ...headers, authorization } });
    };
    const r = await departs('auth.unsigned-content-sha256-trusted', code, (c) => tampered(c, false));
    expect(r.body.instances).toHaveLength(1);
    // A signed hash that is not the body's is still refused.
    expectRefused(await tampered(await withFault('auth.unsigned-content-sha256-trusted'), true), code);
  },
  'auth.cross-project-allowed': async () => {
    const code = spec.rules.protocol('auth.project-mismatch').errorCode;
    await departs('auth.cross-project-allowed', code, (c) => send(c, 'ListInstances', { init: { token: c.emu.config.users.find((u) => u.name === 'other')!.token, headers: { 'x-project-id': c.emu.projectId } } }));
  },
  'auth.iam-policy-ignored': async () => {
    const code = spec.rules.protocol('iam.action-denied').errorCode;
    await departs('auth.iam-policy-ignored', code, (c) => send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `iam-${++n}` }), init: { token: c.emu.config.users.find((u) => u.name === 'readonly')!.token } }));
  },
  'auth.inferred-actions-open': async () => {
    const code = spec.rules.protocol('iam.action-denied').errorCode;
    const readonly = (c: TestClient) => ({ token: c.emu.config.users.find((u) => u.name === 'readonly')!.token });
    const deleteJob = async (c: TestClient) => {
      const job = await new Scenario(c, spec).job();
      return c.call(spec.operation('DeleteCenterTask').method, spec.operation('DeleteCenterTask').path.replace('{task_id}', job), undefined, readonly(c));
    };
    await departs('auth.inferred-actions-open', code, deleteJob);
    // Actions Table 5-1 states are still enforced.
    const c = await withFault('auth.inferred-actions-open');
    expectRefused(await send(c, 'CreateInstance', { body: createInstanceBody(spec, { name: `iam-${++n}` }), init: readonly(c) }), code);
  },
  'robustness.malformed-json-500': async () => {
    const internal = spec.rules.protocol('server.internal').errorCode;
    const code = spec.rules.protocol('request.malformed-json').errorCode;
    await contrast('robustness.malformed-json-500', (c) => send(c, 'CreateInstance', { init: { raw: '{"name":' } }), (r) => expect(statusCode(r)).toEqual(refusal(code)), (r) => expect(statusCode(r)).toEqual(refusal(internal)));
  },
  'robustness.empty-body-500': async () => {
    const internal = spec.rules.protocol('server.internal').errorCode;
    const code = spec.rules.protocol('request.empty-body').errorCode;
    await contrast('robustness.empty-body-500', (c) => send(c, 'CreateInstance', { init: { raw: '' } }), (r) => expect(statusCode(r)).toEqual(refusal(code)), (r) => expect(statusCode(r)).toEqual(refusal(internal)));
  },
  'robustness.pagination-skips-one': async () => {
    const paged = async (c: TestClient) => {
      for (let i = 0; i < 3; i++) await instance(c);
      const all = ((await send(c, 'ListInstances', { query: { limit: 1000 } })).body.instances as { instance_id: string }[]).map((i) => i.instance_id);
      const page = ((await send(c, 'ListInstances', { query: { offset: 1, limit: 1 } })).body.instances as { instance_id: string }[]).map((i) => i.instance_id);
      return { status: 200, body: { all, page }, headers: new Headers() };
    };
    await contrast('robustness.pagination-skips-one', paged, (r) => expect(r.body.page).toEqual([r.body.all[1]]), (r) => expect(r.body.page).toEqual([r.body.all[2]]));
  },
  'benign.unknown-fields': async () => {
    await contrast('benign.unknown-fields', (c) => send(c, 'ListInstances'), (r) => expect(Object.keys(r.body).every((k) => k in ((spec.operation('ListInstances').responses.get(200)?.schema?.properties ?? {}) as object))).toBe(true), (r) => {
      const documented = Object.keys(spec.operation('ListInstances').responses.get(200)?.schema?.properties ?? {});
      expect(Object.keys(r.body).filter((k) => !documented.includes(k)).length).toBeGreaterThan(0);
      expect(spec.validateResponse('ListInstances', 200, r.body)?.valid).toBe(true);
    });
  },
  'benign.reordered-keys': async () => {
    const { faithful: a, faulty: b } = await contrast('benign.reordered-keys', onInstance((c, id) => send(c, 'ShowInstance', { id })), (r) => expect(r.status).toBe(200), (r) => expect(r.status).toBe(200));
    expect(Object.keys(b.body)).toEqual(Object.keys(a.body).reverse());
  },
  'benign.extra-headers': async () => {
    await contrast('benign.extra-headers', (c) => send(c, 'ListInstances'), (r) => expect(r.headers.get('x-request-id')).toBeNull(), (r) => expect([r.status, r.headers.get('x-request-id') !== null, r.headers.get('content-type')]).toEqual([200, true, 'application/json;charset=utf-8']));
  },
  'benign.latency': async () => {
    const timed = async (c: TestClient) => {
      const t0 = performance.now();
      const r = await send(c, 'ListInstances');
      return { ...r, body: { ms: performance.now() - t0, status: r.status } };
    };
    // Only the faulty side is timed: a faithful answer may be slow too on a busy machine.
    await contrast('benign.latency', timed, (r) => expect(r.body.status).toBe(200), (r) => expect([r.body.status, r.body.ms >= LATENCY_MS]).toEqual([200, true]));
  },
  'benign.numeric-twin-codes': async () => {
    const code = spec.rules.protocol('auth.invalid-token').errorCode;
    const twin = spec.errors.require(code).twin!;
    await contrast('benign.numeric-twin-codes', (c) => send(c, 'ListInstances', { init: { token: 'not-a-token' } }), (r) => expect(statusCode(r)).toEqual(refusal(code)), (r) => expect(statusCode(r)).toEqual([spec.errors.require(code).status, twin]));
    expect(spec.errors.sameMeaning(code, twin)).toBe(true);
  },
  'benign.content-type-parameters': async () => {
    await contrast('benign.content-type-parameters', (c) => send(c, 'ListInstances'), (r) => expect(r.headers.get('content-type')).toBe('application/json;charset=utf-8'), (r) => expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8'));
  },
};

const FIRST_SIX = ['password.short-accepted', 'capacity.off-table-accepted', 'maintenance-window.any-hour', 'whitelist.group-limit-ignored', 'state.requires-running-ignored', 'auth.token-not-checked'];

describe('each further fault departs from the faithful answer', () => {
  test('every fault of the catalog has a behaviour test', () => {
    expect(FAULTS.map((f) => f.id).filter((id) => !FIRST_SIX.includes(id) && !BEHAVIOUR[id])).toEqual([]);
    expect(Object.keys(BEHAVIOUR).filter((id) => !FAULTS.some((f) => f.id === id))).toEqual([]);
  });
  test.for(Object.keys(BEHAVIOUR))('%s', async (id) => BEHAVIOUR[id]!());
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
    const base = { spec, handlers: handlersOf() };
    expect(installFaults([], base)).toBe(base);
  });

  test('installing every fault leaves the shared loadSpec() object unchanged', async () => {
    const snapshot = () => ({
      rules: structuredClone(spec.rules.all),
      states: structuredClone(spec.rules.states.data),
      password: structuredClone(spec.rules.password.instance),
      capacity: structuredClone(spec.rules.capacity.create),
      window: structuredClone(spec.rules.maintenanceWindow),
      whitelist: structuredClone(spec.rules.whitelist),
      refusal: spec.rules.states.refusal(spec.operation('UpdateInstance').section, CREATE_VIA),
      schema: spec.validateRequestBody('CreateInstance', createInstanceBody(spec, { password: 'a' })).valid,
    });
    const before = snapshot();
    const rules = spec.rules;
    const { spec: faultySpec } = installFaults(FAULTS, { spec, handlers: handlersOf() });
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
    const installed = installFaults([stamp], { spec, handlers: handlersOf() });
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
