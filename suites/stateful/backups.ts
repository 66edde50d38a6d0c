// Model: manual backups and restores of an instance (reference 4.5). A backup (CopyInstance) is listed
// at once and goes through the record lifecycle of the state machine's backup transition until it
// succeeds; only a succeeded backup restores (rule backup.restore-requires-succeed), moving the
// instance RUNNING -> RESTORING -> RUNNING with a restore record; a succeeded backup has download
// links; a deleted backup is no longer usable: not listed as usable, no links.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Transition } from '../../spec/rules/instanceStates.ts';
import type { Inst } from '../../harness/index.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import type { SuiteContext } from '../engine/types.ts';
import { pick, statusesOf, Step, type ModelDef, type Real } from './model.ts';
import { SuiteSpecMismatchError } from '../engine/errors.ts';

const [REQUIRES_RUNNING] = STATE_RULES;
const PICK = 9;

interface Backup {
  id: string;
  remark: string;
  state: 'pending' | 'succeeded' | 'deleted';
}

interface Restore {
  id: string;
  backupId: string;
  pending: boolean;
}

interface Model {
  inst: Inst;
  backups: Backup[];
  restores: Restore[];
}

interface Lifecycle {
  /** Record statuses of a backup, last = succeeded. */
  flow: string[];
  failed: string;
  restore: Transition;
}

function lifecycle(spec: Spec): Lifecycle {
  const backup = spec.rules.states.transitionFor(spec.operation('CopyInstance').section) as (Transition & { record?: string[]; recordFail?: string }) | undefined;
  const restore = spec.rules.states.transitionFor(spec.operation('RestoreInstance').section);
  if (!backup?.record?.length || !backup.recordFail || !restore) throw new SuiteSpecMismatchError('instanceStates.json: the backup transition has no record lifecycle, or there is no restore transition');
  return { flow: backup.record, failed: backup.recordFail, restore };
}

const succeededStatus = (spec: Spec) => lifecycle(spec).flow.at(-1)!;
const restoring = (m: Model) => m.restores.some((x) => x.pending);
const pendingBackup = (m: Model) => m.backups.some((b) => b.state === 'pending');
const usable = (m: Model) => m.backups.filter((b) => b.state === 'succeeded');
/** Succeeded backups no pending restore reads from. */
const deletable = (m: Model) => usable(m).filter((b) => !m.restores.some((x) => x.pending && x.backupId === b.id));

/** Elsewhere than on the emulator: whether the sequence's backups and restores have finished. */
async function finished(m: Model, r: Real): Promise<boolean> {
  const { flow, failed } = lifecycle(r.spec);
  const params = { instance_id: m.inst.id };
  const backups = await r.readAll<Listed>('ListBackupRecords', { params }, (b) => b.backup_record_response, (b) => b.total_num, 'backup records');
  const pending = new Set(m.backups.filter((b) => b.state === 'pending').map((b) => b.id));
  if (backups.items.some((x) => pending.has(x.backup_id) && flow.slice(0, -1).includes(x.status))) return false;
  if (!restoring(m)) return true;
  const restores = await r.readAll<{ restore_id: string; status: string }>('ListRestoreRecords', { params }, (b) => b.restore_record_response, (b) => b.total_num, 'restore records');
  const running = new Set(m.restores.filter((x) => x.pending).map((x) => x.id));
  return !restores.items.some((x) => running.has(x.restore_id) && ![flow.at(-1), failed].includes(x.status));
}

async function finishAll(m: Model, r: Real): Promise<void> {
  await r.settle(() => finished(m, r));
  settleModel(m);
}

/** Commands on a succeeded backup apply while one is only in progress: they settle first (a recorded step). */
async function ready(m: Model, r: Real, list: (m: Model) => Backup[]): Promise<Backup[]> {
  if (!list(m).length && pendingBackup(m)) await finishAll(m, r);
  return list(m);
}

function settleModel(m: Model): void {
  for (const b of m.backups) if (b.state === 'pending') b.state = 'succeeded';
  for (const x of m.restores) x.pending = false;
}

interface Listed {
  backup_id: string;
  status: string;
  remark?: string;
}

async function verify(m: Model, r: Real): Promise<void> {
  const { spec } = r;
  const { flow, restore } = lifecycle(spec);
  const ok = succeededStatus(spec);
  const params = { instance_id: m.inst.id };
  const { items, last } = await r.readAll<Listed>('ListBackupRecords', { params }, (b) => b.backup_record_response, (b) => b.total_num, 'backup records');
  for (const b of m.backups) {
    const rec = items.find((x) => x.backup_id === b.id);
    if (b.state === 'deleted') {
      // Gone from the list, or listed in a status outside the lifecycle (no longer usable).
      if (rec && flow.includes(rec.status)) r.fail(last, `deleted backup ${b.id} is listed ${rec.status}`);
      continue;
    }
    if (!rec) r.fail(last, `backup ${b.id} is not listed`);
    const allowed = b.state === 'succeeded' ? [ok] : r.virtual ? flow.slice(0, -1) : flow;
    if (!allowed.includes(rec.status)) r.fail(last, `backup ${b.id} is ${rec.status}, the model expects ${allowed.join(' or ')}`, 'backup.restore-requires-succeed');
    if ((rec.remark ?? '') !== b.remark) r.fail(last, `backup ${b.id} has remark ${JSON.stringify(rec.remark)}, it was made with ${JSON.stringify(b.remark)}`);
  }
  if (m.restores.length) {
    const restores = await r.readAll<{ restore_id: string; backup_id: string; status: string }>('ListRestoreRecords', { params }, (b) => b.restore_record_response, (b) => b.total_num, 'restore records');
    for (const x of m.restores) {
      const rec = restores.items.find((y) => y.restore_id === x.id);
      if (!rec) r.fail(restores.last, `restore ${x.id} is not listed`);
      if (rec.backup_id !== x.backupId) r.fail(restores.last, `restore ${x.id} names backup ${rec.backup_id}, it restored ${x.backupId}`);
      const done = rec.status === ok;
      if (x.pending ? r.virtual && done : !done) r.fail(restores.last, `restore ${x.id} is ${rec.status}, the model expects it ${x.pending ? 'in progress' : ok}`);
    }
  }
  const s = await r.read('ShowInstance', { params }, `details of ${m.inst.id}`);
  const status = (s.json as { status?: string }).status ?? '';
  const serving = spec.rules.states.data.statuses.serving.values;
  const allowed = restoring(m) ? (r.virtual ? [restore.via!] : [restore.via!, ...serving]) : serving;
  if (!allowed.includes(status)) r.fail(s, `instance ${m.inst.id} is ${status}, the model expects ${allowed.join(' or ')}`, REQUIRES_RUNNING);
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const params = (m: Model) => ({ instance_id: m.inst.id });
  const expiration = ((spec.operation('ListBackupFileLinks').requestBody?.schema?.properties as Record<string, { minimum?: number }> | undefined)?.expiration?.minimum) ?? 0;
  const notFound = spec.rules.protocol('resource.not-found');

  const backup = fc.stringMatching(/^[A-Za-z0-9 _-]{0,24}$/).map((remark) =>
    step('backup', (m) => !restoring(m) && !pendingBackup(m), async (m, r) => {
      const res = await r.must('CopyInstance', { params: params(m), json: { remark } }, 'backing up');
      m.backups.push({ id: (res.json as { backup_id: string }).backup_id, remark, state: 'pending' });
    }),
  );

  // A second backup while one runs is refused (rule backup.in-progress); only a backup seen running is used.
  const backupBusy = fc.constant(
    step('backup while one runs', (m) => !restoring(m) && pendingBackup(m), async (m, r) => {
      if (!r.virtual) return;
      const rule = spec.rules.byId('backup.in-progress');
      await r.refused('CopyInstance', { params: params(m), json: {} }, rule.errorCode, rule.id, 'a backup while another runs', spec.rules.states.busyCodes);
    }),
  );

  const settle = fc.constant(
    step('settle', () => true, (m, r) => finishAll(m, r)),
  );

  const restore = fc.nat({ max: PICK }).map((k) =>
    step(`restore(#${k})`, (m) => (usable(m).length > 0 && !restoring(m) && !pendingBackup(m)) || (!usable(m).length && pendingBackup(m)), async (m, r) => {
      const b = pick(await ready(m, r, usable), k)!;
      const res = await r.must('RestoreInstance', { params: params(m), json: { backup_id: b.id, remark: 'stateful' } }, `restoring backup ${b.id}`);
      m.restores.push({ id: (res.json as { restore_id: string }).restore_id, backupId: b.id, pending: true });
    }),
  );

  // Only a succeeded backup restores: one still in progress is refused.
  const restoreUnfinished = fc.constant(
    step('restore(unfinished backup)', (m) => pendingBackup(m) && !restoring(m), async (m, r) => {
      if (!r.virtual) return;
      const b = m.backups.find((x) => x.state === 'pending')!;
      const rule = spec.rules.byId('backup.restore-requires-succeed');
      await r.refused('RestoreInstance', { params: params(m), json: { backup_id: b.id } }, rule.errorCode, rule.id, `restoring unfinished backup ${b.id}`, [spec.rules.byId('backup.in-progress').errorCode]);
    }),
  );

  const links = fc.nat({ max: PICK }).map((k) =>
    step(`links(#${k})`, (m) => usable(m).length > 0 || pendingBackup(m), async (m, r) => {
      const b = pick(await ready(m, r, usable), k)!;
      const res = await r.must('ListBackupFileLinks', { params: { ...params(m), backup_id: b.id }, json: { expiration } }, `download links of ${b.id}`);
      const got = (res.json as { links?: { file_name?: string; link?: string }[] }).links ?? [];
      if (!got.length || got.some((l) => !l.file_name || !l.link)) r.fail(res, `backup ${b.id} succeeded but answers ${got.length} link(s), some without a file name or URL`);
    }),
  );

  const remove = fc.nat({ max: PICK }).map((k) =>
    step(`delete(#${k})`, (m) => deletable(m).length > 0 || (!usable(m).length && pendingBackup(m)), async (m, r) => {
      const b = pick(await ready(m, r, deletable), k)!;
      await r.must('DeleteBackupFile', { params: { ...params(m), backup_id: b.id } }, `deleting backup ${b.id}`);
      b.state = 'deleted';
    }),
  );

  // Read after delete: a deleted backup has no file to link to.
  const linksDeleted = fc.nat({ max: PICK }).map((k) =>
    step(`links(deleted #${k})`, (m) => m.backups.some((b) => b.state === 'deleted'), async (m, r) => {
      const b = pick(m.backups.filter((x) => x.state === 'deleted'), k)!;
      await r.refused('ListBackupFileLinks', { params: { ...params(m), backup_id: b.id }, json: { expiration } }, notFound.errorCode, notFound.id, `download links of deleted backup ${b.id}`);
    }),
  );

  return [backup, backup, backupBusy, settle, settle, restore, restoreUnfinished, links, remove, remove, linksDeleted];
}

export const backupsModel: ModelDef<Model, Inst> = {
  name: 'backups',
  operationId: 'CopyInstance',
  rules: ['backup.restore-requires-succeed', 'backup.in-progress', REQUIRES_RUNNING],
  transitions: (spec) => ['CopyInstance', 'RestoreInstance'].map((id) => spec.rules.states.transitionFor(spec.operation(id).section)?.id).filter((x): x is string => !!x),
  statuses: (spec) => statusesOf(spec, 'CopyInstance', [spec.rules.byId('backup.in-progress').errorCode]),
  maxCommands: 10,
  // An instance of its own (a cache mode that backs up): restores must not disturb other cases.
  prepare: (ctx: SuiteContext) => ctx.scenario.instance({ name: ctx.scenario.name('sfb') }),
  init: async (_r, inst) => ({ inst, backups: [], restores: [] }),
  verify,
  commands,
  async teardown(m, r) {
    // The next sequence starts with nothing in progress.
    await (m ? finishAll(m, r) : r.ctx.clock.settle()).catch((e: unknown) => console.warn(`backups teardown: ${String(e)}`));
  },
};
