// Cache analysis (4.8): big key / hot key tasks waiting -> running -> success on the virtual clock,
// list filters and paging, deletion (and the 204 for nothing deleted), automatic schedules read back
// exactly and run at their times of day, the hot key LFU precondition and expired key scans.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient, type Reply } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 23 });
afterAll(() => c.close());

interface Task { id: string; instance_id: string; status: string; scan_type: string; created_at: string; started_at?: string; finished_at?: string; num?: number; keys?: { name: string; type: string; shard?: string; db: number; size: number; unit: string; freq?: number }[] }

const task = () => c.emu.config.durations.task;
const code = (id: string) => spec.rules.byId(id).errorCode;
const lfu = () => spec.rules.byId('analysis.hotkey-lfu-policy') as unknown as { parameter: string; policies: string[]; errorCode: string };

function valid(opId: string, r: Reply, status = 200): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const check = spec.validateResponse(opId, status, r.body);
  expect(check?.valid, `${opId} ${status}: ${JSON.stringify(check?.errors)} ${JSON.stringify(r.body)}`).toBe(true);
}

function refused(r: Reply, errorCode: string, status = 400): void {
  expect([r.status, r.body?.error_code], JSON.stringify(r.body)).toEqual([status, errorCode]);
}

let seq = 0;
async function instance(overrides: Record<string, unknown> = {}, run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `ana-${++seq}`, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id as string;
}

const base = (id: string) => `/v2/{project_id}/instances/${id}`;
const list = async (id: string, kind: 'bigkey' | 'hotkey', query = '') => {
  const r = await c.call('GET', `${base(id)}/${kind}-tasks${query}`);
  valid(kind === 'bigkey' ? 'ListBigkeyScanTasks' : 'ListHotKeyScanTasks', r);
  return r.body as { instance_id: string; count: number; records: Task[] };
};
const show = (id: string, kind: 'bigkey' | 'hotkey', taskId: string) => c.call('GET', `${base(id)}/${kind}-task/${taskId}`);

/** Sets maxmemory-policy through the configuration API (4.4.2) and waits until it is applied. */
async function setPolicy(id: string, value: string): Promise<void> {
  const cfg = await c.call('GET', `${base(id)}/configs`);
  const p = (cfg.body.redis_config as { param_id: string; param_name: string }[]).find((x) => x.param_name === lfu().parameter)!;
  const r = await c.call('PUT', `${base(id)}/configs`, { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: value }] });
  expect(r.status, JSON.stringify(r.body)).toBe(204);
  await c.advance(task());
}

describe('big key analysis', () => {
  test('a task waits, runs, then succeeds with its findings; a second one is refused meanwhile', async () => {
    const id = await instance();
    const made = await c.call('POST', `${base(id)}/bigkey-task`);
    valid('CreateBigkeyScanTask', made);
    const t = made.body as Task;
    expect(t).toMatchObject({ instance_id: id, status: 'waiting', scan_type: 'manual', num: 0 });
    expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(t).not.toHaveProperty('started_at');
    expect(t).not.toHaveProperty('keys');

    refused(await c.call('POST', `${base(id)}/bigkey-task`), code('analysis.bigkey-running'));
    expect((await list(id, 'bigkey')).count).toBe(1);

    await c.advance(Math.floor(task() / 2));
    const running = await show(id, 'bigkey', t.id);
    valid('ShowBigkeyScanTaskDetails', running);
    expect(running.body).toMatchObject({ status: 'running' });
    expect(running.body.started_at).toBeDefined();
    expect(running.body).not.toHaveProperty('finished_at');
    refused(await c.call('POST', `${base(id)}/bigkey-task`), code('analysis.bigkey-running'));

    await c.advance(task());
    const done = await show(id, 'bigkey', t.id);
    valid('ShowBigkeyScanTaskDetails', done);
    const d = done.body as Task;
    expect(d).toMatchObject({ id: t.id, status: 'success', created_at: t.created_at });
    expect(Date.parse(d.finished_at!)).toBeGreaterThan(Date.parse(d.started_at!));
    expect(d.keys!.length).toBeGreaterThan(0);
    expect(d.num).toBe(d.keys!.length);
    expect(d.keys!.every((k) => k.shard === undefined && k.freq === undefined)).toBe(true);
    // Deterministic: a second analysis of the same instance finds the same keys.
    const again = await c.call('POST', `${base(id)}/bigkey-task`);
    valid('CreateBigkeyScanTask', again);
    await c.advance(task());
    expect((await show(id, 'bigkey', again.body.id)).body.keys).toEqual(d.keys);
  });

  test('cluster findings name their shard as ip:port', async () => {
    const id = await instance({ cache_mode: 'cluster' });
    const made = await c.call('POST', `${base(id)}/bigkey-task`);
    await c.advance(task());
    const d = (await show(id, 'bigkey', made.body.id)).body as Task;
    expect(d.keys!.length).toBeGreaterThan(0);
    for (const k of d.keys!) expect(k.shard).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
  });

  test('list: status filter, newest first, offset/limit paging, offset past the end is empty', async () => {
    const id = await instance();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await c.call('POST', `${base(id)}/bigkey-task`)).body.id);
      await c.advance(task());
    }
    ids.push((await c.call('POST', `${base(id)}/bigkey-task`)).body.id);
    const all = await list(id, 'bigkey', '?limit=100');
    expect(all).toMatchObject({ instance_id: id, count: 4 });
    expect(all.records.map((r) => r.id)).toEqual([...ids].reverse());
    expect((await list(id, 'bigkey', '?status=success')).records.map((r) => r.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect((await list(id, 'bigkey', '?status=waiting')).records.map((r) => r.id)).toEqual([ids[3]]);
    expect((await list(id, 'bigkey', '?status=failed')).count).toBe(0);
    const page = await list(id, 'bigkey', '?offset=1&limit=2');
    expect(page.count).toBe(4);
    expect(page.records.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await list(id, 'bigkey', '?offset=4')).records).toEqual([]);
    refused(await c.call('GET', `${base(id)}/bigkey-tasks?limit=0`), spec.rules.protocol('request.invalid-parameter').errorCode);
    refused(await c.call('GET', `${base(id)}/bigkey-tasks?status=done`), spec.rules.protocol('request.invalid-parameter').errorCode);
  });

  test('delete answers the task, which then is gone; deleting nothing answers 204', async () => {
    const id = await instance();
    const made = await c.call('POST', `${base(id)}/bigkey-task`);
    await c.advance(task());
    const del = await c.call('DELETE', `${base(id)}/bigkey-task/${made.body.id}`);
    valid('DeleteBigkeyScanTask', del);
    expect(del.body).toMatchObject({ id: made.body.id, status: 'success' });
    refused(await show(id, 'bigkey', made.body.id), spec.rules.protocol('resource.not-found').errorCode);
    expect((await list(id, 'bigkey')).count).toBe(0);
    const again = await c.call('DELETE', `${base(id)}/bigkey-task/${made.body.id}`);
    expect([again.status, again.body]).toEqual([204, undefined]);
    // Deleting the task in progress frees the instance for a new analysis.
    const busy = await c.call('POST', `${base(id)}/bigkey-task`);
    valid('DeleteBigkeyScanTask', await c.call('DELETE', `${base(id)}/bigkey-task/${busy.body.id}`));
    valid('CreateBigkeyScanTask', await c.call('POST', `${base(id)}/bigkey-task`));
  });

  test('unknown task IDs answer the not-found code naming the parameter', async () => {
    const id = await instance();
    const r = await show(id, 'bigkey', '00000000-0000-4000-8000-000000000000');
    refused(r, spec.rules.protocol('resource.not-found').errorCode);
    expect(r.body.error_msg).toContain('bigkey_id');
  });

  test('refused outside RUNNING with a busy code, and nothing is created; reads are allowed', async () => {
    const id = await instance({}, false);
    const r = await c.call('POST', `${base(id)}/bigkey-task`);
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    const put = await c.call('PUT', `${base(id)}/bigkey/autoscan`, { enable_auto_scan: true, schedule_at: ['21:00'] });
    expect(spec.rules.states.busyCodes).toContain(put.body.error_code);
    expect((await list(id, 'bigkey')).count).toBe(0);
    expect((await c.call('GET', `${base(id)}/bigkey/autoscan`)).body.enable_auto_scan).toBe(false);
    expect((await c.call('POST', `${base(id)}/scan-expire-keys-task`)).status).toBe(400);
  });
});

describe('automatic analysis', () => {
  test('configuration is off until set, then read back exactly; bad times are refused and change nothing', async () => {
    const id = await instance();
    for (const kind of ['bigkey', 'hotkey'] as const) {
      const [showOp, updateOp] = kind === 'bigkey' ? ['ShowBigkeyAutoscanConfig', 'UpdateBigkeyAutoscanConfig'] : ['ShowHotkeyAutoscanConfig', 'UpdateHotkeyAutoScanConfig'];
      const path = `${base(id)}/${kind}/autoscan`;
      const initial = await c.call('GET', path);
      valid(showOp, initial);
      expect(initial.body).toMatchObject({ instance_id: id, enable_auto_scan: false, schedule_at: [] });
      const put = await c.call('PUT', path, { enable_auto_scan: true, schedule_at: ['21:00', '03:30', '21:00'] });
      valid(updateOp, put);
      expect(put.body).toMatchObject({ instance_id: id, enable_auto_scan: true, schedule_at: ['21:00', '03:30', '21:00'] });
      const shown = await c.call('GET', path);
      valid(showOp, shown);
      expect(shown.body).toEqual(put.body);
      for (const bad of [['25:00'], ['21:00', '9pm'], ['7:5']]) {
        refused(await c.call('PUT', path, { enable_auto_scan: true, schedule_at: bad }), code('analysis.schedule-at'));
      }
      refused(await c.call('PUT', path, { enable_auto_scan: false }), spec.rules.protocol('request.invalid-parameter').errorCode);
      expect((await c.call('GET', path)).body).toEqual(put.body);
    }
  });

  test('scheduled runs happen at their UTC times of day as auto tasks, and stop when disabled', async () => {
    const id = await instance();
    await setPolicy(id, lfu().policies[0]!);
    for (const kind of ['bigkey', 'hotkey'] as const) valid(kind === 'bigkey' ? 'UpdateBigkeyAutoscanConfig' : 'UpdateHotkeyAutoScanConfig', await c.call('PUT', `${base(id)}/${kind}/autoscan`, { enable_auto_scan: true, schedule_at: ['21:00', '03:30'] }));
    await c.advance(86_400_000 + task());
    for (const kind of ['bigkey', 'hotkey'] as const) {
      const runs = await list(id, kind);
      expect(runs.count).toBe(2);
      expect(runs.records.map((r) => r.created_at.slice(11)).sort()).toEqual(['03:30:00.000Z', '21:00:00.000Z']);
      expect(runs.records.every((r) => r.scan_type === 'auto' && r.status === 'success')).toBe(true);
      const details = await show(id, kind, runs.records[0]!.id);
      valid(kind === 'bigkey' ? 'ShowBigkeyScanTaskDetails' : 'ShowHotkeyTaskDetails', details);
      expect(details.body.num).toBe(details.body.keys.length);
    }
    await c.call('PUT', `${base(id)}/bigkey/autoscan`, { enable_auto_scan: false, schedule_at: ['21:00'] });
    await c.advance(2 * 86_400_000);
    expect((await list(id, 'bigkey')).count).toBe(2);
    expect((await list(id, 'hotkey')).count).toBe(6);
  });

  test('a scheduled big key run that falls due while another analysis runs is skipped', async () => {
    const id = await instance();
    const now = (await c.call('GET', '/__emulator/clock', undefined, { token: null })).body.now as number;
    const due = Math.ceil((now + 60_000) / 60_000) * 60_000;
    await c.call('PUT', `${base(id)}/bigkey/autoscan`, { enable_auto_scan: true, schedule_at: [new Date(due).toISOString().slice(11, 16)] });
    await c.advance(due - 5_000 - now);
    valid('CreateBigkeyScanTask', await c.call('POST', `${base(id)}/bigkey-task`));
    await c.advance(task());
    expect((await list(id, 'bigkey')).records.map((r) => r.scan_type)).toEqual(['manual']);
    await c.advance(86_400_000);
    const runs = await list(id, 'bigkey');
    expect(runs.records.map((r) => [r.scan_type, r.created_at])).toEqual([['auto', new Date(due + 86_400_000).toISOString()], ['manual', new Date(due - 5_000).toISOString()]]);
  });

  test('a scheduled hot key run without an LFU policy is recorded as failed', async () => {
    const id = await instance();
    await c.call('PUT', `${base(id)}/hotkey/autoscan`, { enable_auto_scan: true, schedule_at: ['12:00'] });
    await c.advance(86_400_000 + task());
    const runs = await list(id, 'hotkey');
    expect(runs.count).toBe(1);
    const d = await show(id, 'hotkey', runs.records[0]!.id);
    valid('ShowHotkeyTaskDetails', d);
    expect(d.body).toMatchObject({ status: 'failed', scan_type: 'auto', num: 0 });
  });
});

describe('hot key analysis', () => {
  test('needs an LFU maxmemory-policy: refused by default, creating nothing', async () => {
    const id = await instance();
    const r = await c.call('POST', `${base(id)}/hotkey-task`);
    refused(r, lfu().errorCode);
    expect(r.body.error_msg).toContain(lfu().parameter);
    expect((await list(id, 'hotkey')).count).toBe(0);
  });

  test('with an LFU policy: waits, runs, succeeds with hot keys; delete and 204', async () => {
    const id = await instance();
    await setPolicy(id, lfu().policies.at(-1)!);
    const made = await c.call('POST', `${base(id)}/hotkey-task`);
    valid('CreateHotkeyScanTask', made);
    expect(made.body).toMatchObject({ instance_id: id, status: 'waiting', scan_type: 'manual', num: 0 });
    await c.advance(Math.floor(task() / 2));
    expect((await show(id, 'hotkey', made.body.id)).body.status).toBe('running');
    await c.advance(task());
    const done = await show(id, 'hotkey', made.body.id);
    valid('ShowHotkeyTaskDetails', done);
    const d = done.body as Task;
    expect(d.status).toBe('success');
    expect(d.keys!.length).toBe(d.num);
    for (const k of d.keys!) expect(k.freq).toBeLessThanOrEqual(255);
    const page = await list(id, 'hotkey', '?status=success&limit=1');
    expect(page.records.map((r) => r.id)).toEqual([made.body.id]);

    const del = await c.call('DELETE', `${base(id)}/hotkey-task/${made.body.id}`);
    valid('DeleteHotkeyScanTask', del);
    expect(del.body.keys).toEqual(d.keys);
    expect((await list(id, 'hotkey')).count).toBe(0);
    refused(await show(id, 'hotkey', made.body.id), spec.rules.protocol('resource.not-found').errorCode);
    const none = await c.call('DELETE', `${base(id)}/hotkey-task/${made.body.id}`);
    expect([none.status, none.body]).toEqual([204, undefined]);
  });

  test('switching the policy back refuses again', async () => {
    const id = await instance();
    await setPolicy(id, lfu().policies[0]!);
    valid('CreateHotkeyScanTask', await c.call('POST', `${base(id)}/hotkey-task`));
    await setPolicy(id, 'noeviction');
    refused(await c.call('POST', `${base(id)}/hotkey-task`), lfu().errorCode);
    expect((await list(id, 'hotkey')).count).toBe(1);
  });
});

describe('expired key scan', () => {
  test('creates a waiting manual task', async () => {
    const id = await instance();
    const r = await c.call('POST', `${base(id)}/scan-expire-keys-task`);
    valid('CreateAutoExpireScanTask', r);
    expect(r.body).toMatchObject({ instance_id: id, status: 'waiting', scan_type: 'manual' });
    const second = await c.call('POST', `${base(id)}/scan-expire-keys-task`);
    expect(second.body.id).not.toBe(r.body.id);
  });
});

test('every operation answers instance-not-found for an unknown instance', async () => {
  const id = '00000000-0000-4000-8000-0000000000aa';
  const calls: [string, string, unknown?][] = [
    ['POST', 'bigkey-task'], ['GET', 'bigkey-tasks'], ['GET', 'bigkey-task/x'], ['DELETE', 'bigkey-task/x'],
    ['PUT', 'bigkey/autoscan', { enable_auto_scan: false, schedule_at: [] }], ['GET', 'bigkey/autoscan'],
    ['POST', 'hotkey-task'], ['GET', 'hotkey-tasks'], ['GET', 'hotkey-task/x'], ['DELETE', 'hotkey-task/x'],
    ['PUT', 'hotkey/autoscan', { enable_auto_scan: false, schedule_at: [] }], ['GET', 'hotkey/autoscan'],
    ['POST', 'scan-expire-keys-task'],
  ];
  for (const [method, path, body] of calls) {
    const r = await c.call(method, `${base(id)}/${path}`, body);
    expect([method, path, r.status, r.body?.error_code]).toEqual([method, path, 404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  }
});
