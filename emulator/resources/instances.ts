// Instances (reference 4.1 and 4.2): lifecycle, listing, status counts, restart/flush, resize,
// swap and passwords. Statuses move through the spec's state machine on the virtual clock.
import { batchNames, checkBackupPolicy, checkCapacity, checkEngine, checkMaintenanceWindow, checkMaxLength, checkName, checkPassword, checkRange, checkRenameCommands, checkTags, parseSpecCode } from '../../spec/rules/index.ts';
import { ApiError } from '../core/errors.ts';
import { ResourceState, stateKey } from '../core/resourceState.ts';
import { deepFreeze } from '../core/shape.ts';
import type { Instance, InstanceMap } from '../core/store.ts';
import { enforce, instanceOf, invalid, iso, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';
import { availableZones } from './catalog.ts';
import { nodesPerShard, shardCount, switchMasters } from './nodes.ts';
import { sslOf } from './sslState.ts';
import type { Spec } from '../../spec/index.ts';

const rulesOf = (ctx: HandlerContext) => ctx.spec.rules;

/** Moves an instance through a transition of the state machine: via-status now, `to` after `ms`. */
export function transition(ctx: HandlerContext, inst: Instance, section: string, ms: number, effect?: () => void, action?: string): void {
  const t = ctx.spec.rules.states.transitionFor(section, action);
  if (!t) return effect?.();
  if (t.via) inst.status = t.via;
  inst.version++;
  ctx.store.after(ms, () => {
    if (!ctx.project.instances.has(inst.instance_id)) return;
    effect?.();
    if (t.to) inst.status = t.to;
    inst.updated_at = ctx.store.clock.now();
  });
}

function validateCreate(ctx: HandlerContext, b: Record<string, any>): { cacheMode: string; count: number } {
  const r = rulesOf(ctx);
  const count = b.instance_num ?? r.instanceNum.default ?? 1;
  enforce(checkRange(r.instanceNum, count, 'instance_num'), 'instance_num');
  enforce(checkName(r.name.instance, b.name, { section: ctx.op.section, batch: count > 1 }), 'name');
  enforce(checkEngine(r.engine, b.engine, b.engine_version), 'engine_version');
  // spec_code first (it must name a flavor of this capacity), then the capacity table of its mode.
  const flavor = parseSpecCode(r.flavors, b.spec_code);
  if (!flavor || flavor.capacity !== b.capacity) throw new ApiError(r.flavors.errorCode, 'spec_code');
  enforce(checkCapacity(r.capacity.create, b.capacity, { cacheMode: flavor.cacheMode, engine: b.engine, version: b.engine_version }), 'capacity');
  const zones = new Set(availableZones(ctx).map((z) => z.code));
  if (!Array.isArray(b.az_codes) || !b.az_codes.length || b.az_codes.some((z: string) => !zones.has(z))) throw new ApiError(ctx.spec.rules.protocol('resource.az-not-found').errorCode, 'az_codes');
  if (b.description !== undefined) enforce(checkMaxLength(r.description, b.description, 'description'), 'description');
  if (b.port !== undefined) enforce(checkRange(r.port, b.port, 'port'), 'port');
  enforce(checkMaintenanceWindow(r.maintenanceWindow, b.maintain_begin, b.maintain_end), 'maintain_begin');
  if (b.tags !== undefined) enforce(checkTags(r.tags.instance, b.tags), 'tags');
  if (b.instance_backup_policy !== undefined) enforce(checkBackupPolicy(r.backupPolicy, b.instance_backup_policy), 'instance_backup_policy');
  enforce(checkRenameCommands(r.renameCommands, b.rename_commands), 'rename_commands');
  if (b.no_password_access !== true) {
    if (typeof b.password !== 'string' || b.password === '') throw new ApiError(r.byId('password.required').errorCode, 'password');
    enforce(checkPassword(r.password.instance, b.password), 'password');
  }
  return { cacheMode: flavor.cacheMode, count };
}

function checkQuota(ctx: HandlerContext, count: number, capacity: number): void {
  const live = [...ctx.project.instances.values()];
  if (live.length + count > ctx.project.quota.instances) throw new ApiError(ctx.spec.rules.protocol('quota.instances').errorCode);
  const used = live.reduce((s, i) => s + i.capacity, 0);
  if (used + count * capacity > ctx.project.quota.ram) throw new ApiError(ctx.spec.rules.protocol('quota.memory').errorCode);
}

export const createInstance: Handler = (ctx) => {
  const b = ctx.body as Record<string, any>;
  const { cacheMode, count } = validateCreate(ctx, b);
  checkQuota(ctx, count, b.capacity);
  const window = ctx.spec.rules.maintenanceWindow.default;
  const created = batchNames(ctx.spec.rules.name.instance, b.name, count).map((name) => {
    const id = ctx.store.ids.uuid();
    const inst: Instance = {
      instance_id: id,
      name,
      description: b.description ?? '',
      engine: b.engine,
      engine_version: b.engine_version,
      capacity: b.capacity,
      spec_code: b.spec_code,
      cache_mode: cacheMode,
      status: 'CREATING',
      port: b.port ?? ctx.spec.rules.port.default ?? 6379,
      az_codes: b.az_codes,
      vpc_id: b.vpc_id,
      subnet_id: b.subnet_id,
      security_group_id: b.security_group_id ?? '',
      enterprise_project_id: b.enterprise_project_id ?? '0',
      enterprise_project_name: b.enterprise_project_name ?? 'default',
      maintain_begin: b.maintain_begin ?? window.begin,
      maintain_end: b.maintain_end ?? window.end,
      no_password_access: b.no_password_access === true,
      ...(b.password !== undefined ? { password: b.password } : {}),
      access_user: b.access_user ?? '',
      ip: `192.168.${(ctx.project.instances.size >> 8) & 255}.${(ctx.project.instances.size & 255) + 1}`,
      domain_name: `redis-${id}.dcs.emulator.local`,
      created_at: ctx.now,
      updated_at: ctx.now,
      tags: b.tags ?? [],
      ...(b.instance_backup_policy ? { instance_backup_policy: b.instance_backup_policy } : {}),
      ...(b.rename_commands ? { rename_commands: b.rename_commands } : {}),
      ...(b.template_id ? { template_id: b.template_id } : {}),
      charging_mode: 0,
      version: 0,
      ext: new ResourceState(),
    };
    ctx.project.instances.set(id, inst);
    transition(ctx, inst, ctx.op.section, ctx.config.durations.create, () => {
      inst.launched_at = ctx.store.clock.now();
    });
    return { instance_id: id, instance_name: name };
  });
  return { body: { instances: created } };
};

/** The instance as the details and list operations show it (shaped to each schema by the server). */
export function render(inst: Instance, spec: Spec): Record<string, unknown> {
  const acl = spec.rules.byId('acl.engine-version') as unknown as { engineVersions: string[] };
  const whole = Math.floor(inst.capacity);
  // Object.assign, not an object spread with overrides: V8 took ~80 µs per instance on the spread
  // (bench/memory.ts: paged listing), ~8 µs this way.
  return Object.assign({}, inst, {
    ext: undefined,
    password: undefined,
    capacity: whole,
    capacity_minor: inst.capacity === whole ? '' : String(inst.capacity - whole).replace(/^0/, ''),
    max_memory: Math.round(inst.capacity * 1024),
    used_memory: 0,
    no_password_access: String(inst.no_password_access),
    created_at: iso(inst.created_at),
    updated_at: iso(inst.updated_at),
    update_at: iso(inst.updated_at),
    launched_at: inst.launched_at ? iso(inst.launched_at) : undefined,
    user_id: 'emulator',
    user_name: 'emulator',
    subnet_name: inst.subnet_id,
    vpc_name: inst.vpc_id,
    available_zones: inst.az_codes,
    enable_ssl: sslOf(inst)?.enabled ?? false,
    enable_publicip: false,
    service_upgrade: false,
    sub_status: 'normal',
    cpu_type: 'x86_64',
    product_type: 'generic',
    storage_type: 'DRAM',
    replica_count: nodesPerShard(spec, inst),
    sharding_count: shardCount(inst),
    db_number: inst.cache_mode === 'cluster' ? 1 : 256,
    support_slow_log_flag: 'true',
    features: { support_acl: acl.engineVersions.includes(inst.engine_version), support_transparent_client_ip: false, support_ssl: false, support_audit_log: false },
  });
}

// Rendered views are kept for the store's epoch (nothing changes between writes) and frozen, so the
// server also shapes each once (core/shape.ts): a paged listing renders nothing it rendered before.
const viewCache = new WeakMap<Instance, { epoch: number; view: Record<string, unknown> }>();
function view(ctx: HandlerContext, inst: Instance): Record<string, unknown> {
  const hit = viewCache.get(inst);
  if (hit?.epoch === ctx.store.epoch) return hit.view;
  // A copy is frozen: the render shares the instance's own arrays (tags, az_codes), which writes edit.
  const v = deepFreeze(structuredClone(render(inst, ctx.spec)));
  viewCache.set(inst, { epoch: ctx.store.epoch, view: v });
  return v;
}

export const showInstance: Handler = (ctx) => ({ body: view(ctx, instanceOf(ctx)) });

// The listing order (oldest first, then by id), sorted once per change of the set of instances, and
// the default filter's result once per epoch: sorting and scanning 10,000 instances on every page was
// most of a paged listing's time (bench/memory.ts).
const sortedCache = new WeakMap<InstanceMap, { generation: number; list: Instance[] }>();
function listingOrder(instances: InstanceMap): Instance[] {
  const hit = sortedCache.get(instances);
  if (hit?.generation === instances.generation) return hit.list;
  const list = [...instances.values()].sort((a, b) => a.created_at - b.created_at || (a.instance_id < b.instance_id ? -1 : a.instance_id > b.instance_id ? 1 : 0));
  sortedCache.set(instances, { generation: instances.generation, list });
  return list;
}
const filteredCache = new WeakMap<InstanceMap, { generation: number; epoch: number; key: string; list: Instance[] }>();

export const listInstances: Handler = (ctx) => {
  const q = ctx.query as Record<string, any>;
  const tests: ((i: Instance) => boolean)[] = [];
  if (q.include_failure !== 'true') {
    const failed = ctx.spec.rules.states.data.listFilters.include_failure.statuses;
    tests.push((i) => !failed.includes(i.status));
  }
  if (q.instance_id) tests.push((i) => i.instance_id === q.instance_id);
  if (q.name) tests.push((i) => (q.name_equal === 'true' ? i.name === q.name : i.name.includes(q.name)));
  if (q.status) tests.push((i) => i.status === q.status);
  if (q.ip) tests.push((i) => i.ip === q.ip);
  if (q.capacity) tests.push((i) => String(i.capacity) === q.capacity);
  if (q.tags) {
    const wanted = String(q.tags).split(',').map((t) => t.split('='));
    tests.push((i) => wanted.every(([k, v]) => i.tags.some((t) => t.key === k && (v === undefined || t.value === v))));
  }
  const offset: number = q.offset ?? 0;
  const limit: number = q.limit ?? 10;
  // Every parameter but the page's own selects: together they key the cached result.
  const filters = JSON.stringify(Object.entries(q).filter(([k]) => k !== 'offset' && k !== 'limit'));
  const pages = pagesOf(ctx);
  const pageKey = `${offset} ${limit} ${filters}`;
  const hit = pages.get(pageKey);
  if (hit) return { body: hit };
  const list = matching(ctx, filters, (i) => tests.every((t) => t(i)));
  // Frozen, so the server shapes and serializes the page once per epoch (core/shape.ts, http/server.ts).
  const body = deepFreeze({ instance_num: list.length, instances: list.slice(offset, offset + limit).map((i) => view(ctx, i)) });
  // Bounded: queries are client-chosen; a page is recomputed cheaply from the cached views.
  if (pages.size >= 256) pages.clear();
  pages.set(pageKey, body);
  return { body };
};

// Pages answered in this epoch (a read changes nothing, so the same query gets the same page until a
// write or a deadline moves the epoch).
const pageCache = new WeakMap<InstanceMap, { generation: number; epoch: number; pages: Map<string, Readonly<Record<string, unknown>>> }>();
function pagesOf(ctx: HandlerContext): Map<string, Readonly<Record<string, unknown>>> {
  const instances = ctx.project.instances;
  const hit = pageCache.get(instances);
  if (hit && hit.generation === instances.generation && hit.epoch === ctx.store.epoch) return hit.pages;
  const pages = new Map<string, Readonly<Record<string, unknown>>>();
  pageCache.set(instances, { generation: instances.generation, epoch: ctx.store.epoch, pages });
  return pages;
}

function matching(ctx: HandlerContext, key: string, test: (i: Instance) => boolean): Instance[] {
  const instances = ctx.project.instances;
  const hit = filteredCache.get(instances);
  if (hit && hit.generation === instances.generation && hit.epoch === ctx.store.epoch && hit.key === key) return hit.list;
  const list = listingOrder(instances).filter(test);
  filteredCache.set(instances, { generation: instances.generation, epoch: ctx.store.epoch, key, list });
  return list;
}

function remove(ctx: HandlerContext, inst: Instance): void {
  requireStatus(ctx, inst);
  transition(ctx, inst, ctx.op.section, ctx.config.durations.delete, () => {
    ctx.project.instances.delete(inst.instance_id);
    ctx.project.deleted.add(inst.instance_id);
  });
}

export const deleteInstance: Handler = (ctx) => {
  remove(ctx, instanceOf(ctx));
  return { status: 204 };
};

export const batchDeleteInstances: Handler = (ctx) => {
  const failed = new Set(ctx.spec.rules.states.data.listFilters.include_failure.statuses);
  const ids: string[] = ctx.query.all_failure === true ? [...ctx.project.instances.values()].filter((i) => failed.has(i.status)).map((i) => i.instance_id) : ((ctx.body as { instances?: string[] } | undefined)?.instances ?? []);
  if (ctx.query.all_failure !== true && !ids.length) invalid(ctx, 'instances');
  const results = ids.map((id) => {
    const inst = ctx.project.instances.get(id);
    if (!inst) return { result: 'failed', instance: id };
    try {
      remove(ctx, inst);
      return { result: 'success', instance: id };
    } catch {
      return { result: 'failed', instance: id };
    }
  });
  return { body: { results } };
};

export const updateInstance: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as Record<string, any>;
  const r = rulesOf(ctx);
  if (b.name !== undefined) enforce(checkName(r.name.instance, b.name, { section: ctx.op.section }), 'name');
  if (b.description !== undefined) enforce(checkMaxLength(r.description, b.description, 'description'), 'description');
  if (b.port !== undefined) enforce(checkRange(r.port, b.port, 'port'), 'port');
  enforce(checkMaintenanceWindow(r.maintenanceWindow, b.maintain_begin, b.maintain_end), 'maintain_begin');
  if (b.instance_backup_policy !== undefined) enforce(checkBackupPolicy(r.backupPolicy, b.instance_backup_policy), 'instance_backup_policy');
  enforce(checkRenameCommands(r.renameCommands, b.rename_commands), 'rename_commands');
  if (b.name !== undefined && b.name !== inst.name && [...ctx.project.instances.values()].some((i) => i.name === b.name)) throw new ApiError(ctx.spec.rules.byId('name.unique').errorCode, 'name');
  for (const k of ['name', 'description', 'port', 'maintain_begin', 'maintain_end', 'security_group_id', 'instance_backup_policy', 'rename_commands'] as const) if (b[k] !== undefined) (inst as unknown as Record<string, unknown>)[k] = b[k];
  inst.updated_at = ctx.now;
  inst.version++;
  return { status: 204 };
};

export const resizeInstance: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as Record<string, any>;
  const r = rulesOf(ctx);
  const flavor = parseSpecCode(r.flavors, b.spec_code);
  const cacheMode = flavor?.cacheMode ?? inst.cache_mode;
  if (!flavor || flavor.capacity !== b.new_capacity || (flavor.cacheMode !== inst.cache_mode && b.change_type !== 'instanceType')) throw new ApiError(r.flavors.errorCode, 'spec_code');
  enforce(checkCapacity(r.capacity.resize, b.new_capacity, { cacheMode, engine: inst.engine, version: inst.engine_version }), 'new_capacity');
  const used = [...ctx.project.instances.values()].reduce((s, i) => s + i.capacity, 0);
  if (used - inst.capacity + b.new_capacity > ctx.project.quota.ram) throw new ApiError(ctx.spec.rules.protocol('quota.memory').errorCode);
  transition(ctx, inst, ctx.op.section, ctx.config.durations.resize, () => {
    inst.capacity = b.new_capacity;
    inst.spec_code = b.spec_code;
    inst.cache_mode = cacheMode;
  });
  return { status: 204 };
};

export const changeMasterStandby: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const cap = ctx.spec.rules.states.data.capabilities.find((c) => c.sections.includes(ctx.op.section));
  if (cap?.cacheModes && !cap.cacheModes.includes(inst.cache_mode)) throw new ApiError(cap.errorCode);
  transition(ctx, inst, ctx.op.section, ctx.config.durations.swap, () => switchMasters(ctx.spec, inst));
  return { status: 204 };
};

export const restartOrFlushInstances: Handler = (ctx) => {
  const b = ctx.body as { instances?: string[]; action?: string };
  if (!b.instances?.length) invalid(ctx, 'instances');
  if (!b.action) invalid(ctx, 'action');
  const flushCap = ctx.spec.rules.states.data.capabilities.find((c) => c.id === 'flush.engine');
  const duration = b.action === 'flush' ? ctx.config.durations.flush : ctx.config.durations.restart;
  const results = b.instances.map((id) => {
    const inst = ctx.project.instances.get(id);
    if (!inst) return { result: 'failed', instance: id };
    if (ctx.spec.rules.states.refusal(ctx.op.section, inst.status, b.action)) return { result: 'failed', instance: id };
    if (b.action === 'flush' && flushCap?.engineVersions && !flushCap.engineVersions.includes(inst.engine_version)) return { result: 'failed', instance: id };
    transition(ctx, inst, ctx.op.section, duration, undefined, b.action);
    return { result: 'success', instance: id };
  });
  // One instance named and refused: the caller learns why, as real clients expect to retry on it.
  if (b.instances.length === 1 && results[0]!.result === 'failed') {
    const inst = instanceOf(ctx, b.instances[0]);
    requireStatus(ctx, inst, b.action);
    if (b.action === 'flush' && flushCap) throw new ApiError(flushCap.errorCode, 'action');
  }
  return { body: { results } };
};

export const countByStatus: Handler = (ctx) => {
  // The documented *_count fields name the statuses counted.
  const fields = Object.keys((ctx.op.responses.get(200)?.schema?.properties ?? {}) as object).filter((k) => k.endsWith('_count'));
  const counts = (list: Instance[]) => Object.fromEntries(fields.map((f) => [f, list.filter((i) => i.status.toLowerCase() === f.slice(0, -'_count'.length)).length]));
  const failed = new Set(ctx.spec.rules.states.data.listFilters.include_failure.statuses);
  let all = [...ctx.project.instances.values()];
  if (ctx.query.include_failure !== 'true') all = all.filter((i) => !failed.has(i.status));
  return { body: { ...counts(all), redis: counts(all.filter((i) => i.engine === 'Redis')), memcached: counts(all.filter((i) => i.engine === 'Memcached')) } };
};

export const statistics: Handler = (ctx) => ({
  body: {
    statistics: [...ctx.project.instances.values()]
      .filter((i) => i.status === 'RUNNING')
      .map((i) => ({ instance_id: i.instance_id, input_kbps: '0', output_kbps: '0', keys: 0, used_memory: 0, max_memory: Math.round(i.capacity * 1024), cmd_get_count: 0, cmd_set_count: 0, used_cpu: '0' })),
  },
});

interface Lockout { failures: number; lockedUntil: number }

const LOCKOUT = stateKey<Lockout>('lockout');

function lockout(inst: Instance): Lockout {
  return inst.ext.ensure(LOCKOUT, () => ({ failures: 0, lockedUntil: 0 }));
}

export const updatePassword: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const rule = ctx.spec.rules.states.data.passwordLockout;
  const b = ctx.body as { old_password: string; new_password: string };
  const lock = lockout(inst);
  const minutesLeft = () => Math.ceil(Math.max(0, lock.lockedUntil - ctx.now) / 60_000);
  const reply = (result: string, message: string) => ({ body: { lock_time: String(lock.lockedUntil > ctx.now ? rule.lockMinutes : 0), result, lock_time_left: String(minutesLeft()), retry_times_left: String(rule.maxFailures - lock.failures), message } });
  if (lock.lockedUntil > ctx.now) return reply('locked', 'The password is locked.');
  if (lock.lockedUntil && lock.lockedUntil <= ctx.now) Object.assign(lock, { failures: 0, lockedUntil: 0 });
  if (b.old_password !== inst.password) {
    lock.failures++;
    if (lock.failures >= rule.maxFailures) {
      lock.lockedUntil = ctx.now + rule.lockMinutes * 60_000;
      return reply('locked', 'The password is locked.');
    }
    return reply('passwordFailed', 'The old password is incorrect.');
  }
  enforce(checkPassword(ctx.spec.rules.password.instance, b.new_password), 'new_password');
  if (b.new_password === b.old_password) throw new ApiError(ctx.spec.rules.password.newDiffers.errorCode, 'new_password');
  inst.password = b.new_password;
  inst.no_password_access = false;
  lock.failures = 0;
  inst.version++;
  return reply('success', 'Modify DCSInstance password success.');
};

export const resetPassword: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as { new_password?: string; no_password_access?: boolean };
  const lock = lockout(inst);
  if (lock.lockedUntil > ctx.now) throw new ApiError(ctx.spec.rules.states.data.passwordLockout.resetWhileLocked.errorCode);
  if (b.no_password_access === true) {
    delete inst.password;
    inst.no_password_access = true;
  } else {
    if (typeof b.new_password !== 'string') throw new ApiError(ctx.spec.rules.byId('password.required').errorCode, 'new_password');
    enforce(checkPassword(ctx.spec.rules.password.instance, b.new_password), 'new_password');
    inst.password = b.new_password;
    inst.no_password_access = false;
  }
  Object.assign(lock, { failures: 0, lockedUntil: 0 });
  inst.version++;
  return { body: { retry_times_left: String(ctx.spec.rules.states.data.passwordLockout.maxFailures), lock_time: '0', lock_time_left: '0', code: '0', message: 'Reset DCSInstance password success.', ext_message: null } };
};

export const instancesResource: Resource = {
  name: 'instances',
  handlers: {
    CreateInstance: createInstance,
    ListInstances: listInstances,
    BatchDeleteInstances: batchDeleteInstances,
    ShowInstance: showInstance,
    DeleteSingleInstance: deleteInstance,
    UpdateInstance: updateInstance,
    ResizeInstance: resizeInstance,
    ChangeMasterStandby: changeMasterStandby,
    UpdatePassword: updatePassword,
    ResetPassword: resetPassword,
    ListNumberOfInstancesInDifferentStatus: countByStatus,
    RestartOrFlushInstances: restartOrFlushInstances,
    ListStatisticsOfRunningInstances: statistics,
  },
};
