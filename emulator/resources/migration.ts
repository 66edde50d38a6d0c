// Data migration (reference 4.6): backup import tasks (4.6.1) and online migration tasks (4.6.8
// create, 4.6.9 configure), project-wide. Tasks move through the lifecycles of rule
// migration.task-state on the virtual clock: an import MIGRATING -> SUCCESS; an online task RUNNING
// (pending configuration) -> FULLMIGRATING -> SUCCESS, or -> INCRMIGRATING for an incremental
// migration, which keeps synchronizing until stopped; a stop TERMINATING -> TERMINATED. Statuses,
// the operations each allows and the request rules all come from spec/src/rules/migration.json.
import type { RuleEntry } from '../../spec/index.ts';
import { ApiError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { BACKUP_STATE, backupFlow, type BackupRecord } from './backups.ts';
import { instanceOf, invalid, iso, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

interface TaskStateRule extends RuleEntry {
  backupImport: { migrationType: string; via: string; to: string; failTo: string };
  online: { migrationType: string; networkType: string; pending: string; via: string; to: Record<string, string>; failTo: string };
  stop: { via: string; to: string };
  migrating: string[];
  allowed: Record<string, string[]>;
  listStatus: Record<string, string>;
  batchResults: { delivered: string; refused: string };
}

/** One end of a migration: a DCS instance of the project (id) or a Redis given by address. */
interface Endpoint {
  id?: string;
  addrs?: string;
  /** Snapshot of the instance when the task was set up; rendering prefers the live instance. */
  name?: string;
  spec_code?: string;
  subnet_id?: string;
}

interface BackupFiles {
  file_source: string;
  bucket_name?: string;
  files?: { file_name: string; size?: string; update_at?: string }[];
  backup_id?: string;
}

interface MigrationTask {
  task_id: string;
  task_name: string;
  description: string;
  migration_type: string;
  migration_method?: string;
  status: string;
  error: string;
  resume_mode?: string;
  bandwidth_limit_mb?: string;
  backup_files?: BackupFiles;
  network_type?: string;
  source?: Endpoint;
  target?: Endpoint;
  tenant?: { vpc_id: string; subnet_id: string; security_group_id: string };
  ecs_tenant_private_ip?: string;
  created_at: number;
  updated_at: number;
  released_at?: number;
  /** The copy phase under way (MIGRATING / FULLMIGRATING), for progress. */
  phase?: { from: number; until: number };
  /** Progress (percent) at which a stop or failure froze the copy. */
  frozen?: number;
  /** Bumped on every status change, so a deadline set for an earlier status does nothing. */
  epoch: number;
}

const MIGRATION_TASKS = stateKey<Map<string, MigrationTask>>('migration');
const tasksOf = (ctx: HandlerContext) => ctx.project.slice(MIGRATION_TASKS, () => new Map());
const stateRule = (ctx: HandlerContext) => ctx.spec.rules.byId('migration.task-state') as TaskStateRule;
const rule = <T = object>(ctx: HandlerContext, id: string) => ctx.spec.rules.byId(id) as RuleEntry & T;
const notFound = (ctx: HandlerContext, field: string) => new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, field);

function taskOf(ctx: HandlerContext, id = ctx.params.task_id!): MigrationTask {
  const task = tasksOf(ctx).get(id);
  if (!task) throw notFound(ctx, 'task_id');
  return task;
}

/** Refuses the operation (by its section) when the task's status does not allow it. */
function allowed(ctx: HandlerContext, task: MigrationTask): boolean {
  return stateRule(ctx).allowed[ctx.op.section]?.includes(task.status) ?? true;
}
function requireTaskStatus(ctx: HandlerContext, task: MigrationTask): void {
  if (!allowed(ctx, task)) throw new ApiError(stateRule(ctx).errorCode, 'task_id');
}

const isOnline = (ctx: HandlerContext, t: MigrationTask) => t.migration_type === stateRule(ctx).online.migrationType;

function setStatus(ctx: HandlerContext, task: MigrationTask, status: string): void {
  task.status = status;
  task.epoch++;
  task.updated_at = ctx.store.clock.now();
}

/** Percent of the copy done: the running phase by elapsed virtual time; finished copies 100. */
function progress(ctx: HandlerContext, t: MigrationTask): number {
  if (t.frozen !== undefined) return t.frozen;
  const r = stateRule(ctx);
  if (t.phase && (t.status === r.backupImport.via || t.status === r.online.via)) {
    const span = Math.max(1, t.phase.until - t.phase.from);
    return Math.min(99, Math.max(0, Math.floor(((ctx.store.clock.now() - t.phase.from) * 100) / span)));
  }
  return t.phase ? 100 : 0;
}

/** A DCS endpoint that was deleted makes the copy fail (checked when a phase ends). */
function endpointsGone(ctx: HandlerContext, t: MigrationTask): string | undefined {
  for (const [side, e] of [['source', t.source], ['target', t.target]] as const) {
    if (e?.id && !ctx.project.instances.has(e.id)) return `The ${side} instance ${e.id} no longer exists.`;
  }
  return undefined;
}

/** Starts a copy phase (`via`) that ends in `to` after the task duration, or fails. */
function startCopy(ctx: HandlerContext, task: MigrationTask, via: string, to: string, failTo: string): void {
  setStatus(ctx, task, via);
  const from = ctx.store.clock.now();
  const ms = ctx.config.durations.task;
  task.phase = { from, until: from + ms };
  const epoch = task.epoch;
  ctx.store.after(ms, () => {
    if (task.epoch !== epoch || !tasksOf(ctx).has(task.task_id)) return;
    const gone = endpointsGone(ctx, task);
    if (gone) {
      task.frozen = progress(ctx, task);
      task.error = gone;
      setStatus(ctx, task, failTo);
      return;
    }
    setStatus(ctx, task, to);
    // A finished online task releases its migration ECS (4.6.2 released_at).
    if (isOnline(ctx, task) && !stateRule(ctx).migrating.includes(to)) task.released_at = task.updated_at;
  });
}

/** TERMINATING now, TERMINATED after the job duration; `now` skips TERMINATING (4.6.11 answers 204 when done). */
function stopTask(ctx: HandlerContext, task: MigrationTask, now = false): void {
  const { stop } = stateRule(ctx);
  task.frozen = progress(ctx, task);
  const finish = () => {
    setStatus(ctx, task, stop.to);
    if (isOnline(ctx, task)) task.released_at = task.updated_at;
  };
  if (now) return finish();
  setStatus(ctx, task, stop.via);
  const epoch = task.epoch;
  ctx.store.after(ctx.config.durations.job, () => {
    if (task.epoch === epoch && tasksOf(ctx).has(task.task_id)) finish();
  });
}

/** An instance used by a migration must be running: the state machine's busy code for its status. */
function requireRunning(ctx: HandlerContext, inst: Instance): void {
  const sm = ctx.spec.rules.states.data;
  if (sm.statuses.serving.values.includes(inst.status)) return;
  throw new ApiError(sm.requiresRunning.busyCodes[inst.status] ?? rule(ctx, 'migration.instance-running').errorCode);
}

/** The password of an instance that has one must be given and match. */
function requirePassword(ctx: HandlerContext, inst: Instance, given: string | undefined, field: string): void {
  if (inst.no_password_access || inst.password === undefined) return;
  if (given !== inst.password) throw new ApiError(rule(ctx, 'migration.redis-password').errorCode, field);
}

function dcsEndpoint(ctx: HandlerContext, id: string, password: string | undefined, field: string): Endpoint {
  const inst = instanceOf(ctx, id);
  requireRunning(ctx, inst);
  requirePassword(ctx, inst, password, field);
  return { id: inst.instance_id, name: inst.name, spec_code: inst.spec_code, subnet_id: inst.subnet_id };
}

/** A backup of any instance of the project (4.5), read from the backups module's per-instance state. */
function findBackup(ctx: HandlerContext, backupId: string): BackupRecord | undefined {
  for (const inst of ctx.project.instances.values()) {
    const found = inst.ext.get(BACKUP_STATE)?.backups.get(backupId);
    if (found) return found;
  }
  return undefined;
}

function validateBackupFiles(ctx: HandlerContext, b: BackupFiles | undefined): BackupFiles {
  const r = rule<{ fileSources: { obs: string; backupRecord: string } }>(ctx, 'migration.backup-files');
  const bad = (field: string) => new ApiError(r.errorCode, field);
  if (!b) throw bad('backup_files');
  if (b.file_source === r.fileSources.obs) {
    if (!b.bucket_name) throw bad('bucket_name');
    if (!b.files?.length || b.files.some((f) => !f.file_name)) throw bad('files');
    return { file_source: b.file_source, bucket_name: b.bucket_name, files: b.files.map((f) => ({ ...f })) };
  }
  if (b.file_source === r.fileSources.backupRecord) {
    if (!b.backup_id) throw bad('backup_id');
    const backup = findBackup(ctx, b.backup_id);
    if (!backup) throw notFound(ctx, 'backup_id');
    if (backup.status !== backupFlow(ctx).at(-1)) throw new ApiError(ctx.spec.rules.byId('backup.restore-requires-succeed').errorCode, 'backup_id');
    return { file_source: b.file_source, backup_id: b.backup_id, ...(b.files?.length ? { files: b.files.map((f) => ({ ...f })) } : {}) };
  }
  throw bad('file_source');
}

function newTask(ctx: HandlerContext, fields: Omit<MigrationTask, 'task_id' | 'created_at' | 'updated_at' | 'epoch' | 'error'>): MigrationTask {
  const task: MigrationTask = { task_id: ctx.store.ids.uuid(), created_at: ctx.now, updated_at: ctx.now, epoch: 0, error: '', ...fields };
  tasksOf(ctx).set(task.task_id, task);
  return task;
}

/** Migration task names and other mandatory strings may not be blank. */
function requireText(ctx: HandlerContext, value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') invalid(ctx, field);
}

// ---- rendering -----------------------------------------------------------------------------------

function liveInstance(ctx: HandlerContext, e: Endpoint | undefined): Instance | undefined {
  return e?.id ? ctx.project.instances.get(e.id) : undefined;
}

/** SourceInstanceBody / TargetInstanceBody; passwords are never echoed (a real client keeps its own). */
function renderEndpoint(ctx: HandlerContext, e: Endpoint | undefined): Record<string, unknown> | undefined {
  if (!e) return undefined;
  const inst = liveInstance(ctx, e);
  const first = (e.addrs ?? '').split(',')[0] ?? '';
  const ip = inst?.ip ?? first.slice(0, first.lastIndexOf(':'));
  const port = inst ? String(inst.port) : first.slice(first.lastIndexOf(':') + 1);
  return { ...(e.id ? { id: e.id } : {}), name: inst?.name ?? e.name ?? '', addrs: inst ? `${inst.ip}:${inst.port}` : e.addrs, ip, port, db: '0', proxy_multi_db: false };
}

function renderBackupFiles(b: BackupFiles | undefined): Record<string, unknown> | undefined {
  return b && { file_source: b.file_source, ...(b.bucket_name ? { bucket_name: b.bucket_name } : {}), files: b.files ?? [], ...(b.backup_id ? { backup_id: b.backup_id } : {}) };
}

/** The task as 4.6.4 and 4.6.6 show it. */
function detail(ctx: HandlerContext, t: MigrationTask): Record<string, unknown> {
  return {
    task_id: t.task_id,
    task_name: t.task_name,
    description: t.description,
    status: t.status,
    migration_type: t.migration_type,
    migration_method: t.migration_method,
    ecs_tenant_private_ip: t.ecs_tenant_private_ip,
    backup_files: renderBackupFiles(t.backup_files),
    network_type: t.network_type,
    source_instance: renderEndpoint(ctx, t.source),
    target_instance: renderEndpoint(ctx, t.target),
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    released_at: t.released_at === undefined ? undefined : iso(t.released_at),
    resume_mode: t.resume_mode,
    supported_features: [],
    tenant_vpc_id: t.tenant?.vpc_id,
    tenant_subnet_id: t.tenant?.subnet_id,
    tenant_security_group_id: t.tenant?.security_group_id,
    bandwidth_limit_mb: t.bandwidth_limit_mb,
  };
}

/** The task as a 4.6.2 list entry: documented statuses only, self-hosted source fields left blank. */
function listEntry(ctx: HandlerContext, t: MigrationTask): Record<string, unknown> {
  const side = (e: Endpoint | undefined) => {
    const inst = liveInstance(ctx, e);
    return { name: inst?.name ?? e?.name ?? '', id: e?.id ?? '', status: inst?.status ?? '', subnet_id: inst?.subnet_id ?? e?.subnet_id ?? '', spec_code: inst?.spec_code ?? e?.spec_code ?? '', addrs: inst ? `${inst.ip}:${inst.port}` : (e?.addrs ?? '') };
  };
  const src = side(t.source);
  const tgt = side(t.target);
  return {
    task_id: t.task_id,
    task_name: t.task_name,
    status: stateRule(ctx).listStatus[t.status] ?? t.status,
    migration_type: t.migration_type,
    migration_method: t.migration_method,
    ecs_tenant_private_ip: t.ecs_tenant_private_ip,
    // "Source Redis address, which is ip:port or a bucket name."
    data_source: t.backup_files ? (t.backup_files.bucket_name ?? t.backup_files.backup_id) : src.addrs,
    source_instance_name: src.name,
    source_instance_id: src.id,
    source_instance_status: src.status,
    source_instance_subnet_id: src.subnet_id,
    source_instance_spec_code: src.spec_code,
    target_instance_addrs: tgt.addrs,
    target_instance_name: tgt.name,
    target_instance_id: tgt.id,
    target_instance_status: tgt.status,
    target_instance_subnet_id: tgt.subnet_id,
    target_instance_spec_code: tgt.spec_code,
    created_at: iso(t.created_at),
    description: t.description,
    error_message: t.error || null,
    released_at: t.released_at === undefined ? undefined : iso(t.released_at),
    resume_mode: t.resume_mode,
    supported_features: [],
  };
}

// ---- handlers ------------------------------------------------------------------------------------

export const createMigrationTask: Handler = (ctx) => {
  const b = ctx.body as { task_name: string; description?: string; migration_type: string; migration_method: string; backup_files?: BackupFiles; target_instance: { id: string; password?: string } };
  const r = stateRule(ctx);
  requireText(ctx, b.task_name, 'task_name');
  if (b.migration_type !== r.backupImport.migrationType) throw new ApiError(rule(ctx, 'migration.online-type-retired').errorCode, 'migration_type');
  requireText(ctx, b.target_instance.id, 'id');
  const target = dcsEndpoint(ctx, b.target_instance.id, b.target_instance.password, 'password');
  const backupFiles = validateBackupFiles(ctx, b.backup_files);
  const task = newTask(ctx, { task_name: b.task_name, description: b.description ?? '', migration_type: b.migration_type, migration_method: b.migration_method, status: r.backupImport.via, backup_files: backupFiles, target });
  startCopy(ctx, task, r.backupImport.via, r.backupImport.to, r.backupImport.failTo);
  return { body: { id: task.task_id, name: task.task_name, status: task.status, error: task.error } };
};

export const listMigrationTasks: Handler = (ctx) => {
  const q = ctx.query as { offset?: number; limit?: number; name?: string };
  // Newest first; the name filter matches part of the name (the reference does not say exact or fuzzy).
  const all = [...tasksOf(ctx).values()].reverse().filter((t) => !q.name || t.task_name.includes(q.name));
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return { body: { count: all.length, migration_tasks: all.slice(offset, offset + limit).map((t) => listEntry(ctx, t)) } };
};

/** Collects the tasks a batch names: unknown IDs refuse the whole request; repeats count once. */
function tasksNamed(ctx: HandlerContext, ids: string[] | undefined, field: string): MigrationTask[] {
  if (!ids?.length) invalid(ctx, field);
  const unique = [...new Set(ids)];
  const tasks = tasksOf(ctx);
  if (unique.some((id) => !tasks.has(id))) throw notFound(ctx, field);
  return unique.map((id) => tasks.get(id)!);
}

export const deleteMigrationTasks: Handler = (ctx) => {
  const tasks = tasksNamed(ctx, (ctx.body as { task_id_list?: string[] }).task_id_list, 'task_id_list');
  // All or nothing: a task still migrating or stopping refuses the request (stop it first).
  if (tasks.some((t) => !allowed(ctx, t))) throw new ApiError(stateRule(ctx).errorCode, 'task_id_list');
  for (const t of tasks) tasksOf(ctx).delete(t.task_id);
  return { body: { task_id_list: tasks.map((t) => t.task_id) } };
};

export const showMigrationTask: Handler = (ctx) => ({ body: detail(ctx, taskOf(ctx)) });

export const updateMigrationTask: Handler = (ctx) => {
  const task = taskOf(ctx);
  requireTaskStatus(ctx, task);
  const b = (ctx.body ?? {}) as { resume_mode?: string };
  // resume_mode is optional; without it the call changes nothing.
  if (b.resume_mode !== undefined && b.resume_mode !== task.resume_mode) {
    task.resume_mode = b.resume_mode;
    task.updated_at = ctx.now;
  }
  return {};
};

export const stopMigrationTask: Handler = (ctx) => {
  const task = taskOf(ctx);
  requireTaskStatus(ctx, task);
  stopTask(ctx, task);
  return { body: detail(ctx, task) };
};

export const showMigrationTaskStats: Handler = (ctx) => {
  const task = taskOf(ctx);
  const pct = progress(ctx, task);
  // The emulator holds no keys: the source size is a stable number drawn from the task ID.
  const sourceKeys = 1000 + (parseInt(task.task_id.replace(/-/g, '').slice(0, 6), 16) % 500_000);
  const targetKeys = Math.floor((sourceKeys * pct) / 100);
  const migrating = stateRule(ctx).migrating.includes(task.status);
  const copying = migrating && pct < 100;
  const kbps = copying ? Number(task.bandwidth_limit_mb ?? 10) * 1024 : migrating ? 50 : 0;
  return {
    body: {
      full_migration_progress: String(pct),
      offset: String(sourceKeys - targetKeys),
      source_dbsize: String(sourceKeys),
      target_dbsize: String(targetKeys),
      target_input_kbps: String(kbps),
      target_ops: String(copying ? 5000 : migrating ? 100 : 0),
      is_migrating: migrating,
    },
  };
};

export const createOnlineMigrationTask: Handler = (ctx) => {
  const b = ctx.body as { name: string; description?: string; vpc_id: string; subnet_id: string; security_group_id: string };
  for (const f of ['name', 'vpc_id', 'subnet_id', 'security_group_id'] as const) requireText(ctx, b[f], f);
  const r = stateRule(ctx).online;
  // The service provisions a migration ECS in the given subnet; it waits RUNNING for 4.6.9.
  const task = newTask(ctx, {
    task_name: b.name,
    description: b.description ?? '',
    migration_type: r.migrationType,
    status: r.pending,
    network_type: r.networkType,
    tenant: { vpc_id: b.vpc_id, subnet_id: b.subnet_id, security_group_id: b.security_group_id },
  });
  // The migration ECS's address in the tenant's subnet, stable for the task.
  const h = parseInt(task.task_id.slice(0, 4), 16);
  task.ecs_tenant_private_ip = `192.168.${200 + ((h >> 8) % 50)}.${(h % 254) + 1}`;
  return { body: { instance_id: task.task_id } };
};

type EndpointBody = { id?: string; addrs?: string; password?: string };

function endpointOf(ctx: HandlerContext, e: EndpointBody, field: string): Endpoint {
  const r = rule<{ addrsPattern: string }>(ctx, 'migration.endpoint');
  if (e.id) return dcsEndpoint(ctx, e.id, e.password, 'password');
  if (!e.addrs || !new RegExp(r.addrsPattern).test(e.addrs)) throw new ApiError(r.errorCode, field);
  return { addrs: e.addrs };
}

export const setOnlineMigrationTask: Handler = (ctx) => {
  const task = taskOf(ctx);
  const r = stateRule(ctx);
  // Only online tasks are configured; an import task is in a status this operation never accepts.
  if (!isOnline(ctx, task)) throw new ApiError(r.errorCode, 'task_id');
  requireTaskStatus(ctx, task);
  const b = ctx.body as { migration_method: string; resume_mode: string; bandwidth_limit_mb?: string; source_instance: EndpointBody; target_instance: EndpointBody };
  if (b.bandwidth_limit_mb !== undefined) {
    const bw = rule<{ minimum: number; maximum: number }>(ctx, 'migration.bandwidth');
    if (!/^\d+$/.test(b.bandwidth_limit_mb) || Number(b.bandwidth_limit_mb) < bw.minimum || Number(b.bandwidth_limit_mb) > bw.maximum) throw new ApiError(bw.errorCode, 'bandwidth_limit_mb');
  }
  const source = endpointOf(ctx, b.source_instance, 'source_instance');
  const target = endpointOf(ctx, b.target_instance, 'target_instance');
  if ((source.id && source.id === target.id) || (source.addrs && source.addrs === target.addrs)) throw new ApiError(rule(ctx, 'migration.distinct-endpoints').errorCode, 'target_instance');
  const to = r.online.to[b.migration_method];
  if (!to) invalid(ctx, 'migration_method');
  Object.assign(task, { migration_method: b.migration_method, resume_mode: b.resume_mode, source, target, ...(b.bandwidth_limit_mb !== undefined ? { bandwidth_limit_mb: b.bandwidth_limit_mb } : {}) });
  startCopy(ctx, task, r.online.via, to, r.online.failTo);
  return { body: { id: task.task_id, name: task.task_name, status: task.status, error: task.error } };
};

export const batchStopMigrationTasks: Handler = (ctx) => {
  const tasks = tasksNamed(ctx, (ctx.body as { migration_tasks?: string[] }).migration_tasks, 'migration_tasks');
  const { batchResults } = stateRule(ctx);
  // A task that cannot be stopped now is reported, not refused: the others are still stopped.
  const results = tasks.map((t) => {
    if (!allowed(ctx, t)) return { result: batchResults.refused, task_id: t.task_id };
    stopTask(ctx, t);
    return { result: batchResults.delivered, task_id: t.task_id };
  });
  return { body: { migration_tasks: results } };
};

export const stopMigrationTaskSync: Handler = (ctx) => {
  const task = taskOf(ctx);
  requireTaskStatus(ctx, task);
  stopTask(ctx, task, true);
  return { status: 204 };
};

export const migrationResource: Resource = {
  name: 'migration',
  handlers: {
    CreateMigrationTask: createMigrationTask,
    ListMigrationTask: listMigrationTasks,
    DeleteMigrationTask: deleteMigrationTasks,
    ShowMigrationTask: showMigrationTask,
    UpdateMigrationTask: updateMigrationTask,
    StopMigrationTask: stopMigrationTask,
    ShowMigrationTaskStats: showMigrationTaskStats,
    CreateOnlineMigrationTask: createOnlineMigrationTask,
    SetOnlineMigrationTask: setOnlineMigrationTask,
    BatchStopMigrationTasks: batchStopMigrationTasks,
    StopMigrationTaskSync: stopMigrationTaskSync,
  },
};
