// Instance parameters (4.4): the catalogue with its ranges, modifications applied on the virtual clock
// (UPDATING -> SUCCESS) and recorded in the history, and the refusals that change nothing.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 41 });
afterAll(() => c.close());

interface Param { param_id: string; param_name: string; param_value: string; value_range: string; default_value: string; value_type: string }

let seq = 0;
async function instance(run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `cfg-${++seq}` }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id as string;
}

const configs = async (id: string) => {
  const r = await c.call('GET', `/v2/{project_id}/instances/${id}/configs`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ListConfigurations', 200, r.body)?.valid).toBe(true);
  return r.body as { config_status: string; config_time: string; status: string; redis_config: Param[] };
};
const valueOf = async (id: string, name: string) => (await configs(id)).redis_config.find((p) => p.param_name === name)?.param_value;
const histories = async (id: string, query = '') => {
  const r = await c.call('GET', `/v2/{project_id}/instances/${id}/config-histories${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ListConfigHistories', 200, r.body)?.valid).toBe(true);
  return r.body as { history_num: number; histories: { history_id: string; type: string; status: string; created_at: string }[] };
};
const put = (id: string, items: unknown) => c.call('PUT', `/v2/{project_id}/instances/${id}/configs`, items === undefined ? undefined : { redis_config: items });
const timeout = (value: string) => ({ param_id: '1', param_name: 'timeout', param_value: value });

describe('parameters', () => {
  test('a new instance reports every parameter at its default, the reference\'s timeout among them', async () => {
    const id = await instance();
    const body = await configs(id);
    expect(body).toMatchObject({ config_status: 'SUCCESS', status: 'RUNNING' });
    const t = body.redis_config.find((p) => p.param_name === 'timeout');
    expect(t).toMatchObject({ param_id: '1', value_range: '0-7200', default_value: '0', param_value: '0' });
    expect(body.redis_config.every((p) => p.param_value === p.default_value)).toBe(true);
  });

  test('a modification is UPDATING with the old values, then SUCCESS with the new ones; the history follows', async () => {
    const id = await instance();
    const r = await put(id, [timeout('1000'), { param_id: '2', param_name: 'maxmemory-policy', param_value: 'allkeys-lfu' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    const during = await configs(id);
    expect(during.config_status).toBe('UPDATING');
    expect(during.redis_config.find((p) => p.param_name === 'timeout')!.param_value).toBe('0');
    expect((await histories(id)).histories).toEqual([expect.objectContaining({ type: 'config_param', status: 'UPDATING' })]);
    await c.advance(c.emu.config.durations.task);
    const after = await configs(id);
    expect(after.config_status).toBe('SUCCESS');
    expect(await valueOf(id, 'timeout')).toBe('1000');
    expect(await valueOf(id, 'maxmemory-policy')).toBe('allkeys-lfu');
    expect((await histories(id)).histories).toEqual([expect.objectContaining({ status: 'SUCCESS' })]);
  });

  test('a second modification while UPDATING is refused and not recorded', async () => {
    const id = await instance();
    expect((await put(id, [timeout('10')])).status).toBe(204);
    const r = await put(id, [timeout('20')]);
    expect([r.status, r.body.error_code]).toEqual([400, spec.rules.byId('config.updating').errorCode]);
    expect((await histories(id)).history_num).toBe(1);
    await c.advance(c.emu.config.durations.task);
    expect(await valueOf(id, 'timeout')).toBe('10');
  });

  test.for([
    ['out of range', [timeout('7201')], 'config.param-value', 'timeout'],
    ['not an integer', [timeout('1e3')], 'config.param-value', 'timeout'],
    ['not one of the values', [{ param_id: '2', param_name: 'maxmemory-policy', param_value: 'lfu' }], 'config.param-value', 'maxmemory-policy'],
    ['unknown parameter', [{ param_id: '99', param_name: 'no-such-param', param_value: '1' }], 'request.invalid-parameter', 'param_name'],
    ['id of another parameter', [{ param_id: '2', param_name: 'timeout', param_value: '1' }], 'request.invalid-parameter', 'param_id'],
    ['the same parameter twice', [timeout('1'), timeout('2')], 'request.invalid-parameter', 'redis_config'],
    ['nothing to change', [], 'request.invalid-parameter', 'redis_config'],
    ['no body', undefined, 'request.invalid-parameter', 'redis_config'],
  ] as const)('refuses %s with its code; nothing changes', async ([, items, rule, field]) => {
    const id = await instance();
    const r = await put(id, items);
    expect([r.status, r.body.error_code]).toEqual([400, spec.rules.byId(rule).errorCode]);
    expect(r.body.error_msg).toContain(field);
    expect((await configs(id)).config_status).toBe('SUCCESS');
    expect((await histories(id)).history_num).toBe(0);
  });

  test('a modification is refused while the instance is not RUNNING; reads work in every status', async () => {
    const id = await instance(false);
    const r = await put(id, [timeout('5')]);
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    expect((await configs(id)).status).toBe('CREATING');
    expect((await histories(id)).history_num).toBe(0);
  });

  test('unknown instance: 404 for read, modify and history', async () => {
    const path = '/v2/{project_id}/instances/00000000-0000-4000-8000-000000000000';
    const notFound = spec.rules.protocol('resource.instance-not-found').errorCode;
    for (const r of [await c.call('GET', `${path}/configs`), await c.call('PUT', `${path}/configs`, { redis_config: [timeout('1')] }), await c.call('GET', `${path}/config-histories`)]) {
      expect([r.status, r.body.error_code]).toEqual([404, notFound]);
    }
  });
});

describe('history (4.4.3)', () => {
  test('newest first, with offset/limit paging; offset past the end is an empty page', async () => {
    const id = await instance();
    for (const v of ['1', '2', '3']) {
      expect((await put(id, [timeout(v)])).status).toBe(204);
      await c.advance(c.emu.config.durations.task);
    }
    const all = await histories(id);
    expect(all.history_num).toBe(3);
    const times = all.histories.map((h) => Date.parse(h.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await histories(id, '?limit=2')).histories).toEqual(all.histories.slice(0, 2));
    expect((await histories(id, '?offset=2&limit=2')).histories).toEqual(all.histories.slice(2));
    expect(await histories(id, '?offset=3')).toEqual({ history_num: 3, histories: [] });
    const bad = await c.call('GET', `/v2/{project_id}/instances/${id}/config-histories?limit=0`);
    expect([bad.status, bad.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
  });
});
