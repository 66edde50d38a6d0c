// Instance lifecycle against an in-process emulator: create -> CREATING -> RUNNING, list, modify,
// resize, restart/flush, delete, and the password lockout, on the virtual clock.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 7 });
afterAll(() => c.close());

const create = async (overrides: Record<string, unknown> = {}) => {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.instances as { instance_id: string; instance_name: string }[];
};

describe('instance lifecycle', () => {
  test('create -> CREATING, then RUNNING after the configured time', async () => {
    const [i] = await create({ name: 'life-1' });
    expect((await c.call('GET', `/v2/{project_id}/instances/${i!.instance_id}`)).body.status).toBe('CREATING');
    await c.advance(c.emu.config.durations.create);
    const shown = await c.call('GET', `/v2/{project_id}/instances/${i!.instance_id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'RUNNING', name: 'life-1', instance_id: i!.instance_id });
    expect(spec.validateResponse('ShowInstance', 200, shown.body)?.valid).toBe(true);
  });

  test('batch create names name-000, name-001', async () => {
    const made = await create({ name: 'batch', instance_num: 3 });
    expect(made.map((m) => m.instance_name)).toEqual(['batch-000', 'batch-001', 'batch-002']);
  });

  test('invalid create answers the rule code and creates nothing', async () => {
    const before = (await c.call('GET', '/v2/{project_id}/instances?limit=1000&include_failure=true')).body.instance_num;
    const bad = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { password: 'short' }));
    expect(bad.status).toBe(400);
    expect(spec.errors.sameMeaning(bad.body.error_code, spec.rules.password.instance.errorCode)).toBe(true);
    const weakName = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'a b' }));
    expect(weakName.body.error_code).toBe(spec.rules.name.instance.errorCode);
    const offTable = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { capacity: 3 }));
    expect([spec.rules.capacity.create.errorCode, spec.rules.flavors.errorCode]).toContain(offTable.body.error_code);
    const after = (await c.call('GET', '/v2/{project_id}/instances?limit=1000&include_failure=true')).body.instance_num;
    expect(after).toBe(before);
  });

  test('operations refused outside RUNNING with the busy code', async () => {
    const [i] = await create({ name: 'busy-1' });
    const r = await c.call('POST', `/v2/{project_id}/instances/${i!.instance_id}/resize`, { spec_code: 'redis.ha.xu1.large.r2.4', new_capacity: 4 });
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
  });

  test('resize: EXTENDING then RUNNING with the new capacity', async () => {
    const [i] = await create({ name: 'grow-1' });
    await c.advance(c.emu.config.durations.create);
    const r = await c.call('POST', `/v2/{project_id}/instances/${i!.instance_id}/resize`, { spec_code: 'redis.ha.xu1.large.r2.4', new_capacity: 4 });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect((await c.call('GET', `/v2/{project_id}/instances/${i!.instance_id}`)).body.status).toBe('EXTENDING');
    await c.advance(c.emu.config.durations.resize);
    expect((await c.call('GET', `/v2/{project_id}/instances/${i!.instance_id}`)).body).toMatchObject({ status: 'RUNNING', capacity: 4 });
  });

  test('delete: gone from details and list, never served again', async () => {
    const [i] = await create({ name: 'gone-1' });
    await c.advance(c.emu.config.durations.create);
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${i!.instance_id}`)).status).toBe(204);
    await c.advance(c.emu.config.durations.delete);
    const r = await c.call('GET', `/v2/{project_id}/instances/${i!.instance_id}`);
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe(spec.rules.protocol('resource.instance-not-found').errorCode);
    const list = await c.call('GET', '/v2/{project_id}/instances?limit=1000');
    expect(list.body.instances.map((x: { instance_id: string }) => x.instance_id)).not.toContain(i!.instance_id);
  });

  test('password lockout: 5 wrong old passwords lock, lock expires', async () => {
    const body = createInstanceBody(spec, { name: 'lock-1' });
    const [i] = await create(body);
    await c.advance(c.emu.config.durations.create);
    const path = `/v2/{project_id}/instances/${i!.instance_id}/password`;
    const max = spec.rules.states.data.passwordLockout.maxFailures;
    for (let n = 1; n < max; n++) {
      const r = await c.call('PUT', path, { old_password: 'Wrong0ne!x', new_password: 'NewPassw0rd!' });
      expect(r.body).toMatchObject({ result: 'passwordFailed', retry_times_left: String(max - n) });
    }
    const locked = await c.call('PUT', path, { old_password: 'Wrong0ne!x', new_password: 'NewPassw0rd!' });
    expect(locked.body).toMatchObject({ result: 'locked', lock_time_left: String(spec.rules.states.data.passwordLockout.lockMinutes) });
    const stillLocked = await c.call('PUT', path, { old_password: body.password, new_password: 'NewPassw0rd!' });
    expect(stillLocked.body.result).toBe('locked');
    await c.advance(spec.rules.states.data.passwordLockout.lockMinutes * 60_000);
    const ok = await c.call('PUT', path, { old_password: body.password, new_password: 'NewPassw0rd!' });
    expect(ok.body).toMatchObject({ result: 'success', retry_times_left: String(max) });
  });
});

describe('protocol', () => {
  test('no token 401, bad token 401, unknown URL 404, wrong method 405, malformed JSON 400, empty body 400', async () => {
    const code = (id: string) => spec.rules.protocol(id).errorCode;
    expect((await c.call('GET', '/v2/{project_id}/instances', undefined, { token: null })).body.error_code).toBe(code('auth.no-credentials'));
    expect((await c.call('GET', '/v2/{project_id}/instances', undefined, { token: 'nope' })).status).toBe(401);
    expect((await c.call('GET', '/v2/{project_id}/nothing')).body.error_code).toBe(code('request.unknown-url'));
    expect((await c.call('PATCH', '/v2/{project_id}/instances')).status).toBe(405);
    const bad = await c.call('POST', '/v2/{project_id}/instances', undefined, { raw: '{"name":' });
    expect([bad.status, bad.body.error_code]).toEqual([400, code('request.malformed-json')]);
    const empty = await c.call('POST', '/v2/{project_id}/instances', undefined, { raw: '' });
    expect([empty.status, empty.body.error_code]).toEqual([400, code('request.empty-body')]);
  });
});

describe('more transitions and quotas', () => {
  test('restart -> RESTARTING -> RUNNING, flush -> FLUSHING -> RUNNING, swap refused for single-node', async () => {
    const [ha] = await create({ name: 'rs-ha' });
    const [single] = await create({ name: 'rs-single', cache_mode: 'single' });
    await c.advance(c.emu.config.durations.create);
    const status = async (id: string) => (await c.call('GET', `/v2/{project_id}/instances/${id}`)).body.status;
    const restart = await c.call('PUT', '/v2/{project_id}/instances/status', { instances: [ha!.instance_id], action: 'restart' });
    expect(restart.body.results).toEqual([{ result: 'success', instance: ha!.instance_id }]);
    expect(await status(ha!.instance_id)).toBe('RESTARTING');
    const again = await c.call('PUT', '/v2/{project_id}/instances/status', { instances: [ha!.instance_id], action: 'flush' });
    expect([again.status, spec.rules.states.busyCodes.includes(again.body.error_code)]).toEqual([400, true]);
    await c.advance(c.emu.config.durations.restart);
    expect(await status(ha!.instance_id)).toBe('RUNNING');
    await c.call('PUT', '/v2/{project_id}/instances/status', { instances: [ha!.instance_id], action: 'flush' });
    expect(await status(ha!.instance_id)).toBe('FLUSHING');
    await c.advance(c.emu.config.durations.flush);
    expect(await status(ha!.instance_id)).toBe('RUNNING');
    const swap = await c.call('POST', `/v2/{project_id}/instances/${single!.instance_id}/swap`);
    expect(swap.status).toBe(400);
    expect((await c.call('POST', `/v2/{project_id}/instances/${ha!.instance_id}/swap`)).status).toBe(204);
  });

  test('status counts and statistics agree with the list', async () => {
    const list = (await c.call('GET', '/v2/{project_id}/instances?limit=1000')).body.instances as { status: string; instance_id: string }[];
    const counts = (await c.call('GET', '/v2/{project_id}/instances/status')).body;
    expect(counts.running_count).toBe(list.filter((i) => i.status === 'RUNNING').length);
    expect(counts.creating_count).toBe(list.filter((i) => i.status === 'CREATING').length);
    const stats = (await c.call('GET', '/v2/{project_id}/instances/statistic')).body.statistics as { instance_id: string }[];
    expect(stats.map((s) => s.instance_id).sort()).toEqual(list.filter((i) => i.status === 'RUNNING').map((i) => i.instance_id).sort());
  });

  test('paging: offset past the end is an empty page', async () => {
    const r = await c.call('GET', '/v2/{project_id}/instances?offset=100000&limit=10');
    expect([r.status, r.body.instances]).toEqual([200, []]);
    const bad = await c.call('GET', '/v2/{project_id}/instances?limit=0');
    expect([bad.status, bad.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
  });

  test('quotas: creating past the instance quota fails with the quota code', async () => {
    const q = await testClient({ seed: 99 });
    try {
      q.emu.config.projects[0]!.quota.instances = 2;
      const first = await q.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'q-one', instance_num: 2 }));
      expect(first.status).toBe(200);
      const over = await q.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'q-two' }));
      expect([over.status, over.body.error_code]).toEqual([400, spec.rules.protocol('quota.instances').errorCode]);
    } finally {
      await q.close();
    }
  });
});

// Reads are served from views kept between writes (resources/instances.ts, core/shape.ts): every
// write and every deadline must show through, and a read must not freeze what a later write edits.
describe('cached views', () => {
  const listed = async (id: string) => ((await c.call('GET', '/v2/{project_id}/instances?limit=1000&include_failure=true')).body.instances as { instance_id: string; name: string; status: string; tags?: unknown[] }[]).find((i) => i.instance_id === id);
  test('a write, a deadline and a tag change each show in the next list and details', async () => {
    const [i] = await create({ name: 'cache-1' });
    const id = i!.instance_id;
    expect((await listed(id))?.status).toBe('CREATING');
    await c.advance(c.emu.config.durations.create);
    expect((await listed(id))?.status).toBe('RUNNING');
    expect((await c.call('PUT', `/v2/{project_id}/instances/${id}`, { name: 'cache-2' })).status).toBe(204);
    expect((await listed(id))?.name).toBe('cache-2');
    expect((await c.call('GET', `/v2/{project_id}/instances/${id}`)).body.name).toBe('cache-2');
    const tagged = await c.call('POST', `/v2/{project_id}/dcs/${id}/tags/action`, { action: 'create', tags: [{ key: 'k1', value: 'v1' }] });
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(204);
    expect((await c.call('GET', `/v2/{project_id}/instances/${id}`)).body.tags).toEqual([{ key: 'k1', value: 'v1' }]);
    expect(await c.call('POST', `/v2/{project_id}/dcs/${id}/tags/action`, { action: 'create', tags: [{ key: 'k2', value: 'v2' }] })).toMatchObject({ status: 204 });
    expect((await listed(id))?.tags).toHaveLength(2);
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${id}`)).status).toBe(204);
    await c.advance(c.emu.config.durations.delete);
    expect(await listed(id)).toBeUndefined();
  });

  // A page is kept (frozen, serialized once) for the epoch it was answered in: the same URL must answer
  // anew after a create, a deadline, an update and a delete.
  test('the same page URL follows every write and deadline, and is the same between them', async () => {
    const url = '/v2/{project_id}/instances?offset=0&limit=1000';
    const page = async () => (await c.call('GET', url)).body as { instance_num: number; instances: { instance_id: string; status: string; name: string }[] };
    const before = await page();
    expect(await page()).toEqual(before);
    const [i] = await create({ name: 'page-1' });
    const id = i!.instance_id;
    const created = await page();
    expect(created.instance_num).toBe(before.instance_num + 1);
    expect(created.instances.find((x) => x.instance_id === id)?.status).toBe('CREATING');
    await c.advance(c.emu.config.durations.create);
    expect((await page()).instances.find((x) => x.instance_id === id)?.status).toBe('RUNNING');
    expect((await c.call('PUT', `/v2/{project_id}/instances/${id}`, { name: 'page-2' })).status).toBe(204);
    expect((await page()).instances.find((x) => x.instance_id === id)?.name).toBe('page-2');
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${id}`)).status).toBe(204);
    await c.advance(c.emu.config.durations.delete);
    const after = await page();
    expect([after.instance_num, after.instances.some((x) => x.instance_id === id)]).toEqual([before.instance_num, false]);
  });
});
