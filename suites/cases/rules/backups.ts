// Rule cases: backups and restores (spec/src/rules/backups.json, instanceStates.json): a restore needs a
// backup that succeeded, one backup at a time, the cache modes a backup or restore is offered in.
import type { Spec } from '../../../spec/index.ts';
import { departure } from '../../engine/assert.ts';
import { CaseSkipped } from '../../engine/errors.ts';
import { ok, successStatuses } from '../common.ts';
import { data, capability, refusal, instanceParams, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { backupRecords, restoreRecords, instanceStatus } from './_internals/reads.ts';
import { modeOutside } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const backupCases = (spec: Spec): Draft[] => [
  {
    op: 'RestoreInstance',
    rule: 'backup.restore-requires-succeed',
    async run(ctx, rule) {
      const inst = await ctx.scenario.main();
      const params = instanceParams(inst);
      // A backup that succeeded and whose file was then deleted: its record is no longer 'succeed'.
      const backupId = await ctx.scenario.backup(inst);
      await ok(ctx, 'DeleteBackupFile', { params: { ...params, backup_id: backupId } }, `deleting the file of backup ${backupId}`);
      await ctx.clock.settle();
      const { recordStatuses } = data<{ recordStatuses: { succeeded: string } }>(spec, rule);
      const record = (await backupRecords(ctx, inst)).find((b) => b.backup_id === backupId);
      if (record?.status === recordStatuses.succeeded) throw new CaseSkipped(`backup ${backupId} is still ${record.status} after its file was deleted`);
      const observe = async () => ({ instance: await instanceStatus(ctx, inst), restores: await restoreRecords(ctx, inst) });
      await refusedAndUnchanged(ctx, rule, `restoring from backup ${backupId} (${record?.status ?? 'unlisted'})`, observe, () => refused(ctx, 'RestoreInstance', { params, json: { backup_id: backupId } }, refusal(spec, rule), `restoring from backup ${backupId} (${record?.status ?? 'unlisted'})`));
    },
  },
  {
    op: 'CopyInstance',
    rule: 'backup.in-progress',
    also: successStatuses(spec.operation('CopyInstance')),
    async run(ctx, rule) {
      const { recordStatuses } = data<{ recordStatuses: { pending: string[] } }>(spec, 'backup.restore-requires-succeed');
      const inst = await ctx.scenario.main();
      await ctx.clock.settle();
      const params = instanceParams(inst);
      const first = await ok(ctx, 'CopyInstance', { params, json: {} }, 'starting a backup');
      const id = (first.json as { backup_id: string }).backup_id;
      const before = await backupRecords(ctx, inst);
      const status = before.find((b) => b.backup_id === id)?.status;
      if (!status || !recordStatuses.pending.includes(status)) {
        if (ctx.clock.virtual) departure(ctx.client, first, `right after it was started, backup ${id} is ${status ?? 'unlisted'}, expected ${recordStatuses.pending.join(' or ')}`, rule);
        throw new CaseSkipped(`backup ${id} finished (${status}) before a second one could be requested`);
      }
      const r = await refused(ctx, 'CopyInstance', { params, json: {} }, refusal(spec, rule), `a second backup while ${id} is ${status}`);
      // Compared before settling: the running backup itself moves on, but no second record may appear.
      const after = await backupRecords(ctx, inst);
      if (after.length !== before.length) departure(ctx.client, r, `the refused backup was recorded (${before.length} -> ${after.length} records)`, rule);
      await ctx.clock.settle();
    },
  },
  {
    op: 'CopyInstance',
    rule: 'backup-restore.cache-mode',
    async run(ctx, rule) {
      const cap = capability(spec, rule)!;
      const mode = cap.refused?.[0] ?? modeOutside(spec, cap.cacheModes ?? [], ctx.scenario.aclVersion);
      const inst = await ctx.scenario.instance({ mode });
      await refusedAndUnchanged(ctx, rule, `backing up a ${mode} instance`, () => backupRecords(ctx, inst), () => refused(ctx, 'CopyInstance', { params: instanceParams(inst), json: {} }, refusal(spec, rule), `backing up a ${mode} instance`));
    },
  },
];
