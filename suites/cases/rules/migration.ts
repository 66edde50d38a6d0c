// Rule cases: Online and offline migration tasks (spec/src/rules/migration.json): task states, endpoints,
// passwords, bandwidth.
import type { Spec } from '../../../spec/index.ts';
import type { Inst, CallArgs } from '../../../harness/index.ts';
import { validPassword } from '../../../spec/rules/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../../engine/errors.ts';
import { ok, successStatuses, validRequest, wholePage } from '../common.ts';
import { BUSY_ATTEMPTS } from '../instanceStates.ts';
import { data, refusal, refused, read, refusedAndUnchanged } from './_internals/refusals.ts';
import { instanceStatus, migrationTasksNamed, task, taskConfig } from './_internals/reads.ts';
import { makeBusy } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const migrationCases = (spec: Spec): Draft[] => {
  interface TaskState {
    backupImport: { migrationType: string; via: string; to: string };
    online: { migrationType: string; pending: string; via: string; to: Record<string, string> };
    stop: { via: string; to: string };
    migrating: string[];
    allowed: Record<string, string[]>;
    listStatus: Record<string, string>;
  }
  const states = () => data<TaskState>(spec, 'migration.task-state');
  const importRefused = (rule: string, change: (body: Record<string, unknown>) => Record<string, unknown>, what: string, extra: string[] = []): ((ctx: SuiteContext) => Promise<void>) =>
    async (ctx) => {
      const body = change(await ctx.scenario.importBody());
      const name = String(body.task_name);
      await refusedAndUnchanged(ctx, rule, what, () => migrationTasksNamed(ctx, name), () => refused(ctx, 'CreateMigrationTask', { json: body }, refusal(spec, rule, extra), what));
    };
  /** A pending online task and the body that configures it (target: the main instance). */
  const pendingOnline = async (ctx: SuiteContext) => {
    const req = await validRequest(ctx, spec.operation('SetOnlineMigrationTask'));
    return { taskId: req.params!.task_id!, body: req.body as Record<string, any> };
  };
  const configRefused = (rule: string, change: (body: Record<string, any>, main: Inst) => Record<string, any>, what: string): ((ctx: SuiteContext) => Promise<void>) =>
    async (ctx) => {
      const { taskId, body } = await pendingOnline(ctx);
      const bad = change(structuredClone(body), await ctx.scenario.main());
      await refusedAndUnchanged(ctx, rule, what, () => taskConfig(ctx, taskId), () => refused(ctx, 'SetOnlineMigrationTask', { params: { task_id: taskId }, json: bad }, refusal(spec, rule), what));
    };
  return [
    {
      op: 'StopMigrationTask',
      rule: 'migration.task-state',
      also: successStatuses(spec.operation('StopMigrationTask')),
      async run(ctx, rule) {
        const s = states();
        const refuse = refusal(spec, rule);
        const section = (opId: string) => spec.operation(opId).section;
        /** The task's status, checked against what is allowed right after a request (via) or once settled. */
        const expectStatus = async (id: string, allowed: (string | undefined)[], what: string) => {
          const t = await task(ctx, id);
          if (!allowed.includes(t.status)) departure(ctx.client, t.r, `${what}: task ${id} is ${t.status ?? 'gone'}, expected ${allowed.map((x) => x ?? 'gone').join(' or ')}`, rule);
          return t.status!;
        };
        /**
         * A request the task's status does not allow: refused, and the task stays as it was — or, in real
         * time, has gone on by itself to `later` (a transition it was already in, e.g. the full copy ending).
         */
        const notAllowed = async (opId: string, id: string, status: string, args: CallArgs, later: string[] = []) => {
          if (s.allowed[section(opId)]?.includes(status)) throw new SuiteSpecMismatchError(`migration.task-state allows ${opId} in ${status}; pick another step`);
          await refused(ctx, opId, args, refuse, `${opId} on task ${id} while it is ${status}`);
          await expectStatus(id, [status, ...(ctx.clock.virtual ? [] : later)], `after the refused ${opId}`);
        };
        // Backup import: MIGRATING, then SUCCESS; a finished task cannot be stopped.
        const made = await ok(ctx, 'CreateMigrationTask', { json: await ctx.scenario.importBody() }, 'creating a backup import task');
        const importId = (made.json as { id: string }).id;
        ctx.scenario.track('migrationTasks', importId);
        await expectStatus(importId, [s.backupImport.via, ...(ctx.clock.virtual ? [] : [s.backupImport.to])], 'right after CreateMigrationTask');
        await ctx.clock.settle();
        const imported = await expectStatus(importId, [s.backupImport.to], 'once the import settled');
        await notAllowed('StopMigrationTask', importId, imported, { params: { task_id: importId } });
        // Online migration: pending configuration (RUNNING) until configured; stop refused meanwhile.
        const { taskId, body } = await pendingOnline(ctx);
        await expectStatus(taskId, [s.online.pending], 'a created online task');
        await notAllowed('StopMigrationTask', taskId, s.online.pending, { params: { task_id: taskId } });
        // The method whose copy never ends by itself keeps the task migrating until it is stopped.
        const method = Object.entries(s.online.to).find(([, to]) => s.migrating.includes(to))?.[0];
        if (!method) throw new CaseSkipped('migration.task-state names no online method that keeps migrating');
        const config = { ...body, migration_method: method };
        await ok(ctx, 'SetOnlineMigrationTask', { params: { task_id: taskId }, json: config }, `configuring online task ${taskId}`);
        const to = s.online.to[method]!;
        const configured = await expectStatus(taskId, [s.online.via, ...(ctx.clock.virtual ? [] : [to])], 'right after SetOnlineMigrationTask');
        await notAllowed('SetOnlineMigrationTask', taskId, configured, { params: { task_id: taskId }, json: config }, configured === s.online.via ? [to] : []);
        await ctx.clock.settle();
        const migrating = await expectStatus(taskId, [to], 'once the full copy settled');
        // The list reports statuses it does not document by meaning (listStatus).
        const listed = ((await read(ctx, 'ListMigrationTask', { query: { limit: wholePage(ctx.spec, 'ListMigrationTask') } }, 'listing migration tasks'))?.migration_tasks ?? []).find((t: { task_id: string }) => t.task_id === taskId);
        const listedAs = s.listStatus[migrating] ?? migrating;
        if (listed?.status !== listedAs) departure(ctx.client, (await task(ctx, taskId)).r, `ListMigrationTask reports task ${taskId} (${migrating}) as ${listed?.status ?? 'missing'}, expected ${listedAs}`, rule);
        await notAllowed('DeleteMigrationTask', taskId, migrating, { json: { task_id_list: [taskId] } });
        // Stop: TERMINATING, then TERMINATED; stopping again is refused, deleting is allowed.
        await ok(ctx, 'StopMigrationTask', { params: { task_id: taskId } }, `stopping online task ${taskId}`);
        await expectStatus(taskId, [s.stop.via, ...(ctx.clock.virtual ? [] : [s.stop.to])], 'right after StopMigrationTask');
        await ctx.clock.settle();
        const stopped = await expectStatus(taskId, [s.stop.to], 'once the stop settled');
        await notAllowed('StopMigrationTask', taskId, stopped, { params: { task_id: taskId } });
        await ok(ctx, 'DeleteMigrationTask', { json: { task_id_list: [taskId] } }, `deleting stopped task ${taskId}`);
        await ctx.clock.settle();
        const gone = await ctx.client.call('ShowMigrationTask', { params: { task_id: taskId }, expect: { status: refusal(spec, 'resource.not-found').status, codes: [spec.rules.protocol('resource.not-found').errorCode], rule: 'resource.not-found' } });
        conforms(ctx.client, gone, `reading deleted task ${taskId}`);
      },
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.online-type-retired',
      run: importRefused('migration.online-type-retired', (b) => ({ ...b, migration_type: states().online.migrationType }), 'CreateMigrationTask of the online type'),
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.backup-files',
      async run(ctx, rule) {
        const { fileSources } = data<{ fileSources: { obs: string; backupRecord: string } }>(spec, rule);
        const variants: [string, (files: Record<string, unknown>) => Record<string, unknown> | undefined][] = [
          ['no backup_files', () => undefined],
          ['an OBS source without bucket_name', ({ bucket_name: _b, ...f }) => f],
          ['an OBS source without files', (f) => ({ ...f, files: [] })],
          ['a backup-record source without backup_id', (f) => ({ ...f, file_source: fileSources.backupRecord, files: [] })],
          ['a file_source of neither kind', (f) => ({ ...f, file_source: `${fileSources.obs}${fileSources.backupRecord}` })],
        ];
        for (const [what, change] of variants) {
          await importRefused(rule, (b) => {
            const { backup_files: files, ...rest } = b;
            const changed = change(files as Record<string, unknown>);
            return changed ? { ...rest, backup_files: changed } : rest;
          }, `a backup import with ${what}`)(ctx);
        }
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.redis-password',
      run: configRefused('migration.redis-password', (b, main) => ({ ...b, target_instance: { id: main.id, password: validPassword(spec.rules.password.instance, [main.password]) } }), 'an online migration into the main instance with a wrong password'),
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.endpoint',
      async run(ctx, rule) {
        const re = new RegExp(data<{ addrsPattern: string }>(spec, rule).addrsPattern);
        await configRefused(rule, (b) => ({ ...b, source_instance: { password: b.source_instance?.password } }), 'a source with neither id nor addrs')(ctx);
        await configRefused(rule, (b) => {
          // The example's address list with spaces for the host:port colons: no longer host:port pairs.
          const addrs = String(b.source_instance?.addrs ?? '').replaceAll(':', ' ');
          if (re.test(addrs)) throw new SuiteSpecMismatchError(`${addrs} still matches migration.endpoint's addrsPattern`);
          return { ...b, source_instance: { ...b.source_instance, id: undefined, addrs } };
        }, 'a source address list that is not host:port pairs')(ctx);
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.distinct-endpoints',
      run: configRefused('migration.distinct-endpoints', (b, main) => ({ ...b, source_instance: { id: main.id, password: main.password }, target_instance: { id: main.id, password: main.password } }), 'an online migration of the main instance into itself'),
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.instance-running',
      async run(ctx, rule) {
        const target = await ctx.scenario.instance();
        const serving = spec.rules.states.data.statuses.serving.values;
        for (let attempt = 1; ; attempt++) {
          const status = await makeBusy(ctx, target);
          const body: Record<string, unknown> = { ...(await ctx.scenario.importBody()), target_instance: { id: target.id, password: target.password } };
          const what = `a backup import into an instance that is ${status}`;
          // The state machine's busy code for the status is accepted beside the rule's own (codeChoice).
          const r = await ctx.client.call('CreateMigrationTask', { json: body, expect: refusal(spec, rule, spec.rules.states.busyCodes) });
          if (r.status < 300) {
            const id = (r.json as { id?: string } | undefined)?.id;
            if (id) ctx.scenario.track('migrationTasks', id);
            // Where time is real the restart may have ended before the import arrived: only a read after
            // it that still shows the instance busy makes the acceptance a departure.
            if (!ctx.clock.virtual && serving.includes((await instanceStatus(ctx, target)).status)) {
              await ctx.clock.settle();
              if (attempt < BUSY_ATTEMPTS) continue;
              throw new CaseSkipped(`the import reached ${target.id} after its restart ended, ${BUSY_ATTEMPTS} times: the target leaves busy states too fast to test this`);
            }
          }
          await ctx.clock.settle();
          conforms(ctx.client, r, what);
          if ((await migrationTasksNamed(ctx, String(body.task_name))).length) departure(ctx.client, r, `${what}: refused, but the task was recorded`, rule);
          return;
        }
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.bandwidth',
      async run(ctx, rule) {
        const { minimum, maximum } = data<{ minimum: number; maximum: number }>(spec, rule);
        for (const value of [maximum + 1, minimum - 1]) {
          await configRefused(rule, (b) => ({ ...b, bandwidth_limit_mb: String(value) }), `bandwidth_limit_mb ${value}`)(ctx);
        }
      },
    },
  ];
};
