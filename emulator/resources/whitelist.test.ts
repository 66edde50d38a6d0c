// IP whitelist (4.11.4, 4.11.5): PUT replaces the whole configuration, GET returns exactly what was
// set with the IP limit, and every part of the 'whitelist' rule is refused without changing state.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 31 });
afterAll(() => c.close());

const valid = (op: string, status: number, body: unknown) => {
  const check = spec.validateResponse(op, status, body);
  expect(check?.valid, JSON.stringify(check?.errors)).toBe(true);
};

let n = 0;
async function instance(run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `wl-${++n}` }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}
const path = (id: string) => `/v2/{project_id}/instance/${id}/whitelist`;
const put = (id: string, body: unknown) => c.call('PUT', path(id), body);
const show = async (id: string) => {
  const r = await c.call('GET', path(id));
  expect(r.status).toBe(200);
  valid('ShowIpWhitelist', 200, r.body);
  return r.body;
};
const group = (group_name: string, ...ip_list: string[]) => ({ group_name, ip_list });

describe('UpdateIpWhitelist and ShowIpWhitelist', () => {
  test('a new instance has no whitelist; the limit is the rule one', async () => {
    const id = await instance();
    expect(await show(id)).toEqual({ instance_id: id, enable_whitelist: false, whitelist: [], whitelist_ip_limit_num: spec.rules.whitelist.ipLimit });
  });

  test('PUT replaces the whole set; GET returns exactly what was set', async () => {
    const id = await instance();
    const first = { enable_whitelist: true, whitelist: [group('test001', '10.10.10.1', '10.10.10.2'), group('office', '192.168.0.0/24')] };
    const r = await put(id, first);
    expect([r.status, r.body]).toEqual([204, undefined]);
    expect(await show(id)).toMatchObject(first);
    const second = { instance_id: id, enable_whitelist: true, whitelist: [group('only', '172.16.0.1')] };
    expect((await put(id, second)).status).toBe(204);
    expect((await show(id)).whitelist).toEqual(second.whitelist);
    expect((await put(id, { enable_whitelist: false, whitelist: second.whitelist })).status).toBe(204);
    expect(await show(id)).toMatchObject({ enable_whitelist: false, whitelist: second.whitelist });
    expect((await put(id, { enable_whitelist: false, whitelist: [] })).status).toBe(204);
    expect(await show(id)).toMatchObject({ enable_whitelist: false, whitelist: [] });
  });

  test('the change is recorded as a background task of the instance', async () => {
    const id = await instance();
    await put(id, { enable_whitelist: true, whitelist: [group('g', '10.0.0.1')] });
    const tasks = await c.call('GET', `/v2/{project_id}/instances/${id}/tasks`);
    expect(tasks.status).toBe(200);
    valid('ListBackgroundTask', 200, tasks.body);
    expect(tasks.body.tasks).toHaveLength(1);
  });

  test('every part of the whitelist rule is refused with its code, and nothing changes', async () => {
    const rule = spec.rules.whitelist;
    const id = await instance();
    const kept = { enable_whitelist: true, whitelist: [group('kept', '10.1.1.1')] };
    expect((await put(id, kept)).status).toBe(204);
    const ips = (count: number) => Array.from({ length: count }, (_, i) => `10.2.${i >> 8}.${(i & 255) + 1}`);
    const bad: [string, unknown[]][] = [
      ['too many groups', Array.from({ length: rule.maxGroups + 1 }, (_, i) => group(`g${i}`, `10.3.0.${i + 1}`))],
      ['duplicate group name', [group('same', '10.4.0.1'), group('same', '10.4.0.2')]],
      ['IP in two groups', [group('a', '10.5.0.1'), group('b', '10.5.0.1')]],
      ['IP twice in a group', [group('a', '10.5.0.2', '10.5.0.2')]],
      ...rule.forbidden.map((ip): [string, unknown[]] => [`forbidden ${ip}`, [group('a', ip)]]),
      ['not an IP', [group('a', 'host.example')]],
      ['bad prefix', [group('a', '10.6.0.0/33')]],
      ['bad octet', [group('a', '10.6.0.256')]],
      ['over the IP limit', [group('a', ...ips(rule.ipLimit + 1))]],
    ];
    for (const [why, whitelist] of bad) {
      const r = await put(id, { enable_whitelist: true, whitelist });
      expect([r.status, r.body.error_code], why).toEqual([400, rule.errorCode]);
    }
    expect((await put(id, { enable_whitelist: true })).status).toBe(400);
    expect((await put(id, { whitelist: [] })).status).toBe(400);
    const other = await put(id, { instance_id: 'another-instance', enable_whitelist: true, whitelist: [] });
    expect([other.status, other.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    expect(other.body.error_msg).toContain('instance_id');
    expect(await show(id)).toMatchObject(kept);
    // At the limits the same shapes are accepted.
    const full = Array.from({ length: rule.maxGroups }, (_unused, g) => group(`g${g}`, ...ips(rule.ipLimit).filter((_, i) => i % rule.maxGroups === g)));
    expect((await put(id, { enable_whitelist: true, whitelist: full })).status).toBe(204);
    expect((await show(id)).whitelist).toEqual(full);
  });

  test('refused while not RUNNING; unknown instance is 404', async () => {
    const id = await instance(false);
    const r = await put(id, { enable_whitelist: true, whitelist: [group('a', '10.7.0.1')] });
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    expect((await show(id)).whitelist).toEqual([]);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect((await put(ghost, { enable_whitelist: false, whitelist: [] })).status).toBe(404);
    const g = await c.call('GET', path(ghost));
    expect([g.status, g.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});
