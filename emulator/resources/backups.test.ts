// Backup and restore (4.5) against an in-process emulator: record lifecycles on the virtual clock,
// the RESTORING transition, refusals with their spec codes, list filters and paging, expiring links.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { BACKUP_VALUES, RESTORE_FLOW, msToCompact } from './backups.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 21 });
afterAll(() => c.close());

const code = (id: string) => spec.rules.protocol(id).errorCode;
const flow = () => (spec.rules.states.data.transitions.find((t) => t.section === '4.5.5') as unknown as { record: string[] }).record;
const capability = () => spec.rules.states.data.capabilities.find((x) => x.id === 'backup-restore.cache-mode')!;
const now = () => c.emu.store.clock.now();
const valid = (op: string, status: number, body: unknown) => {
  const check = spec.validateResponse(op, status, body);
  expect(check?.valid, JSON.stringify(check?.errors)).toBe(true);
};

let n = 0;
async function running(overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `bk-${++n}`, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}
const base = (id: string) => `/v2/{project_id}/instances/${id}`;
const backup = (id: string, body?: unknown) => c.call('POST', `${base(id)}/backups`, body);
const records = async (id: string, query = '') => c.call('GET', `${base(id)}/backups${query}`);
const record = async (id: string, backupId: string) => ((await records(id)).body.backup_record_response as { backup_id: string }[]).find((b) => b.backup_id === backupId) as Record<string, any>;
const status = async (id: string) => (await c.call('GET', base(id))).body.status;
async function succeeded(id: string, body?: unknown): Promise<string> {
  const r = await backup(id, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await c.advance(c.emu.config.durations.backup);
  return r.body.backup_id;
}

describe('literals pinned to the spec', () => {
  test('status and type values exist in the response enums', () => {
    const item = (op: string, list: string) => ((spec.operation(op).responses.get(200)!.schema!.properties as any)[list].items.properties as Record<string, { enum?: string[] }>);
    const backupItem = item('ListBackupRecords', 'backup_record_response');
    for (const s of [...flow(), BACKUP_VALUES.deleted]) expect(backupItem.status!.enum).toContain(s);
    expect(backupItem.backup_type!.enum).toContain(BACKUP_VALUES.manual);
    expect(backupItem.is_support_restore!.enum).toEqual(expect.arrayContaining([BACKUP_VALUES.restorable, BACKUP_VALUES.notRestorable]));
    expect((spec.operation('CopyInstance').requestBody!.schema!.properties as any).backup_format.enum).toContain(BACKUP_VALUES.defaultFormat);
    for (const s of RESTORE_FLOW) expect(item('ListRestoreRecords', 'restore_record_response').status!.enum).toContain(s);
  });
});

describe('CopyInstance and ListBackupRecords', () => {
  test('a backup goes waiting -> backuping -> succeed on the virtual clock', async () => {
    const id = await running();
    const r = await backup(id, { remark: 'nightly', backup_format: 'aof' });
    expect(r.status).toBe(200);
    valid('CopyInstance', 200, r.body);
    const [waiting, backuping, done] = flow();
    const first = await records(id);
    valid('ListBackupRecords', 200, first.body);
    expect(first.body.total_num).toBe(1);
    expect(first.body.backup_record_response[0]).toMatchObject({ backup_id: r.body.backup_id, instance_id: id, status: waiting, progress: '0.00', remark: 'nightly', backup_format: 'aof', backup_type: BACKUP_VALUES.manual, is_support_restore: BACKUP_VALUES.notRestorable });
    await c.advance(c.emu.config.durations.backup / 2);
    expect((await record(id, r.body.backup_id)).status).toBe(backuping);
    await c.advance(c.emu.config.durations.backup / 2);
    const last = await records(id);
    valid('ListBackupRecords', 200, last.body);
    expect(last.body.backup_record_response[0]).toMatchObject({ status: done, progress: '100.00', is_support_restore: BACKUP_VALUES.restorable });
    expect(last.body.backup_record_response[0].size).toBeGreaterThan(0);
    // A backup leaves the instance serving.
    expect(await status(id)).toBe('RUNNING');
  });

  test('no body: the default format, an empty remark', async () => {
    const id = await running();
    const r = await backup(id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await record(id, r.body.backup_id)).toMatchObject({ backup_format: BACKUP_VALUES.defaultFormat, remark: '' });
  });

  test('no record: 204 without a body', async () => {
    const id = await running();
    const r = await records(id);
    expect(r.status).toBe(204);
    expect(r.body).toBeUndefined();
  });

  test('time window, newest first, offset/limit paging; past the end is an empty page', async () => {
    const id = await running();
    const ids: string[] = [];
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      times.push(now());
      ids.push(await succeeded(id, { remark: `b${i}` }));
      await c.advance(3_600_000);
    }
    const all = await records(id);
    expect(all.body.backup_record_response.map((b: { backup_id: string }) => b.backup_id)).toEqual([...ids].reverse());
    const paged = await records(id, '?offset=1&limit=1');
    valid('ListBackupRecords', 200, paged.body);
    expect(paged.body.total_num).toBe(3);
    expect(paged.body.backup_record_response.map((b: { backup_id: string }) => b.backup_id)).toEqual([ids[1]]);
    const past = await records(id, '?offset=5&limit=2');
    expect([past.status, past.body.total_num, past.body.backup_record_response]).toEqual([200, 3, []]);
    const window = await records(id, `?begin_time=${msToCompact(times[1]!)}&end_time=${msToCompact(times[1]!)}`);
    expect(window.body.backup_record_response.map((b: { backup_id: string }) => b.backup_id)).toEqual([ids[1]]);
    const later = await records(id, `?begin_time=${msToCompact(times[1]!)}`);
    expect(later.body.total_num).toBe(2);
    expect((await records(id, `?end_time=${msToCompact(times[0]! - 1000)}`)).status).toBe(204);
    const bad = await records(id, '?begin_time=2025-01-01');
    expect([bad.status, bad.body.error_code]).toEqual([400, code('request.invalid-parameter')]);
    expect((await records(id, '?offset=-1')).status).toBe(400);
  });

  test('single-node instances cannot be backed up; nothing is recorded', async () => {
    const id = await running({ cache_mode: 'single' });
    expect(capability().cacheModes).not.toContain('single');
    const r = await backup(id);
    expect([r.status, r.body.error_code]).toEqual([400, capability().errorCode]);
    expect((await records(id)).status).toBe(204);
  });

  test('refused outside RUNNING with a busy code, and while another backup runs', async () => {
    const created = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `bk-${++n}` }));
    const early = await backup(created.body.instances[0].instance_id);
    expect(early.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(early.body.error_code);
    const id = await running();
    const first = await backup(id);
    const second = await backup(id);
    expect([second.status, second.body.error_code]).toEqual([400, spec.rules.byId('backup.in-progress').errorCode]);
    expect((await records(id)).body.total_num).toBe(1);
    const del = await c.call('DELETE', `${base(id)}/backups/${first.body.backup_id}`);
    expect(del.body.error_code).toBe(spec.rules.byId('backup.in-progress').errorCode);
    await c.advance(c.emu.config.durations.backup);
    expect((await backup(id)).status).toBe(200);
  });

  test('unknown instance: 404 with the instance not-found code', async () => {
    const r = await records('00000000-0000-4000-8000-000000000000');
    expect([r.status, r.body.error_code]).toEqual([404, code('resource.instance-not-found')]);
    expect((await backup('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('RestoreInstance and ListRestoreRecords', () => {
  test('restore: RUNNING -> RESTORING -> RUNNING, record waiting -> restoring -> succeed', async () => {
    const id = await running();
    const backupId = await succeeded(id, { remark: 'before' });
    expect((await c.call('GET', `${base(id)}/restores`)).status).toBe(204);
    const r = await c.call('POST', `${base(id)}/restores`, { backup_id: backupId, remark: 'undo' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('RestoreInstance', 200, r.body);
    const t = spec.rules.states.transitionFor('4.5.2')!;
    expect(await status(id)).toBe(t.via);
    const list = await c.call('GET', `${base(id)}/restores`);
    valid('ListRestoreRecords', 200, list.body);
    expect(list.body).toMatchObject({ total_num: 1, restore_record_response: [{ restore_id: r.body.restore_id, backup_id: backupId, restore_remark: 'undo', backup_remark: 'before', status: RESTORE_FLOW[0] }] });
    // While restoring, the instance refuses a backup and a second restore with the RESTORING code.
    const busyCode = spec.rules.states.data.requiresRunning.busyCodes[t.via!];
    expect((await backup(id)).body.error_code).toBe(busyCode);
    expect((await c.call('POST', `${base(id)}/restores`, { backup_id: backupId })).body.error_code).toBe(busyCode);
    // …and the file being restored from cannot be deleted.
    expect((await c.call('DELETE', `${base(id)}/backups/${backupId}`)).body.error_code).toBe(busyCode);
    await c.advance(c.emu.config.durations.restore / 2);
    expect((await c.call('GET', `${base(id)}/restores`)).body.restore_record_response[0].status).toBe(RESTORE_FLOW[1]);
    await c.advance(c.emu.config.durations.restore / 2);
    expect(await status(id)).toBe(t.to);
    const done = await c.call('GET', `${base(id)}/restores?offset=0&limit=10`);
    valid('ListRestoreRecords', 200, done.body);
    expect(done.body.restore_record_response[0]).toMatchObject({ status: RESTORE_FLOW[2], progress: '100.00' });
    expect((await c.call('GET', `${base(id)}/restores?offset=1`)).body).toEqual({ total_num: 1, restore_record_response: [] });
    expect((await c.call('GET', `${base(id)}/restores?begin_time=${msToCompact(now() + 3_600_000)}`)).status).toBe(204);
  });

  test('unknown backup: resource not-found naming backup_id; unfinished backup: record-status code; nothing changes', async () => {
    const id = await running();
    const unknown = await c.call('POST', `${base(id)}/restores`, { backup_id: 'nope' });
    expect([unknown.status, unknown.body.error_code]).toEqual([400, code('resource.not-found')]);
    expect(unknown.body.error_msg).toContain('backup_id');
    const pending = await backup(id);
    const early = await c.call('POST', `${base(id)}/restores`, { backup_id: pending.body.backup_id });
    expect([early.status, early.body.error_code]).toEqual([400, spec.rules.byId('backup.restore-requires-succeed').errorCode]);
    await c.advance(c.emu.config.durations.backup);
    // A succeeded backup while another one runs: the in-progress code.
    await backup(id);
    const overlap = await c.call('POST', `${base(id)}/restores`, { backup_id: pending.body.backup_id });
    expect(overlap.body.error_code).toBe(spec.rules.byId('backup.in-progress').errorCode);
    expect(await status(id)).toBe('RUNNING');
    expect((await c.call('GET', `${base(id)}/restores`)).status).toBe(204);
    const missing = await c.call('POST', `${base(id)}/restores`, { remark: 'no id' });
    expect([missing.status, missing.body.error_code]).toEqual([400, code('request.invalid-parameter')]);
  });

  test('single-node instances cannot be restored', async () => {
    const id = await running({ cache_mode: 'single' });
    const r = await c.call('POST', `${base(id)}/restores`, { backup_id: 'any' });
    expect([r.status, r.body.error_code]).toEqual([400, capability().errorCode]);
  });
});

describe('DeleteBackupFile', () => {
  test('the record stays as deleted; the file is gone for links, delete and restore', async () => {
    const id = await running();
    const backupId = await succeeded(id);
    const del = await c.call('DELETE', `${base(id)}/backups/${backupId}`);
    expect([del.status, del.body]).toEqual([204, undefined]);
    const list = await records(id);
    valid('ListBackupRecords', 200, list.body);
    expect(list.body.backup_record_response[0]).toMatchObject({ backup_id: backupId, status: BACKUP_VALUES.deleted, is_support_restore: BACKUP_VALUES.notRestorable });
    const again = await c.call('DELETE', `${base(id)}/backups/${backupId}`);
    expect([again.status, again.body.error_code]).toEqual([400, code('resource.not-found')]);
    expect((await c.call('POST', `${base(id)}/backups/${backupId}/links`, { expiration: 300 })).body.error_code).toBe(code('resource.not-found'));
    const restore = await c.call('POST', `${base(id)}/restores`, { backup_id: backupId });
    expect(restore.body.error_code).toBe(spec.rules.byId('backup.restore-requires-succeed').errorCode);
    expect(await status(id)).toBe('RUNNING');
  });

  test('unknown backup or instance', async () => {
    const id = await running();
    const r = await c.call('DELETE', `${base(id)}/backups/not-a-backup`);
    expect([r.status, r.body.error_code]).toEqual([400, code('resource.not-found')]);
    expect((await c.call('DELETE', `${base('00000000-0000-4000-8000-000000000000')}/backups/x`)).status).toBe(404);
  });
});

describe('ListBackupFileLinks', () => {
  test('one link per shard, expiring after the requested time', async () => {
    for (const [mode, shards] of [['ha', 1], ['cluster', 3]] as const) {
      const id = await running({ cache_mode: mode });
      const backupId = await succeeded(id);
      const r = await c.call('POST', `${base(id)}/backups/${backupId}/links`, { expiration: 1800 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      valid('ListBackupFileLinks', 200, r.body);
      expect(r.body.file_path).toBe(`${id}/${backupId}/`);
      expect(r.body.links).toHaveLength(shards);
      expect(new Set(r.body.links.map((l: { file_name: string }) => l.file_name)).size).toBe(shards);
      for (const l of r.body.links as { file_name: string; link: string }[]) {
        const url = new URL(l.link);
        expect(url.hostname.startsWith(r.body.bucket_name)).toBe(true);
        expect(url.pathname).toBe(`/${r.body.file_path}${l.file_name}`);
        expect(Number(url.searchParams.get('Expires'))).toBe(Math.floor(now() / 1000) + 1800);
        expect(url.searchParams.get('Signature')).toBeTruthy();
      }
    }
  });

  test('expiration outside 5 minutes to 24 hours, unfinished or unknown backups are refused', async () => {
    const id = await running();
    const backupId = await succeeded(id);
    for (const expiration of [299, 86401]) {
      const r = await c.call('POST', `${base(id)}/backups/${backupId}/links`, { expiration });
      expect([r.status, r.body.error_code]).toEqual([400, code('request.invalid-parameter')]);
    }
    expect((await c.call('POST', `${base(id)}/backups/${backupId}/links`, {})).status).toBe(400);
    const pending = await backup(id);
    expect((await c.call('POST', `${base(id)}/backups/${pending.body.backup_id}/links`, { expiration: 300 })).body.error_code).toBe(spec.rules.byId('backup.in-progress').errorCode);
    const unknown = await c.call('POST', `${base(id)}/backups/unknown/links`, { expiration: 300 });
    expect([unknown.status, unknown.body.error_code]).toEqual([400, code('resource.not-found')]);
  });
});
