// Model: background work (reference 4.6, 4.11, 4.12). Backup import tasks are created (migrating),
// listed and shown, finish after settle, are refused deletion while migrating and are deleted once
// done (then neither listed nor shown: rule migration.task-state). A whitelist change records a
// background task of the instance, which can be deleted (then never listed again). Switching SSL is
// a job: ShowJobInfo follows it to the finished status the reference's example shows, and then the
// SSL details reflect the switch; the certificate downloads only while SSL is on (rule
// ssl.cert-requires-enabled).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Inst, CallResult } from '../../harness/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { exampleField, pick, Real, statusesOf, Step, type ModelDef } from './model.ts';

const PICK = 9;
const MAX_IMPORTS = 3;

interface TaskRule {
  backupImport: { via: string; to: string };
  listStatus: Record<string, string>;
  allowed: Record<string, string[]>;
  errorCode: string;
  id: string;
}

interface Import {
  id: string;
  pending: boolean;
  deleted: boolean;
}

interface Job {
  id: string;
  pending: boolean;
}

interface Model {
  main: Inst;
  ssl: Inst;
  imports: Import[];
  /** Background tasks of the main instance: every ID seen, and those this sequence deleted. */
  seenTasks: Set<string>;
  deletedTasks: Set<string>;
  /** Tasks a whitelist change of this sequence recorded (deletable). */
  ownTasks: string[];
  jobs: Job[];
  /** SSL as last switched (undefined: not switched in this sequence); applied once its job settles. */
  sslEnabled?: boolean;
  sslPending: boolean;
}

interface Prepared {
  main: Inst;
  ssl: Inst;
  /** SSL of the shared instance before the case, put back after every sequence. */
  sslBefore: boolean;
}

const taskRule = (spec: Spec) => spec.rules.byId('migration.task-state') as unknown as TaskRule;
const jobDone = (spec: Spec) => exampleField(spec, 'ShowJobInfo', 200, 'status');

async function backgroundTasks(r: Real, inst: Inst): Promise<{ ids: string[]; last: CallResult }> {
  const { items, last } = await r.readAll<{ id: string }>('ListBackgroundTask', { params: { instance_id: inst.id } }, (b) => b.tasks, (b) => b.task_count, `background tasks of ${inst.id}`);
  return { ids: items.map((t) => t.id), last };
}

/** SSL as the target shows it: no details (204) means it was never switched on. */
async function sslOn(r: Real, inst: Inst): Promise<{ on: boolean | undefined; res: CallResult }> {
  const res = await r.read('ShowInstanceSslDetail', { params: { instance_id: inst.id } }, `SSL of ${inst.id}`);
  return { on: res.json === undefined ? undefined : (res.json as { enabled?: boolean }).enabled, res };
}

/** Lets imports and jobs finish: elsewhere than on the emulator, until their details say so. */
async function finishAll(m: Model, r: Real): Promise<void> {
  const { via } = taskRule(r.spec).backupImport;
  const done = jobDone(r.spec);
  await r.settle(async () => {
    for (const t of m.imports.filter((x) => x.pending && !x.deleted)) {
      const shown = await r.read('ShowMigrationTask', { params: { task_id: t.id } }, `migration task ${t.id}`);
      if ((shown.json as { status?: string }).status === via) return false;
    }
    for (const j of m.jobs.filter((x) => x.pending)) {
      const shown = await r.read('ShowJobInfo', { params: { job_id: j.id } }, `job ${j.id}`);
      if ((shown.json as { status?: string }).status !== done) return false;
    }
    return true;
  });
  for (const t of m.imports) t.pending = false;
  for (const j of m.jobs) j.pending = false;
  m.sslPending = false;
}

async function verify(m: Model, r: Real): Promise<void> {
  const { spec } = r;
  const rule = taskRule(spec);
  const { via, to } = rule.backupImport;
  const listName = (s: string) => rule.listStatus[s] ?? s;

  if (m.imports.length) {
    const { items, last } = await r.readAll<{ task_id: string; status: string }>('ListMigrationTask', {}, (b) => b.migration_tasks, (b) => b.count, 'migration tasks');
    const nf = spec.rules.protocol('resource.not-found');
    for (const t of m.imports) {
      const listed = items.find((x) => x.task_id === t.id);
      if (t.deleted) {
        if (listed) r.fail(last, `deleted migration task ${t.id} is still listed`, rule.id);
        await r.read('ShowMigrationTask', { params: { task_id: t.id }, expect: { status: spec.errors.require(nf.errorCode).status, codes: [nf.errorCode], rule: nf.id } }, `details of deleted migration task ${t.id}`);
        continue;
      }
      const statuses = t.pending ? (r.virtual ? [via] : [via, to]) : [to];
      if (!listed) r.fail(last, `migration task ${t.id} is not listed`);
      if (!statuses.map(listName).includes(listed.status)) r.fail(last, `migration task ${t.id} is listed ${listed.status}, the model expects ${statuses.map(listName).join(' or ')}`, rule.id);
      const shown = await r.read('ShowMigrationTask', { params: { task_id: t.id } }, `details of migration task ${t.id}`);
      const status = (shown.json as { status?: string }).status ?? '';
      if (!statuses.includes(status)) r.fail(shown, `migration task ${t.id} is ${status}, the model expects ${statuses.join(' or ')}`, rule.id);
    }
  }

  const tasks = await backgroundTasks(r, m.main);
  const back = tasks.ids.filter((id) => m.deletedTasks.has(id));
  if (back.length) r.fail(tasks.last, `deleted background task(s) ${back.join(', ')} listed again`);
  for (const id of tasks.ids) m.seenTasks.add(id);

  const done = jobDone(spec);
  for (const j of m.jobs) {
    const res = await r.read('ShowJobInfo', { params: { job_id: j.id } }, `job ${j.id}`);
    const status = (res.json as { status?: string }).status;
    if (!j.pending && status !== done) r.fail(res, `job ${j.id} is ${status} after settling, the model expects ${String(done)}`);
    if (j.pending && r.virtual && status === done) r.fail(res, `job ${j.id} is already ${status} before any time passed`);
  }

  if (m.sslEnabled !== undefined && !m.sslPending) {
    const { on, res } = await sslOn(r, m.ssl);
    if ((on ?? false) !== m.sslEnabled) r.fail(res, `SSL of ${m.ssl.id} reads ${on === undefined ? 'no information' : `enabled ${on}`}, the last switch set ${m.sslEnabled}`);
  }
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const rule = taskRule(spec);
  const live = (m: Model) => m.imports.filter((t) => !t.deleted);
  const deletable = (m: Model) => live(m).filter((t) => !t.pending);

  const create = fc.constant(
    step('import', (m) => live(m).length < MAX_IMPORTS, async (m, r) => {
      const res = await r.must('CreateMigrationTask', { json: await r.ctx.scenario.importBody() }, 'creating a backup import task');
      const body = res.json as { id: string; status?: string };
      r.ctx.scenario.track('migrationTasks', body.id);
      const statuses = r.virtual ? [rule.backupImport.via] : [rule.backupImport.via, rule.backupImport.to];
      if (!statuses.includes(body.status ?? '')) r.fail(res, `a new import task is ${body.status}, the model expects ${statuses.join(' or ')}`, rule.id);
      m.imports.push({ id: body.id, pending: true, deleted: false });
    }),
  );

  const settle = fc.constant(
    step('settle', () => true, (m, r) => finishAll(m, r)),
  );

  const remove = fc.nat({ max: PICK }).map((k) =>
    step(`delete import(#${k})`, (m) => deletable(m).length > 0, async (m, r) => {
      const t = pick(deletable(m), k)!;
      const res = await r.must('DeleteMigrationTask', { json: { task_id_list: [t.id] } }, `deleting migration task ${t.id}`);
      const ids = (res.json as { task_id_list?: string[] }).task_id_list ?? [];
      if (!ids.includes(t.id)) r.fail(res, `the delete answers task_id_list ${JSON.stringify(ids)}, without ${t.id}`);
      t.deleted = true;
    }),
  );

  // A task still migrating cannot be deleted (its status is outside the delete's allowed list).
  const removeBusy = fc.nat({ max: PICK }).map((k) =>
    step(`delete import while migrating(#${k})`, (m) => live(m).some((t) => t.pending), async (m, r) => {
      if (!r.virtual) return;
      const t = pick(live(m).filter((x) => x.pending), k)!;
      if ((rule.allowed[spec.operation('DeleteMigrationTask').section] ?? []).includes(rule.backupImport.via)) return;
      await r.refused('DeleteMigrationTask', { json: { task_id_list: [t.id] } }, rule.errorCode, rule.id, `deleting migration task ${t.id} while it migrates`);
    }),
  );

  // A whitelist change records a background task of the instance.
  const whitelist = fc.constant(
    step('whitelist change', () => true, async (m, r) => {
      const before = new Set((await backgroundTasks(r, m.main)).ids);
      const res = await r.must('UpdateIpWhitelist', { params: { instance_id: m.main.id }, json: { enable_whitelist: false, whitelist: [] } }, 'changing the whitelist');
      const fresh = (await backgroundTasks(r, m.main)).ids.filter((id) => !before.has(id) && !m.seenTasks.has(id));
      if (!fresh.length) r.fail(res, `the whitelist change of ${m.main.id} recorded no background task`);
      m.ownTasks.push(...fresh);
    }),
  );

  const removeTask = fc.nat({ max: PICK }).map((k) =>
    step(`delete background task(#${k})`, (m) => m.ownTasks.length > 0, async (m, r) => {
      const id = pick(m.ownTasks, k)!;
      await r.must('DeleteBackgroundTask', { params: { instance_id: m.main.id, task_id: id } }, `deleting background task ${id}`);
      m.ownTasks = m.ownTasks.filter((x) => x !== id);
      m.deletedTasks.add(id);
    }),
  );

  const ssl = fc.boolean().map((enabled) =>
    step(`ssl(${enabled ? 'on' : 'off'})`, (m) => !m.sslPending, async (m, r) => {
      const res = await r.must('UpdateSslSwitch', { params: { instance_id: m.ssl.id }, json: { enabled } }, `switching SSL ${enabled ? 'on' : 'off'}`);
      m.jobs.push({ id: (res.json as { job_id: string }).job_id, pending: true });
      m.sslEnabled = enabled;
      m.sslPending = true;
    }),
  );

  // The certificate downloads only while SSL is on (rule ssl.cert-requires-enabled).
  const download = fc.constant(
    step('download certificate', (m) => m.sslEnabled !== undefined && !m.sslPending, async (m, r) => {
      const params = { instance_id: m.ssl.id };
      if (m.sslEnabled) {
        const res = await r.must('DownloadSslCert', { params }, 'downloading the SSL certificate');
        if (!(res.json as { link?: string }).link) r.fail(res, 'SSL is on but the certificate download answers no link');
        return;
      }
      const off = spec.rules.byId('ssl.cert-requires-enabled');
      const support = spec.rules.byId('ssl.support') as unknown as { referenceExampleCode?: string };
      await r.refused('DownloadSslCert', { params }, off.errorCode, off.id, 'downloading the certificate with SSL off', support.referenceExampleCode ? [support.referenceExampleCode] : []);
    }),
  );

  return [create, create, settle, settle, remove, removeBusy, whitelist, removeTask, ssl, download];
}

export const migrationModel: ModelDef<Model, Prepared> = {
  name: 'migration-tasks',
  operationId: 'CreateMigrationTask',
  rules: ['migration.task-state', 'ssl.cert-requires-enabled', 'resource.not-found'],
  statuses: (spec) => statusesOf(spec, 'CreateMigrationTask'),
  maxCommands: 10,
  async prepare(ctx: SuiteContext) {
    const ssl = await ctx.scenario.sslInstance();
    return { main: await ctx.scenario.main(), ssl, sslBefore: (await sslOn(new Real(ctx), ssl)).on ?? false };
  },
  async init(r, p) {
    return { main: p.main, ssl: p.ssl, imports: [], seenTasks: new Set((await backgroundTasks(r, p.main)).ids), deletedTasks: new Set(), ownTasks: [], jobs: [], sslPending: false };
  },
  verify,
  commands,
  async teardown(m, r, p) {
    // Imports finish and go; the shared SSL instance gets its SSL back as it was.
    try {
      await (m ? finishAll(m, r) : r.ctx.clock.settle());
      const ids = (m?.imports ?? []).filter((t) => !t.deleted).map((t) => t.id);
      if (ids.length) await r.ctx.client.call('DeleteMigrationTask', { json: { task_id_list: ids } });
      if (m?.sslEnabled !== undefined && m.sslEnabled !== p.sslBefore) {
        const res = await r.ctx.client.call('UpdateSslSwitch', { params: { instance_id: m.ssl.id }, json: { enabled: p.sslBefore } });
        const job = (res.json as { job_id?: string } | undefined)?.job_id;
        if (job) m.jobs.push({ id: job, pending: true });
        await finishAll(m, r);
      }
    } catch (e) {
      console.warn(`migration-tasks teardown: ${String(e)}`);
    }
  },
};
