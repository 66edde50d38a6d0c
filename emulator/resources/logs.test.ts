// Slow logs and run logs (4.9) against an in-process emulator: deterministic slow-log entries with
// window, sort and paging; run-log collection on the virtual clock, 204 when none, download links.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 13 });
afterAll(() => c.close());

const code = (id: string) => spec.rules.byId(id).errorCode;
const now = async () => ((await (await fetch(`${c.emu.url}/__emulator/clock`)).json()) as { now: number }).now;

async function runningInstance(overrides: Record<string, unknown> = {}, wait = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'logs-inst', ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (wait) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id as string;
}

describe('ListSlowlog', () => {
  const slowlog = (id: string, query: string) => c.call('GET', `/v2/{project_id}/instances/${id}/slowlog?${query}`);

  test('entries accrue while the instance runs; window, sort and paging are honoured', async () => {
    const id = await runningInstance();
    const from = await now();
    await c.advance(30 * 60_000);
    const to = await now();
    const all = await slowlog(id, `start_time=${from}&end_time=${to}&limit=1000`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(spec.validateResponse('ListSlowlog', 200, all.body)?.valid).toBe(true);
    const logs = all.body.slowlogs as { id: number; start_time: string; duration: string }[];
    expect(all.body.total_num).toBeGreaterThanOrEqual(25);
    expect([all.body.count, logs.length]).toEqual([all.body.total_num, all.body.total_num]);
    const times = logs.map((l) => Date.parse(l.start_time));
    expect(times.every((t) => t >= from - 1000 && t <= to)).toBe(true);
    // Default: start_time, descending.
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byDuration = (await slowlog(id, `start_time=${from}&end_time=${to}&limit=1000&sort_key=duration&sort_dir=asc`)).body.slowlogs.map((l: { duration: string }) => Number(l.duration));
    expect(byDuration).toEqual([...byDuration].sort((a, b) => a - b));
    // Pages tile the list; past the end is an empty page with the same total.
    const p1 = await slowlog(id, `start_time=${from}&end_time=${to}&offset=0&limit=10`);
    const p2 = await slowlog(id, `start_time=${from}&end_time=${to}&offset=10&limit=10`);
    expect([...p1.body.slowlogs, ...p2.body.slowlogs]).toEqual(logs.slice(0, 20));
    expect(p1.body).toMatchObject({ total_num: all.body.total_num, count: 10 });
    const past = await slowlog(id, `start_time=${from}&end_time=${to}&offset=${all.body.total_num}`);
    expect(past.body).toEqual({ total_num: all.body.total_num, count: 0, slowlogs: [] });
    // Same query, same answer; a narrower window holds fewer entries; more time, more entries.
    expect((await slowlog(id, `start_time=${from}&end_time=${to}&limit=1000`)).body).toEqual(all.body);
    expect((await slowlog(id, `start_time=${from}&end_time=${from + 10 * 60_000}`)).body.total_num).toBeLessThan(all.body.total_num);
    await c.advance(10 * 60_000);
    expect((await slowlog(id, `start_time=${from}&end_time=${await now()}`)).body.total_num).toBeGreaterThan(all.body.total_num);
  });

  test('nothing before the instance runs; shard_name only on cluster instances', async () => {
    const pending = await runningInstance({}, false);
    const t = await now();
    expect((await slowlog(pending, `start_time=0&end_time=${t}`)).body).toEqual({ total_num: 0, count: 0, slowlogs: [] });
    await c.advance(c.emu.config.durations.create);
    await c.advance(5 * 60_000);
    const ha = (await slowlog(pending, `start_time=0&end_time=${await now()}`)).body.slowlogs;
    expect(ha.length).toBeGreaterThan(0);
    expect(ha.every((l: Record<string, unknown>) => l.shard_name === undefined)).toBe(true);
    const cluster = await runningInstance({ cache_mode: 'cluster' });
    await c.advance(5 * 60_000);
    const cl = (await slowlog(cluster, `start_time=0&end_time=${await now()}`)).body;
    expect(spec.validateResponse('ListSlowlog', 200, cl)?.valid).toBe(true);
    expect(cl.slowlogs.length).toBeGreaterThan(0);
    expect(cl.slowlogs.every((l: { shard_name?: string }) => /^group-\d+$/.test(l.shard_name ?? ''))).toBe(true);
  });

  test('bad windows are refused with their codes; unknown instance is 404', async () => {
    const id = await runningInstance();
    const bad = await slowlog(id, 'start_time=yesterday&end_time=1599494399000');
    expect([bad.status, bad.body.error_code]).toEqual([400, code('slowlog.time-format')]);
    expect(bad.body.error_msg).toContain('start_time');
    const badEnd = await slowlog(id, 'start_time=1598803200000&end_time=2020-09-07');
    expect([badEnd.status, badEnd.body.error_code, badEnd.body.error_msg]).toEqual([400, code('slowlog.time-format'), expect.stringContaining('end_time')]);
    const reversed = await slowlog(id, 'start_time=1599494399000&end_time=1598803200000');
    expect([reversed.status, reversed.body.error_code]).toEqual([400, code('slowlog.time-order')]);
    const missing = await slowlog(id, 'end_time=1599494399000');
    expect([missing.status, missing.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    const gone = await slowlog('00000000-0000-4000-8000-000000000000', 'start_time=0&end_time=1');
    expect([gone.status, gone.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});

describe('run logs: CreateRedislog, ListRedislog, CreateRedislogDownloadLink', () => {
  const path = (id: string) => `/v2/{project_id}/instances/${id}/redislog`;
  const listLogs = (id: string, extra = '') => c.call('GET', `${path(id)}?log_type=run${extra}`);
  const collect = (id: string, query: string) => c.call('POST', `${path(id)}?log_type=run${query}`);
  const link = (id: string, logId: string) => c.call('POST', `${path(id)}/${logId}/links`);

  test('204 before any collection; a collection yields files that become downloadable', async () => {
    const id = await runningInstance();
    const none = await listLogs(id);
    expect([none.status, none.body]).toEqual([204, undefined]);
    const r = await collect(id, '&query_time=0&replication_id=50fa23b4-74d3-4d5c-98b9-39188a1f2daf');
    expect([r.status, r.body]).toEqual([204, undefined]);
    const listed = await listLogs(id);
    expect(listed.status).toBe(200);
    expect(spec.validateResponse('ListRedislog', 200, listed.body)?.valid).toBe(true);
    expect(listed.body.total_num).toBe(1);
    const [file] = listed.body.file_list;
    expect(file).toMatchObject({ status: 'collecting', time: new Date(await now()).toISOString().slice(0, 10), backup_id: file.id, group_name: 'group-0' });
    expect(file.file_name).toBe(`redis_${file.replication_ip}_${file.time}.log`);
    const early = await link(id, file.id);
    expect([early.status, early.body.error_code, early.body.error_msg]).toEqual([400, spec.rules.protocol('resource.not-found').errorCode, expect.stringContaining('id')]);
    await c.advance(c.emu.config.durations.task);
    expect((await listLogs(id)).body.file_list[0]).toMatchObject({ id: file.id, status: 'succeed' });
    const ok = await link(id, file.id);
    expect(ok.status).toBe(200);
    expect(spec.validateResponse('CreateRedislogDownloadLink', 200, ok.body)?.valid).toBe(true);
    expect(ok.body).toMatchObject({ id: file.id, backup_id: file.id });
    expect(ok.body.link).toContain(file.file_name);
    const unknown = await link(id, '3ea6ce21-048e-447a-83c3-3fb004b88439');
    expect([unknown.status, unknown.body.error_code]).toEqual([400, spec.rules.protocol('resource.not-found').errorCode]);
  });

  test('query_time covers the last n days the instance existed; paging; re-collecting replaces', async () => {
    const id = await runningInstance({ cache_mode: 'single' });
    await c.advance(5 * 86_400_000);
    const r = await collect(id, '&query_time=3');
    expect(r.status).toBe(204);
    const all = (await listLogs(id)).body;
    expect(all.total_num).toBe(3);
    const days = all.file_list.map((f: { time: string }) => f.time);
    expect(days).toEqual([...days].sort().reverse());
    const inst = (await c.call('GET', `/v2/{project_id}/instances/${id}`)).body;
    expect(all.file_list.every((f: { replication_ip: string }) => f.replication_ip === inst.ip)).toBe(true);
    const page = (await listLogs(id, '&offset=1&limit=1')).body;
    expect(page).toMatchObject({ total_num: 3, file_list: [all.file_list[1]] });
    expect((await listLogs(id, '&offset=3')).body).toEqual({ total_num: 3, file_list: [] });
    const zero = await listLogs(id, '&limit=0');
    expect([zero.status, zero.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    await collect(id, '&query_time=0');
    const again = (await listLogs(id)).body;
    expect(again.total_num).toBe(3);
    expect(again.file_list[0].id).not.toBe(all.file_list[0].id);
    expect(again.file_list.slice(1)).toEqual(all.file_list.slice(1));
    // A week asked of an instance six days old gives six files (no file predates the instance).
    await collect(id, '&query_time=7');
    expect((await listLogs(id)).body.total_num).toBe(6);
  });

  test('refusals change nothing: missing replica of a multi-node instance, bad log_type, instance not running', async () => {
    const id = await runningInstance({ cache_mode: 'ha' });
    const noReplica = await collect(id, '&query_time=0');
    expect([noReplica.status, noReplica.body.error_code, noReplica.body.error_msg]).toEqual([400, code('redislog.replication-id'), expect.stringContaining('replication_id')]);
    const badType = await c.call('POST', `${path(id)}?log_type=slow&replication_id=r1`);
    expect(badType.status).toBe(400);
    const badList = await c.call('GET', `${path(id)}?log_type=audit`);
    expect(badList.status).toBe(400);
    expect((await listLogs(id)).status).toBe(204);
    const creating = await runningInstance({}, false);
    const busy = await collect(creating, '&replication_id=r1');
    expect(busy.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(busy.body.error_code);
    await c.advance(c.emu.config.durations.create);
    expect((await listLogs(creating)).status).toBe(204);
    const gone = await listLogs('00000000-0000-4000-8000-000000000000');
    expect([gone.status, gone.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});
