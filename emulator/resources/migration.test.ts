// Data migration (4.6) against an in-process emulator: backup import and online migration tasks
// through their lifecycles on the virtual clock, progress stats, stop / batch stop / sync stop,
// auto-reconnect, delete, the list's filters and paging, and each rule refused with its spec code.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec, type RuleEntry } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 46 });
afterAll(() => c.close());

interface TaskState extends RuleEntry {
  backupImport: { migrationType: string; via: string; to: string; failTo: string };
  online: { migrationType: string; pending: string; via: string; to: Record<string, string>; failTo: string };
  stop: { via: string; to: string };
  migrating: string[];
  allowed: Record<string, string[]>;
  listStatus: Record<string, string>;
  batchResults: { delivered: string; refused: string };
}
const states = () => spec.rules.byId('migration.task-state') as TaskState;
const ruleCode = (id: string) => spec.rules.byId(id).errorCode;
const notFoundCode = () => spec.rules.protocol('resource.not-found').errorCode;
const valid = (op: string, status: number, body: unknown) => {
  const check = spec.validateResponse(op, status, body);
  expect(check?.valid, `${op} ${status}: ${JSON.stringify(check?.errors)} ${JSON.stringify(body)}`).toBe(true);
};
const refused = (r: { status: number; body: any }, code: string, status = 400) => expect([r.status, r.body?.error_code], JSON.stringify(r.body)).toEqual([status, code]);

const PASSWORD = 'Passw0rd!x';
let n = 0;
async function instance(running = true, overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `mig-${++n}`, password: PASSWORD, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (running) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}

const P = '/v2/{project_id}';
const show = (id: string) => c.call('GET', `${P}/migration-task/${id}`);
const stats = (id: string) => c.call('GET', `${P}/migration-task/${id}/stats`);
const list = (query = '') => c.call('GET', `${P}/migration-tasks${query}`);
const listed = async (name: string) => ((await list(`?name=${name}&limit=1000`)).body.migration_tasks as { task_id: string; status: string }[]);
const count = async () => (await list('?limit=1000')).body.count as number;
const importBody = (target: string, overrides: Record<string, unknown> = {}) => ({
  task_name: `import-${++n}`,
  description: 'Test',
  migration_type: states().backupImport.migrationType,
  migration_method: 'full_amount_migration',
  backup_files: { bucket_name: 'bucketName', file_source: 'self_build_obs', files: [{ size: '754.0MB', file_name: 'fileName' }] },
  target_instance: { id: target, password: PASSWORD },
  ...overrides,
});
async function createImport(target: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await c.call('POST', `${P}/migration-task`, importBody(target, overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.id;
}
async function createOnline(name = `online-${++n}`): Promise<string> {
  const r = await c.call('POST', `${P}/migration/instance`, { name, description: 'online', vpc_id: 'vpc-1', subnet_id: 'subnet-1', security_group_id: 'sg-1' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  valid('CreateOnlineMigrationTask', 200, r.body);
  return r.body.instance_id;
}
const configure = (task: string, body: Record<string, unknown>) => c.call('POST', `${P}/migration/${task}/task`, body);
const configBody = (source: unknown, target: unknown, overrides: Record<string, unknown> = {}) => ({ migration_method: 'incremental_migration', resume_mode: 'auto', source_instance: source, target_instance: target, ...overrides });
async function configuredOnline(method = 'incremental_migration'): Promise<{ task: string; source: string; target: string }> {
  const [source, target, task] = [await instance(), await instance(), await createOnline()];
  const r = await configure(task, configBody({ id: source, password: PASSWORD }, { id: target, password: PASSWORD }, { migration_method: method }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { task, source, target };
}

describe('rule data pinned to the spec', () => {
  test('the lifecycle statuses and values exist in the documented enums', () => {
    const s = states();
    const props = (op: string, status = 200) => spec.operation(op).responses.get(status)!.schema!.properties as Record<string, any>;
    const showStatuses = props('ShowMigrationTask').status.enum as string[];
    for (const v of [s.backupImport.via, s.backupImport.to, s.backupImport.failTo, s.online.pending, s.online.via, s.online.failTo, s.stop.via, s.stop.to, ...Object.values(s.online.to), ...s.migrating, ...Object.values(s.allowed).flat(), ...Object.keys(s.listStatus)]) expect(showStatuses).toContain(v);
    const listStatuses = props('ListMigrationTask').migration_tasks.items.properties.status.enum as string[];
    for (const v of [...Object.values(s.listStatus), s.backupImport.via, s.backupImport.to, s.backupImport.failTo, s.stop.to]) expect(listStatuses).toContain(v);
    expect(props('CreateMigrationTask').status.enum).toEqual(expect.arrayContaining([s.backupImport.via, s.backupImport.to, s.backupImport.failTo]));
    const req = spec.operation('CreateMigrationTask').requestBody!.schema!.properties as Record<string, any>;
    expect(req.migration_type.enum).toEqual(expect.arrayContaining([s.backupImport.migrationType, s.online.migrationType]));
    expect(Object.keys(s.online.to).sort()).toEqual([...(spec.operation('SetOnlineMigrationTask').requestBody!.schema!.properties as any).migration_method.enum].sort());
    const sections = new Set(spec.operations.filter((o) => o.section.startsWith('4.6.')).map((o) => o.section));
    for (const k of Object.keys(s.allowed)) expect(sections).toContain(k);
  });
});

describe('backup import (4.6.1)', () => {
  test('MIGRATING, progress on the virtual clock, then SUCCESS; shown, listed and counted', async () => {
    const target = await instance();
    const before = await count();
    const r = await c.call('POST', `${P}/migration-task`, importBody(target, { task_name: 'import-life' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('CreateMigrationTask', 200, r.body);
    expect(r.body).toMatchObject({ name: 'import-life', status: states().backupImport.via, error: '' });
    const id = r.body.id as string;
    expect(await count()).toBe(before + 1);
    const shown = await show(id);
    valid('ShowMigrationTask', 200, shown.body);
    expect(shown.body).toMatchObject({ task_id: id, task_name: 'import-life', status: states().backupImport.via, migration_type: states().backupImport.migrationType, target_instance: { id: target }, backup_files: { bucket_name: 'bucketName', files: [{ file_name: 'fileName' }] } });
    expect(shown.body.target_instance.password).toBeUndefined();
    await c.advance(c.emu.config.durations.task / 2);
    const half = await stats(id);
    valid('ShowMigrationTaskStats', 200, half.body);
    expect(Number(half.body.full_migration_progress)).toBeGreaterThanOrEqual(40);
    expect(Number(half.body.full_migration_progress)).toBeLessThan(100);
    expect(half.body.is_migrating).toBe(true);
    await c.advance(c.emu.config.durations.task / 2);
    expect((await show(id)).body.status).toBe(states().backupImport.to);
    const done = await stats(id);
    expect(done.body).toMatchObject({ full_migration_progress: '100', offset: '0', is_migrating: false });
    expect(done.body.target_dbsize).toBe(done.body.source_dbsize);
    const entry = (await listed('import-life'))[0]!;
    expect(entry).toMatchObject({ task_id: id, status: states().backupImport.to, data_source: 'bucketName', target_instance_id: target });
  });

  test('from a backup record: a succeeded backup imports, one not finished is refused', async () => {
    const [owner, target] = [await instance(), await instance()];
    const b = await c.call('POST', `/v2/{project_id}/instances/${owner}/backups`, {});
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    const fromRecord = (backup_id: string) => importBody(target, { backup_files: { file_source: 'backup_record', backup_id, files: [] } });
    const early = await c.call('POST', `${P}/migration-task`, fromRecord(b.body.backup_id));
    refused(early, ruleCode('backup.restore-requires-succeed'));
    await c.advance(c.emu.config.durations.backup);
    const ok = await c.call('POST', `${P}/migration-task`, fromRecord(b.body.backup_id));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await show(ok.body.id)).body.backup_files).toMatchObject({ file_source: 'backup_record', backup_id: b.body.backup_id });
    refused(await c.call('POST', `${P}/migration-task`, fromRecord('no-such-backup')), notFoundCode());
  });

  test('each rule refused with its code, and nothing is created', async () => {
    const target = await instance();
    const creating = await instance(false);
    const before = await count();
    const post = (body: unknown) => c.call('POST', `${P}/migration-task`, body);
    refused(await post(importBody(target, { migration_type: states().online.migrationType })), ruleCode('migration.online-type-retired'));
    const { backup_files: _drop, ...noFiles } = importBody(target);
    refused(await post(noFiles), ruleCode('migration.backup-files'));
    refused(await post(importBody(target, { backup_files: { file_source: 'self_build_obs', files: [{ file_name: 'f' }] } })), ruleCode('migration.backup-files'));
    refused(await post(importBody(target, { backup_files: { file_source: 'self_build_obs', bucket_name: 'b', files: [] } })), ruleCode('migration.backup-files'));
    refused(await post(importBody(target, { backup_files: { file_source: 'ftp', bucket_name: 'b', files: [{ file_name: 'f' }] } })), ruleCode('migration.backup-files'));
    refused(await post(importBody(target, { backup_files: { file_source: 'backup_record', files: [] } })), ruleCode('migration.backup-files'));
    refused(await post(importBody(target, { target_instance: { id: target, password: 'Wrong0ne!x' } })), ruleCode('migration.redis-password'));
    refused(await post(importBody(target, { target_instance: { id: target } })), ruleCode('migration.redis-password'));
    refused(await post(importBody('00000000-0000-4000-8000-000000000000')), spec.rules.protocol('resource.instance-not-found').errorCode, 404);
    const busy = await post(importBody(creating));
    expect(busy.status).toBe(400);
    expect([ruleCode('migration.instance-running'), ...spec.rules.states.busyCodes]).toContain(busy.body.error_code);
    expect(await count()).toBe(before);
  });

  test('a target deleted during the import fails the task with an error message', async () => {
    const target = await instance();
    const id = await createImport(target, { task_name: 'import-orphan' });
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${target}`)).status).toBe(204);
    await c.advance(Math.max(c.emu.config.durations.delete, c.emu.config.durations.task));
    const shown = await show(id);
    expect(shown.body.status).toBe(states().backupImport.failTo);
    const entry = (await listed('import-orphan'))[0] as Record<string, any>;
    expect(entry.status).toBe(states().backupImport.failTo);
    expect(entry.error_message).toMatch(/no longer exists/);
    valid('ListMigrationTask', 200, await list('?name=import-orphan').then((r) => r.body));
  });
});

describe('online migration (4.6.8, 4.6.9, 4.6.5, 4.6.6, 4.6.3)', () => {
  test('created RUNNING (pending configuration), configured, full then incremental, stopped, deleted', async () => {
    const s = states();
    const [source, target] = [await instance(), await instance()];
    const task = await createOnline('online-life');
    const pending = await show(task);
    valid('ShowMigrationTask', 200, pending.body);
    expect(pending.body).toMatchObject({ status: s.online.pending, migration_type: s.online.migrationType, tenant_vpc_id: 'vpc-1', tenant_subnet_id: 'subnet-1', tenant_security_group_id: 'sg-1' });
    expect((await stats(task)).body).toMatchObject({ full_migration_progress: '0', is_migrating: false });

    const r = await configure(task, configBody({ id: source, password: PASSWORD }, { id: target, password: PASSWORD }, { bandwidth_limit_mb: '100' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('SetOnlineMigrationTask', 200, r.body);
    expect(r.body).toMatchObject({ id: task, name: 'online-life', status: s.online.via, error: '' });
    const configured = (await show(task)).body;
    expect(configured).toMatchObject({ migration_method: 'incremental_migration', resume_mode: 'auto', bandwidth_limit_mb: '100', source_instance: { id: source }, target_instance: { id: target } });
    refused(await configure(task, configBody({ id: source, password: PASSWORD }, { id: target, password: PASSWORD })), s.errorCode);

    await c.advance(c.emu.config.durations.task);
    expect((await show(task)).body.status).toBe(s.online.to.incremental_migration);
    const sync = await stats(task);
    expect(sync.body).toMatchObject({ full_migration_progress: '100', offset: '0', is_migrating: true });
    const entries = await list('?name=online-life');
    valid('ListMigrationTask', 200, entries.body);
    expect(entries.body.migration_tasks[0]).toMatchObject({ task_id: task, status: s.listStatus[s.online.to.incremental_migration!], source_instance_id: source, target_instance_id: target, resume_mode: 'auto' });

    const upd = await c.call('PUT', `${P}/migration-task/${task}`, { resume_mode: 'manual' });
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    expect((await show(task)).body.resume_mode).toBe('manual');

    refused(await c.call('DELETE', `${P}/migration-tasks/delete`, { task_id_list: [task] }), s.errorCode);
    expect((await show(task)).status).toBe(200);

    const stop = await c.call('POST', `${P}/migration-task/${task}/stop`);
    expect(stop.status, JSON.stringify(stop.body)).toBe(200);
    valid('StopMigrationTask', 200, stop.body);
    expect(stop.body).toMatchObject({ task_id: task, status: s.stop.via });
    refused(await c.call('POST', `${P}/migration-task/${task}/stop`), s.errorCode);
    await c.advance(c.emu.config.durations.job);
    const stopped = (await show(task)).body;
    expect(stopped.status).toBe(s.stop.to);
    expect(stopped.released_at).toBeDefined();
    expect((await stats(task)).body.is_migrating).toBe(false);
    refused(await c.call('PUT', `${P}/migration-task/${task}`, { resume_mode: 'auto' }), s.errorCode);
    expect((await show(task)).body.resume_mode).toBe('manual');

    const del = await c.call('DELETE', `${P}/migration-tasks/delete`, { task_id_list: [task, task] });
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    valid('DeleteMigrationTask', 200, del.body);
    expect(del.body.task_id_list).toEqual([task]);
    refused(await show(task), notFoundCode());
    expect(await listed('online-life')).toEqual([]);
  });

  test('a full migration ends SUCCESS', async () => {
    const { task } = await configuredOnline('full_amount_migration');
    expect((await show(task)).body.status).toBe(states().online.via);
    await c.advance(c.emu.config.durations.task);
    expect((await show(task)).body.status).toBe(states().online.to.full_amount_migration);
    refused(await c.call('POST', `${P}/migration-task/${task}/stop`), states().errorCode);
  });

  test('configuration rules refused with their codes; the task stays pending', async () => {
    const [source, target, creating, task] = [await instance(), await instance(), await instance(false), await createOnline()];
    const ok = { id: target, password: PASSWORD };
    const src = { id: source, password: PASSWORD };
    for (const bw of ['0', '10241', 'ten']) refused(await configure(task, configBody(src, ok, { bandwidth_limit_mb: bw })), ruleCode('migration.bandwidth'));
    refused(await configure(task, configBody({ password: 'x' }, ok)), ruleCode('migration.endpoint'));
    refused(await configure(task, configBody({ addrs: 'not an address' }, ok)), ruleCode('migration.endpoint'));
    refused(await configure(task, configBody(src, { id: source, password: PASSWORD })), ruleCode('migration.distinct-endpoints'));
    refused(await configure(task, configBody({ addrs: '10.0.0.1:6379' }, { addrs: '10.0.0.1:6379' })), ruleCode('migration.distinct-endpoints'));
    refused(await configure(task, configBody(src, { id: target, password: 'Wrong0ne!x' })), ruleCode('migration.redis-password'));
    refused(await configure(task, configBody(src, { id: '00000000-0000-4000-8000-000000000000' })), spec.rules.protocol('resource.instance-not-found').errorCode, 404);
    const busy = await configure(task, configBody(src, { id: creating, password: PASSWORD }));
    expect([ruleCode('migration.instance-running'), ...spec.rules.states.busyCodes]).toContain(busy.body.error_code);
    const shown = (await show(task)).body;
    expect(shown.status).toBe(states().online.pending);
    expect(shown.source_instance).toBeUndefined();
    // A self-hosted source by address list is accepted.
    const byAddrs = await configure(task, configBody({ addrs: '192.168.1.1:6379,192.168.0.0:6379', password: 'x' }, ok));
    expect(byAddrs.status, JSON.stringify(byAddrs.body)).toBe(200);
    expect((await show(task)).body.source_instance).toMatchObject({ addrs: '192.168.1.1:6379,192.168.0.0:6379', ip: '192.168.1.1', port: '6379' });
    // An import task is never configured.
    refused(await configure(await createImport(await instance()), configBody(src, ok)), states().errorCode);
  });
});

describe('stopping (4.6.10, 4.6.11)', () => {
  test('batch stop: stoppable tasks delivered, others reported failed; TERMINATED later', async () => {
    const s = states();
    const [a, b] = [(await configuredOnline()).task, await createImport(await instance())];
    const done = (await configuredOnline('full_amount_migration')).task;
    await c.advance(c.emu.config.durations.task);
    // Instances first: creating one advances the clock past a whole copy phase.
    const [target, online] = [await instance(), await configuredOnline()];
    const live = [await createImport(target), online.task];
    expect((await show(done)).body.status).toBe(s.online.to.full_amount_migration);
    const r = await c.call('POST', `${P}/migration-task/batch-stop`, { migration_tasks: [...live, done] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('BatchStopMigrationTasks', 200, r.body);
    expect(r.body.migration_tasks).toEqual([
      { result: s.batchResults.delivered, task_id: live[0] },
      { result: s.batchResults.delivered, task_id: live[1] },
      { result: s.batchResults.refused, task_id: done },
    ]);
    for (const t of live) expect((await show(t)).body.status).toBe(s.stop.via);
    await c.advance(c.emu.config.durations.job);
    for (const t of live) expect((await show(t)).body.status).toBe(s.stop.to);
    expect((await show(done)).body.status).toBe(s.online.to.full_amount_migration);
    // An unknown ID refuses the whole batch: the known task is not stopped.
    refused(await c.call('POST', `${P}/migration-task/batch-stop`, { migration_tasks: [a, 'no-such-task'] }), notFoundCode());
    expect((await show(a)).body.status).toBe(s.online.to.incremental_migration);
    refused(await c.call('POST', `${P}/migration-task/batch-stop`, { migration_tasks: [] }), spec.rules.protocol('request.invalid-parameter').errorCode);
    expect((await show(b)).body.status).toBe(s.backupImport.to);
  });

  test('sync stop ends the task at once (204), and only a migrating task', async () => {
    const { task } = await configuredOnline();
    const r = await c.call('POST', `${P}/migration-task/${task}/sync-stop`);
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect((await show(task)).body.status).toBe(states().stop.to);
    refused(await c.call('POST', `${P}/migration-task/${task}/sync-stop`), states().errorCode);
    const pending = await createOnline();
    refused(await c.call('POST', `${P}/migration-task/${pending}/sync-stop`), states().errorCode);
    expect((await show(pending)).body.status).toBe(states().online.pending);
  });
});

describe('list, delete and unknown IDs', () => {
  test('paging: offset and limit, offset past the end is empty, count is the total; name filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await createOnline(`page-task-${i}`));
    const all = await list('?name=page-task&limit=1000');
    valid('ListMigrationTask', 200, all.body);
    expect(all.body.count).toBe(3);
    expect(all.body.migration_tasks.map((t: { task_id: string }) => t.task_id)).toEqual([...ids].reverse());
    const page = await list('?name=page-task&offset=1&limit=1');
    expect(page.body).toMatchObject({ count: 3, migration_tasks: [{ task_id: ids[1] }] });
    expect((await list('?name=page-task&offset=3')).body).toMatchObject({ count: 3, migration_tasks: [] });
    expect((await list('?name=page-task-2')).body.migration_tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ids[2]]);
    expect((await list()).body.migration_tasks.length).toBeLessThanOrEqual(10);
  });

  test('delete is all or nothing: an unknown ID or an empty list deletes nothing', async () => {
    const [a, b] = [await createOnline(), await createOnline()];
    refused(await c.call('DELETE', `${P}/migration-tasks/delete`, { task_id_list: [a, 'no-such-task'] }), notFoundCode());
    refused(await c.call('DELETE', `${P}/migration-tasks/delete`, { task_id_list: [] }), spec.rules.protocol('request.invalid-parameter').errorCode);
    expect((await show(a)).status).toBe(200);
    const ok = await c.call('DELETE', `${P}/migration-tasks/delete`, { task_id_list: [a, b] });
    expect(ok.body.task_id_list).toEqual([a, b]);
    for (const t of [a, b]) refused(await show(t), notFoundCode());
  });

  test('unknown task IDs answer resource.not-found on every per-task operation', async () => {
    const id = 'no-such-task';
    refused(await show(id), notFoundCode());
    refused(await stats(id), notFoundCode());
    refused(await c.call('PUT', `${P}/migration-task/${id}`, { resume_mode: 'auto' }), notFoundCode());
    refused(await c.call('POST', `${P}/migration-task/${id}/stop`), notFoundCode());
    refused(await c.call('POST', `${P}/migration-task/${id}/sync-stop`), notFoundCode());
    refused(await configure(id, configBody({ addrs: '10.0.0.1:6379' }, { addrs: '10.0.0.2:6379' })), notFoundCode());
    expect((await show(id)).body.error_msg).toContain('task_id');
  });
});
