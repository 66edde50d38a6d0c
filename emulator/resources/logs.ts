// Slow logs and Redis run logs (reference 4.9). Slow logs are synthetic but deterministic: entries
// accrue on the virtual clock while the instance has been running, so a window and a page always
// give the same answer for one seed. Run logs exist once collected (4.9.3): each collection writes
// one file per replica and day, which becomes downloadable (4.9.4) when the collection finishes.
import { ApiError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { instanceOf, invalid, iso, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

// ---- slow logs (4.9.1) ----

/** One slow command per period on average; the reference gives no rate, this keeps weeks cheap. */
const SLOWLOG_PERIOD_MS = 60_000;
const COMMANDS = ['KEYS *', 'HGETALL user:1001', 'SMEMBERS online:users', 'LRANGE queue:jobs 0 -1', 'ZRANGEBYSCORE rank 0 +inf', 'SLOWLOG GET 128', 'SCAN 0 MATCH session:* COUNT 1000'];

interface SlowEntry { id: number; at: number; command: string; duration: number; shard_name?: string; database_id: number; username: string; node_role: string; client_ip: string }

/** FNV-1a: a stable 32-bit hash, so entry k of an instance is the same on every call. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const subnetPrefix = (inst: Instance) => inst.ip.replace(/\.\d+$/, '');
const sharded = (inst: Instance) => inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy';

function slowEntry(inst: Instance, base: number, k: number): SlowEntry {
  const h = hash(`${inst.instance_id}:${k}`);
  return {
    id: k + 1,
    at: base + k * SLOWLOG_PERIOD_MS + (h % SLOWLOG_PERIOD_MS),
    command: COMMANDS[(h >>> 3) % COMMANDS.length]!,
    duration: 10 + ((h >>> 7) % 990),
    // "supported only when the instance type is cluster" (lines 16535-16541).
    ...(sharded(inst) ? { shard_name: `group-${(h >>> 11) % 3}` } : {}),
    database_id: sharded(inst) ? 0 : (h >>> 13) % 4,
    username: 'default',
    node_role: 'master',
    client_ip: `${subnetPrefix(inst)}.${100 + ((h >>> 17) % 50)}:${40000 + ((h >>> 5) % 20000)}`,
  };
}

/** The entries logged in [from, to], up to now: none before the instance first ran. */
function slowEntries(inst: Instance, from: number, to: number, now: number): SlowEntry[] {
  const base = inst.launched_at;
  if (base === undefined) return [];
  const last = Math.min(to, now);
  if (last < base || last < from) return [];
  const first = Math.max(0, Math.floor((Math.max(from, base) - base) / SLOWLOG_PERIOD_MS));
  const out: SlowEntry[] = [];
  for (let k = first; k <= Math.floor((last - base) / SLOWLOG_PERIOD_MS); k++) {
    const e = slowEntry(inst, base, k);
    if (e.at >= from && e.at <= last) out.push(e);
  }
  return out;
}

function epochMs(ctx: HandlerContext, field: 'start_time' | 'end_time'): number {
  const raw = String(ctx.query[field] ?? '');
  const value = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(value)) throw new ApiError(ctx.spec.rules.byId('slowlog.time-format').errorCode, field);
  return value;
}

export const listSlowlog: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { offset?: number; limit?: number; sort_key?: 'start_time' | 'duration'; sort_dir?: 'asc' | 'desc' };
  const from = epochMs(ctx, 'start_time');
  const to = epochMs(ctx, 'end_time');
  if (to < from) throw new ApiError(ctx.spec.rules.byId('slowlog.time-order').errorCode, 'end_time');
  const key = q.sort_key === 'duration' ? (e: SlowEntry) => e.duration : (e: SlowEntry) => e.at;
  const dir = q.sort_dir === 'asc' ? 1 : -1;
  const all = slowEntries(inst, from, to, ctx.now).sort((a, b) => dir * (key(a) - key(b)) || a.id - b.id);
  const offset = q.offset ?? 0;
  const page = all.slice(offset, offset + (q.limit ?? 10));
  return {
    body: {
      total_num: all.length,
      // total_num and count share one description (erratum); count is what this page holds.
      count: page.length,
      slowlogs: page.map(({ at, duration, ...e }) => ({ ...e, start_time: iso(at), duration: String(duration) })),
    },
  };
};

// ---- run logs (4.9.2-4.9.4) ----

/** Status of a file still being collected; the reference lists only "succeed" (example, line 16971). */
const COLLECTING = 'collecting';
const COLLECTED = 'succeed';
/** "The default validity period is 24 hours" (line 17288). */
const LINK_VALIDITY_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

interface RunLog { id: string; file_name: string; group_name: string; replication_ip: string; status: string; day: string; created_at: number }

const RUN_LOGS = stateKey<Map<string, RunLog>>('redislog');
const runLogs = (inst: Instance) => inst.ext.ensure(RUN_LOGS, () => new Map());

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The replica's address and shard, derived from its ID; a single node has only the instance's own. */
function replica(inst: Instance, replicationId: string | undefined, singleNode: boolean): { ip: string; group: string } {
  if (!replicationId || singleNode) return { ip: inst.ip, group: 'group-0' };
  const h = hash(replicationId);
  return { ip: `${subnetPrefix(inst)}.${10 + (h % 200)}`, group: sharded(inst) ? `group-${(h >>> 8) % 3}` : 'group-0' };
}

export const createRedislog: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const q = ctx.query as { query_time?: number; replication_id?: string };
  const rule = ctx.spec.rules.byId('redislog.replication-id') as unknown as { singleNodeCacheModes: string[]; errorCode: string };
  const replicationId = q.replication_id?.trim() || undefined;
  const singleNode = rule.singleNodeCacheModes.includes(inst.cache_mode);
  if (!replicationId && !singleNode) throw new ApiError(rule.errorCode, 'replication_id');
  const { ip, group } = replica(inst, replicationId, singleNode);
  // query_time 0 is today; n is the last n days, today included. No file predates the instance.
  const days = Math.max(1, q.query_time ?? 0);
  const logs = runLogs(inst);
  const collected: RunLog[] = [];
  for (let d = 0; d < days; d++) {
    const day = dayOf(ctx.now - d * DAY_MS);
    if (day < dayOf(inst.created_at)) break;
    const file_name = `redis_${ip}_${day}.log`;
    // Collecting a file again replaces the earlier copy, as a re-run overwrites it.
    for (const [id, old] of logs) if (old.file_name === file_name) logs.delete(id);
    const log: RunLog = { id: ctx.store.ids.uuid(), file_name, group_name: group, replication_ip: ip, status: COLLECTING, day, created_at: ctx.now };
    logs.set(log.id, log);
    collected.push(log);
  }
  ctx.store.after(ctx.config.durations.task, () => {
    for (const log of collected) if (log.status === COLLECTING) log.status = COLLECTED;
  });
  return { status: 204 };
};

export const listRedislog: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { offset?: number; limit?: number };
  if (q.limit !== undefined && q.limit < 1) invalid(ctx, 'limit');
  const all = [...runLogs(inst).values()].sort((a, b) => b.day.localeCompare(a.day) || a.file_name.localeCompare(b.file_name));
  // "Queried successfully and no log is found" is 204 without a body (line 16995).
  if (!all.length) return { status: 204 };
  const offset = q.offset ?? 0;
  // No default limit is documented: without one the rest of the list is returned.
  const page = q.limit === undefined ? all.slice(offset) : all.slice(offset, offset + q.limit);
  return { body: { total_num: all.length, file_list: page.map((l) => ({ id: l.id, file_name: l.file_name, group_name: l.group_name, replication_ip: l.replication_ip, status: l.status, time: l.day, backup_id: l.id })) } };
};

export const createRedislogDownloadLink: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const log = runLogs(inst).get(ctx.params.id!);
  // A file still being collected has nothing to download yet: it answers like an unknown one.
  if (!log || log.status !== COLLECTED) throw new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, 'id');
  const expires = Math.floor((ctx.now + LINK_VALIDITY_MS) / 1000);
  const signature = hash(`${log.id}:${expires}`).toString(16).padStart(8, '0');
  const link = `https://dcs-runlog.obs.emulator.local:443/${inst.instance_id}/${log.file_name}?AWSAccessKeyId=EMULATOR&Expires=${expires}&Signature=${signature}`;
  // backup_id equals the log id in both examples (lines 16969/16975, 17429/17430).
  return { body: { id: log.id, backup_id: log.id, link } };
};

export const logsResource: Resource = {
  name: 'logs',
  handlers: {
    ListSlowlog: listSlowlog,
    ListRedislog: listRedislog,
    CreateRedislog: createRedislog,
    CreateRedislogDownloadLink: createRedislogDownloadLink,
  },
};
