// Model: cache analysis tasks (reference 4.8). Big key and hot key analysis tasks are created
// (waiting/running, then finished after settle), listed, shown in detail and deleted (then neither
// listed nor shown; deleting again answers the operation's documented "nothing deleted" status). A
// big key analysis is refused while another is active (rule analysis.bigkey-running). The automatic
// analysis configuration of each kind reads back as last set (rule analysis.schedule-at).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { successStatuses, type Inst } from '../../harness/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { pick, Real, sameSet, statusesOf, Step, type ModelDef } from './model.ts';

const PICK = 9;
/** Tasks a sequence keeps at most (each is read back after every command). */
const MAX_TASKS = 4;

const KINDS = {
  bigkey: { create: 'CreateBigkeyScanTask', list: 'ListBigkeyScanTasks', show: 'ShowBigkeyScanTaskDetails', remove: 'DeleteBigkeyScanTask', id: 'bigkey_id', put: 'UpdateBigkeyAutoscanConfig', get: 'ShowBigkeyAutoscanConfig' },
  hotkey: { create: 'CreateHotkeyScanTask', list: 'ListHotKeyScanTasks', show: 'ShowHotkeyTaskDetails', remove: 'DeleteHotkeyScanTask', id: 'hotkey_id', put: 'UpdateHotkeyAutoScanConfig', get: 'ShowHotkeyAutoscanConfig' },
} as const;
type Kind = keyof typeof KINDS;

interface Task {
  id: string;
  kind: Kind;
  pending: boolean;
  deleted: boolean;
}

interface Autoscan {
  enable_auto_scan: boolean;
  schedule_at: string[];
}

interface Model {
  inst: Inst;
  tasks: Task[];
  autoscan: Record<Kind, Autoscan>;
}

interface Prepared {
  inst: Inst;
  /** The shared instance's configurations before the case: put back after every sequence. */
  initial: Record<Kind, Autoscan>;
}

const active = (spec: Spec) => (spec.rules.byId('analysis.bigkey-running') as unknown as { activeStatuses: string[] }).activeStatuses;
/** The status a delete answers for a task that is not there (rule resource.not-found, documented per operation). */
const nothingDeleted = (spec: Spec, opId: string) => (spec.rules.protocol('resource.not-found') as unknown as { documentedAnswers?: Record<string, { status: number }> }).documentedAnswers?.[opId]?.status;

async function readAutoscan(r: Real, inst: Inst, kind: Kind): Promise<Autoscan> {
  const res = await r.read(KINDS[kind].get, { params: { instance_id: inst.id } }, `automatic ${kind} analysis of ${inst.id}`);
  const b = res.json as Partial<Autoscan>;
  return { enable_auto_scan: b.enable_auto_scan ?? false, schedule_at: b.schedule_at ?? [] };
}

async function verify(m: Model, r: Real): Promise<void> {
  const { spec } = r;
  const busy = active(spec);
  const nf = spec.rules.protocol('resource.not-found');
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const k = KINDS[kind];
    const { items, last } = await r.readAll<{ id: string; status: string }>(k.list, { params: { instance_id: m.inst.id } }, (b) => b.records, (b) => b.count, `${kind} analysis tasks`);
    for (const t of m.tasks.filter((x) => x.kind === kind)) {
      const listed = items.find((x) => x.id === t.id);
      const params = { instance_id: m.inst.id, [k.id]: t.id };
      if (t.deleted) {
        if (listed) r.fail(last, `deleted ${kind} task ${t.id} is still listed (${listed.status})`);
        await r.read(k.show, { params, expect: { status: nf.status ?? spec.errors.require(nf.errorCode).status, codes: [nf.errorCode], rule: nf.id } }, `details of deleted ${kind} task ${t.id}`);
        continue;
      }
      if (!listed) r.fail(last, `${kind} task ${t.id} is not listed`);
      const shown = await r.read(k.show, { params }, `details of ${kind} task ${t.id}`);
      const status = (shown.json as { status?: string }).status ?? '';
      if (listed.status !== status && r.virtual) r.fail(shown, `${kind} task ${t.id} is listed ${listed.status} but its details say ${status}`);
      // In progress: an active status (elsewhere it may have finished already); settled: not active.
      const ok = t.pending ? r.virtual ? busy.includes(status) : true : !busy.includes(status);
      if (!ok) r.fail(shown, `${kind} task ${t.id} is ${status}, the model expects it ${t.pending ? `in progress (${busy.join(' or ')})` : 'finished'}`, 'analysis.bigkey-running');
    }
    const cfg = await readAutoscan(r, m.inst, kind);
    const want = m.autoscan[kind];
    if (cfg.enable_auto_scan !== want.enable_auto_scan || !sameSet(cfg.schedule_at, want.schedule_at)) r.fail(last, `automatic ${kind} analysis reads ${JSON.stringify(cfg)}, the last configuration set ${JSON.stringify(want)}`, 'analysis.schedule-at');
  }
}

/** Lets the sequence's tasks finish: elsewhere than on the emulator, until none shows an active status. */
async function finishAll(m: Model, r: Real): Promise<void> {
  const busy = active(r.spec);
  await r.settle(async () => {
    for (const t of m.tasks.filter((x) => x.pending && !x.deleted)) {
      const k = KINDS[t.kind];
      const shown = await r.read(k.show, { params: { instance_id: m.inst.id, [k.id]: t.id } }, `details of ${t.kind} task ${t.id}`);
      if (busy.includes((shown.json as { status?: string }).status ?? '')) return false;
    }
    return true;
  });
  for (const t of m.tasks) t.pending = false;
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const kind = fc.constantFrom(...(Object.keys(KINDS) as Kind[]));
  const busy = active(spec);
  const liveTasks = (m: Model) => m.tasks.filter((t) => !t.deleted);
  const settled = (m: Model) => m.tasks.filter((t) => !t.deleted && !t.pending);
  const pattern = new RegExp((spec.rules.byId('analysis.schedule-at') as unknown as { pattern: string }).pattern);
  // Times of day the rule's own pattern accepts.
  const time = fc.stringMatching(pattern);

  const create = kind.map((kd) =>
    step(`create(${kd})`, (m) => liveTasks(m).length < MAX_TASKS, async (m, r) => {
      const k = KINDS[kd];
      const params = { instance_id: m.inst.id };
      if (kd === 'bigkey') {
        // Refused while any big key analysis is active: the run's own, or an automatic one the target lists.
        const { items } = await r.readAll<{ status: string }>(k.list, { params }, (b) => b.records, (b) => b.count, 'big key tasks before a create');
        if (items.some((x) => busy.includes(x.status))) {
          const rule = spec.rules.byId('analysis.bigkey-running');
          await r.refused(k.create, { params }, rule.errorCode, rule.id, 'a big key analysis while one is active');
          return;
        }
      }
      const res = await r.must(k.create, { params }, `creating a ${kd} analysis`);
      const body = res.json as { id: string; status?: string };
      if (r.virtual && !busy.includes(body.status ?? '')) r.fail(res, `a new ${kd} task is ${body.status}, expected ${busy.join(' or ')}`);
      m.tasks.push({ id: body.id, kind: kd, pending: true, deleted: false });
    }),
  );

  const settle = fc.constant(
    step('settle', () => true, (m, r) => finishAll(m, r)),
  );

  const remove = fc.nat({ max: PICK }).map((n) =>
    step(`delete(#${n})`, (m) => liveTasks(m).length > 0, async (m, r) => {
      // Only finished tasks are deleted (the reference is silent on running ones): settle first if needed.
      if (!settled(m).length) await finishAll(m, r);
      const t = pick(settled(m), n)!;
      const k = KINDS[t.kind];
      const op = spec.operation(k.remove);
      const gone = nothingDeleted(spec, k.remove);
      await r.rejected(k.remove, { params: { instance_id: m.inst.id, [k.id]: t.id } }, { status: successStatuses(op).filter((s) => s !== gone) }, `deleting ${t.kind} task ${t.id}`);
      t.deleted = true;
    }),
  );

  const removeAgain = fc.nat({ max: PICK }).map((n) =>
    step(`delete again(#${n})`, (m) => m.tasks.some((t) => t.deleted), async (m, r) => {
      const t = pick(m.tasks.filter((x) => x.deleted), n)!;
      const k = KINDS[t.kind];
      const gone = nothingDeleted(spec, k.remove);
      await r.rejected(k.remove, { params: { instance_id: m.inst.id, [k.id]: t.id } }, { ...(gone !== undefined ? { status: gone } : {}), rule: 'resource.not-found' }, `deleting ${t.kind} task ${t.id} again`);
    }),
  );

  const autoscan = fc.record({ kd: kind, enabled: fc.boolean(), schedule: fc.uniqueArray(time, { maxLength: 3 }) }).map(({ kd, enabled, schedule }) =>
    step(`autoscan(${kd}, ${enabled ? 'on' : 'off'}, [${schedule.join(' ')}])`, () => true, async (m, r) => {
      const cfg = { enable_auto_scan: enabled, schedule_at: schedule };
      const res = await r.must(KINDS[kd].put, { params: { instance_id: m.inst.id }, json: cfg }, `configuring automatic ${kd} analysis`);
      const echo = res.json as Partial<Autoscan> | undefined;
      if (echo?.enable_auto_scan !== undefined && echo.enable_auto_scan !== cfg.enable_auto_scan) r.fail(res, `the answer says enable_auto_scan ${echo.enable_auto_scan}, the request set ${cfg.enable_auto_scan}`);
      m.autoscan[kd] = cfg;
    }),
  );

  return [create, create, settle, remove, removeAgain, autoscan];
}

export const analysisModel: ModelDef<Model, Prepared> = {
  name: 'analysis',
  operationId: 'CreateBigkeyScanTask',
  rules: ['analysis.bigkey-running', 'analysis.schedule-at', 'resource.not-found'],
  statuses: (spec) => statusesOf(spec, 'CreateBigkeyScanTask', [spec.rules.byId('analysis.bigkey-running').errorCode]),
  maxCommands: 8,
  async prepare(ctx: SuiteContext) {
    const inst = await ctx.scenario.main();
    // Hot key analysis needs an LFU eviction policy (rule analysis.hotkey-lfu-policy); elsewhere than
    // on the emulator the modification is applied asynchronously: wait until it shows.
    await ctx.scenario.lfu(inst);
    const r = new Real(ctx);
    const lfu = ctx.spec.rules.byId('analysis.hotkey-lfu-policy') as unknown as { parameter: string; policies: string[] };
    await ctx.scenario.until('the LFU eviction policy', async () => {
      const res = await r.read('ListConfigurations', { params: { instance_id: inst.id } }, 'configuration of the shared instance');
      const value = (res.json as { redis_config?: { param_name: string; param_value: string }[] }).redis_config?.find((p) => p.param_name === lfu.parameter)?.param_value;
      return lfu.policies.includes(value ?? '');
    });
    return { inst, initial: { bigkey: await readAutoscan(r, inst, 'bigkey'), hotkey: await readAutoscan(r, inst, 'hotkey') } };
  },
  init: async (_r, p) => ({ inst: p.inst, tasks: [], autoscan: { bigkey: { ...p.initial.bigkey }, hotkey: { ...p.initial.hotkey } } }),
  verify,
  commands,
  async teardown(m, r, p) {
    // Tasks finish; the shared instance gets its automatic analysis back as it was.
    try {
      await (m ? finishAll(m, r) : r.ctx.clock.settle());
      for (const kd of Object.keys(KINDS) as Kind[]) await r.ctx.client.call(KINDS[kd].put, { params: { instance_id: p.inst.id }, json: p.initial[kd] });
    } catch (e) {
      console.warn(`analysis teardown: ${String(e)}`);
    }
  },
};
