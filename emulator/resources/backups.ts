// Backup and restore (reference 4.5): manual backups whose records go through the state machine's
// record lifecycle (waiting -> backuping -> succeed) on the virtual clock, restores that move the
// instance RUNNING -> RESTORING -> RUNNING, download links that expire, and the two record lists
// (204 when nothing matches, as documented).
import { createHash, createHmac } from 'node:crypto';
import type { Transition } from '../../spec/rules/instanceStates.ts';
import { ApiError, EmulatorSpecMismatchError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { instanceOf, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';
import { transition } from './instances.ts';
import { shardCount } from './nodes.ts';

/**
 * Values the reference names outside the state machine's lifecycles; backups.test.ts pins each to
 * the response enum it belongs to (4.5.3 / 4.5.6), so a spec change cannot leave them behind.
 */
export const BACKUP_VALUES = { deleted: 'deleted', manual: 'manual', restorable: 'TRUE', notRestorable: 'FALSE', defaultFormat: 'rdb' } as const;
export const RESTORE_FLOW = ['waiting', 'restoring', 'succeed'] as const;

export interface BackupRecord {
  backup_id: string;
  instance_id: string;
  backup_name: string;
  backup_type: string;
  backup_format: string;
  remark: string;
  status: string;
  size: number;
  created_at: number;
  updated_at: number;
}

export interface RestoreRecord {
  restore_id: string;
  backup_id: string;
  restore_name: string;
  restore_remark: string;
  status: string;
  created_at: number;
  updated_at: number;
}

export interface BackupState {
  backups: Map<string, BackupRecord>;
  restores: Map<string, RestoreRecord>;
}

export const BACKUP_STATE = stateKey<BackupState>('backups');

function stateOf(inst: Instance): BackupState {
  return inst.ext.ensure(BACKUP_STATE, () => ({ backups: new Map(), restores: new Map() }));
}

/** Reads never create state. */
const peek = (inst: Instance) => inst.ext.get(BACKUP_STATE);

/** waiting -> backuping -> succeed, as the state machine's 'backup' transition records it. */
export function backupFlow(ctx: HandlerContext): string[] {
  const t = ctx.spec.rules.states.data.transitions.find((x) => x.section === ctx.spec.operation('CopyInstance').section) as (Transition & { record?: string[] }) | undefined;
  if (!t?.record?.length) throw new EmulatorSpecMismatchError('instanceStates.json: the backup transition has no record lifecycle');
  return t.record;
}

const rule = (ctx: HandlerContext, id: string) => ctx.spec.rules.byId(id);
const notFound = (ctx: HandlerContext, field: string) => new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, field);
const busy = (ctx: HandlerContext) => new ApiError(rule(ctx, 'backup.in-progress').errorCode);

/** A backup not yet finished (neither the last lifecycle status nor any other outcome). */
const unfinished = (flow: string[], b: BackupRecord) => flow.slice(0, -1).includes(b.status);
const backupRunning = (flow: string[], st: BackupState | undefined) => [...(st?.backups.values() ?? [])].some((b) => unfinished(flow, b));

/** Only the cache modes of the 'backup-restore.cache-mode' capability back up and restore. */
function requireCapable(ctx: HandlerContext, inst: Instance): void {
  const cap = ctx.spec.rules.states.data.capabilities.find((c) => c.sections.includes(ctx.op.section));
  if (cap?.cacheModes && !cap.cacheModes.includes(inst.cache_mode)) throw new ApiError(cap.errorCode);
}

/** yyyyMMddHHmmss (UTC), the query and name format of 4.5.3/4.5.6. */
export const compactToMs = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14));
export const msToCompact = (ms: number) => new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
const isoMs = (ms: number) => new Date(ms).toISOString();

/** Percentage string ("100.00") of an item that runs from `start` for `ms`. */
const percent = (now: number, start: number, ms: number) => (Math.min(99.99, ms > 0 ? ((now - start) / ms) * 100 : 0)).toFixed(2);

/**
 * A pre-signed OBS download URL (S3 v2 query signing, as the reference's examples show), valid until
 * `expiresAt` (virtual epoch ms). Keys are derived from the bucket, so a seed replays the same links.
 */
export function presignedLink(bucket: string, key: string, expiresAt: number): string {
  const expires = Math.floor(expiresAt / 1000);
  const ak = createHash('sha256').update(`ak:${bucket}`).digest('hex').slice(0, 20).toUpperCase();
  const signature = createHmac('sha1', `sk:${bucket}`).update(`GET\n\n\n${expires}\n/${bucket}/${key}`).digest('base64');
  return `https://${bucket}.obs.emulator.local:443/${key}?AWSAccessKeyId=${ak}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
}

/** A listing window: records created in [begin_time, end_time], newest first, then offset/limit. */
function page<T extends { created_at: number }>(ctx: HandlerContext, items: T[], id: (x: T) => string): { total: number; items: T[] } {
  const q = ctx.query as { begin_time?: string; end_time?: string; offset?: number; limit?: number };
  const from = q.begin_time ? compactToMs(q.begin_time) : -Infinity;
  // end_time has second precision: the whole second it names is inside the window.
  const to = q.end_time ? compactToMs(q.end_time) + 999 : Infinity;
  const matched = items.filter((x) => x.created_at >= from && x.created_at <= to).sort((a, b) => b.created_at - a.created_at || id(a).localeCompare(id(b)));
  const offset = q.offset ?? 0;
  // No default limit is documented: without one the rest of the list is returned.
  return { total: matched.length, items: q.limit === undefined ? matched.slice(offset) : matched.slice(offset, offset + Math.max(0, q.limit)) };
}

export const copyInstance: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  requireCapable(ctx, inst);
  const flow = backupFlow(ctx);
  const st = stateOf(inst);
  if (backupRunning(flow, st)) throw busy(ctx);
  const b = (ctx.body ?? {}) as { remark?: string; backup_format?: string };
  const rec: BackupRecord = {
    backup_id: ctx.store.ids.uuid(),
    instance_id: inst.instance_id,
    backup_name: `backup_${msToCompact(ctx.now)}`,
    backup_type: BACKUP_VALUES.manual,
    // No default format is stated; RDB is what a snapshot backup of Redis produces.
    backup_format: b.backup_format ?? BACKUP_VALUES.defaultFormat,
    remark: b.remark ?? '',
    status: flow[0]!,
    size: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  st.backups.set(rec.backup_id, rec);
  inst.version++;
  const ms = ctx.config.durations.backup;
  // Each step moves on only from the step before it, so a deleted record stays deleted.
  flow.slice(1).forEach((status, i, rest) => {
    ctx.store.after(Math.floor((ms * (i + 1)) / rest.length), () => {
      if (rec.status !== flow[i]) return;
      rec.status = status;
      rec.updated_at = ctx.store.clock.now();
      // The emulator holds no data: the file is the size of an empty RDB/AOF per shard.
      if (status === flow.at(-1)) rec.size = 176 * shardCount(inst);
    });
  });
  return { body: { backup_id: rec.backup_id } };
};

export const listBackupRecords: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const flow = backupFlow(ctx);
  const ms = ctx.config.durations.backup;
  const { total, items } = page(ctx, [...(peek(inst)?.backups.values() ?? [])], (b) => b.backup_id);
  if (!total) return { status: 204 };
  const succeeded = flow.at(-1);
  return {
    body: {
      total_num: total,
      backup_record_response: items.map((b) => ({
        backup_id: b.backup_id,
        backup_name: b.backup_name,
        instance_id: b.instance_id,
        size: b.size,
        backup_type: b.backup_type,
        created_at: isoMs(b.created_at),
        updated_at: isoMs(b.updated_at),
        execution_at: isoMs(b.created_at),
        progress: b.status === flow[0] ? '0.00' : unfinished(flow, b) ? percent(ctx.now, b.created_at, ms) : '100.00',
        remark: b.remark,
        status: b.status,
        is_support_restore: b.status === succeeded ? BACKUP_VALUES.restorable : BACKUP_VALUES.notRestorable,
        backup_format: b.backup_format,
      })),
    },
  };
};

export const deleteBackupFile: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const st = peek(inst);
  const backup = st?.backups.get(ctx.params.backup_id!);
  if (!st || !backup || backup.status === BACKUP_VALUES.deleted) throw notFound(ctx, 'backup_id');
  if (unfinished(backupFlow(ctx), backup)) throw busy(ctx);
  // The file a running restore reads from stays: refused as the restore itself would be now.
  const restoring = [...st.restores.values()].some((r) => r.backup_id === backup.backup_id && r.status !== RESTORE_FLOW.at(-1));
  const refusal = restoring ? ctx.spec.rules.states.refusal(ctx.spec.operation('RestoreInstance').section, inst.status) : undefined;
  if (refusal) throw new ApiError(refusal);
  // The record stays listed with status "deleted" ("The backup file has been deleted manually", 4.5.6).
  backup.status = BACKUP_VALUES.deleted;
  backup.updated_at = ctx.now;
  inst.version++;
  return { status: 204 };
};

export const listBackupFileLinks: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const flow = backupFlow(ctx);
  const backup = peek(inst)?.backups.get(ctx.params.backup_id!);
  if (backup && unfinished(flow, backup)) throw busy(ctx);
  // Only a succeeded backup has a file; failed or deleted ones have none to link to.
  if (!backup || backup.status !== flow.at(-1)) throw notFound(ctx, 'backup_id');
  const expiration = (ctx.body as { expiration: number }).expiration;
  const bucket = `bucket${inst.instance_id.replace(/-/g, '')}`;
  const filePath = `${inst.instance_id}/${backup.backup_id}/`;
  const shards = shardCount(inst);
  const stamp = msToCompact(backup.updated_at);
  const slots = 16384;
  const links = Array.from({ length: shards }, (_, i) => {
    const range = shards > 1 ? `_${Math.floor((slots * i) / shards)}-${Math.floor((slots * (i + 1)) / shards) - 1}` : '';
    const fileName = `redis_${inst.ip}_${inst.port}${range}_${stamp}.${backup.backup_format}`;
    return { file_name: fileName, link: presignedLink(bucket, filePath + fileName, ctx.now + expiration * 1000) };
  });
  return { body: { file_path: filePath, bucket_name: bucket, links } };
};

export const restoreInstance: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  requireCapable(ctx, inst);
  const flow = backupFlow(ctx);
  const st = stateOf(inst);
  const b = ctx.body as { backup_id: string; remark?: string };
  const backup = st.backups.get(b.backup_id);
  if (!backup) throw notFound(ctx, 'backup_id');
  if (backup.status !== flow.at(-1)) throw new ApiError(rule(ctx, 'backup.restore-requires-succeed').errorCode, 'backup_id');
  if (backupRunning(flow, st)) throw busy(ctx);
  const rec: RestoreRecord = {
    restore_id: ctx.store.ids.uuid(),
    backup_id: backup.backup_id,
    restore_name: `restore_${msToCompact(ctx.now)}`,
    restore_remark: b.remark ?? '',
    status: RESTORE_FLOW[0],
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  st.restores.set(rec.restore_id, rec);
  const ms = ctx.config.durations.restore;
  ctx.store.after(Math.floor(ms / 2), () => {
    if (rec.status !== RESTORE_FLOW[0]) return;
    rec.status = RESTORE_FLOW[1];
    rec.updated_at = ctx.store.clock.now();
  });
  transition(ctx, inst, ctx.op.section, ms, () => {
    rec.status = RESTORE_FLOW[2];
    rec.updated_at = ctx.store.clock.now();
  });
  return { body: { restore_id: rec.restore_id } };
};

export const listRestoreRecords: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const st = peek(inst);
  const ms = ctx.config.durations.restore;
  const { total, items } = page(ctx, [...(st?.restores.values() ?? [])], (r) => r.restore_id);
  if (!total) return { status: 204 };
  return {
    body: {
      total_num: total,
      restore_record_response: items.map((r) => {
        const backup = st!.backups.get(r.backup_id);
        return {
          restore_id: r.restore_id,
          restore_name: r.restore_name,
          restore_remark: r.restore_remark,
          backup_id: r.backup_id,
          backup_name: backup?.backup_name ?? '',
          backup_remark: backup?.remark ?? '',
          status: r.status,
          progress: r.status === RESTORE_FLOW[0] ? '0.00' : r.status === RESTORE_FLOW[1] ? percent(ctx.now, r.created_at, ms) : '100.00',
          created_at: isoMs(r.created_at),
          updated_at: isoMs(r.updated_at),
        };
      }),
    },
  };
};

export const backupsResource: Resource = {
  name: 'backups',
  handlers: {
    DeleteBackupFile: deleteBackupFile,
    RestoreInstance: restoreInstance,
    ListRestoreRecords: listRestoreRecords,
    ListBackupFileLinks: listBackupFileLinks,
    CopyInstance: copyInstance,
    ListBackupRecords: listBackupRecords,
  },
};
