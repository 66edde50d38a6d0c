// Cache analysis (reference 4.8): big key and hot key analysis tasks, their automatic daily schedules,
// and expired key scans, kept per instance. A task waits, runs and finishes on the virtual clock; its
// findings are derived from the instance (the same synthetic keys every time), so runs replay exactly.
import type { JsonObject, RuleEntry } from '../../spec/index.ts';
import { ApiError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { CONFIG_STATE, customTemplatesOf, parametersOf } from './configs.ts';
import { instanceOf, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

type Kind = 'bigkey' | 'hotkey' | 'expire';
type Scheduled = Exclude<Kind, 'expire'>;
type Status = 'waiting' | 'running' | 'success' | 'failed';

interface Finding {
  name: string;
  type: string;
  shard?: string;
  db: number;
  size: number;
  unit: string;
  freq?: number;
}

interface ScanTask {
  id: string;
  instance_id: string;
  scan_type: 'manual' | 'auto';
  status: Status;
  created_at: number;
  started_at?: number;
  finished_at?: number;
  /** Fixed at creation, so a task that falls due in the past (automatic runs) replays the same times. */
  startAt: number;
  finishAt: number;
  /** Creation order: breaks ties between tasks created at the same virtual instant. */
  seq: number;
  keys?: Finding[];
}

interface AutoscanConfig {
  enable_auto_scan: boolean;
  schedule_at: string[];
  updated_at: number;
  /** Scheduled runs up to this time have already been turned into tasks. */
  checkedUntil: number;
}

interface AnalysisState {
  tasks: Record<Kind, Map<string, ScanTask>>;
  autoscan: Partial<Record<Scheduled, AutoscanConfig>>;
  seq: number;
}

const ANALYSIS_STATE = stateKey<AnalysisState>('analysis');

const DAY = 86_400_000;
/** Scheduled runs older than this are not materialised: keeps a huge clock jump cheap. */
const HISTORY_DAYS = 366;

/** The operations that show a kind's task details: their schemas give the key types and units. */
const DETAILS_OP: Record<Scheduled, string> = { bigkey: 'ShowBigkeyScanTaskDetails', hotkey: 'ShowHotkeyTaskDetails' };

const rule = <T>(ctx: HandlerContext, id: string) => ctx.spec.rules.byId(id) as RuleEntry & T;
const bigkeyRunning = (ctx: HandlerContext) => rule<{ activeStatuses: string[] }>(ctx, 'analysis.bigkey-running');
const lfuRule = (ctx: HandlerContext) => rule<{ parameter: string; policies: string[] }>(ctx, 'analysis.hotkey-lfu-policy');
const scheduleRule = (ctx: HandlerContext) => rule<{ pattern: string }>(ctx, 'analysis.schedule-at');

/** The reference's time format, with milliseconds (2020-06-15T02:21:18.669Z). */
const stamp = (ms: number) => new Date(ms).toISOString();

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Runs `fn` at virtual time `at`: now if already due, else on the scheduler. */
function at(ctx: HandlerContext, time: number, fn: () => void): void {
  if (time <= ctx.now) fn();
  else ctx.store.after(time - ctx.now, fn);
}

/** The instance's current value of a parameter: its stored configuration (4.4), else its template's, else the catalogue default. */
function parameterValue(ctx: HandlerContext, inst: Instance, name: string): string | undefined {
  const stored = inst.ext.get(CONFIG_STATE)?.values.get(name);
  if (stored !== undefined) return stored;
  const template = inst.template_id ? customTemplatesOf(ctx.project).get(inst.template_id) : undefined;
  return template?.params[name] ?? parametersOf(ctx.spec).find((p) => p.param_name === name)?.default_value;
}

function lfuPolicySet(ctx: HandlerContext, inst: Instance): boolean {
  const r = lfuRule(ctx);
  return r.policies.includes(parameterValue(ctx, inst, r.parameter) ?? '');
}

/** Synthetic findings of a finished analysis: 1-3 keys derived from the instance ID. */
function findings(ctx: HandlerContext, inst: Instance, kind: Kind): Finding[] {
  if (kind === 'expire') return [];
  const item = ((ctx.spec.operation(DETAILS_OP[kind])?.responses.get(200)?.schema?.properties as Record<string, JsonObject> | undefined)?.keys?.items ?? {}) as JsonObject;
  const types = ((item.properties as Record<string, JsonObject> | undefined)?.type?.enum ?? ['string']) as string[];
  const h = fnv(`${kind}:${inst.instance_id}`);
  // The reference shows shards (ip:port) only for cluster instances; Proxy and Redis Cluster both have shards.
  const sharded = inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy';
  const octets = inst.ip.split('.');
  return Array.from({ length: 1 + (h % 3) }, (_, i) => {
    const type = types[(h + i) % types.length]!;
    const bits = fnv(`${h}:${i}`);
    // Strings are measured in bytes, collections in elements (the table's byte / count units).
    const unit = type === 'string' ? 'byte' : 'count';
    const size = kind === 'bigkey' ? (unit === 'byte' ? 10_240 * (1 + (bits % 64)) : 5_000 * (1 + (bits % 20))) : unit === 'byte' ? 64 * (1 + (bits % 64)) : 1 + (bits % 500);
    return {
      name: `dcs-${kind}-${inst.instance_id.slice(0, 8)}-${i}`,
      type,
      ...(sharded ? { shard: `${[...octets.slice(0, 3), (Number(octets[3]) + (bits % 3)) % 256].join('.')}:${inst.port}` } : {}),
      db: sharded ? 0 : bits % 16,
      size,
      unit,
      // LFU counters top out at 255 (4.8.7 freq).
      ...(kind === 'hotkey' ? { freq: 255 - (bits % 200) } : {}),
    };
  });
}

/** Creates a task at `createdAt`: waiting, running after half of durations.task, finished after all of it. */
function startTask(ctx: HandlerContext, inst: Instance, state: AnalysisState, kind: Kind, scanType: ScanTask['scan_type'], createdAt: number, outcome: 'success' | 'failed' = 'success'): ScanTask {
  const ms = ctx.config.durations.task;
  const task: ScanTask = { id: ctx.store.ids.uuid(), instance_id: inst.instance_id, scan_type: scanType, status: 'waiting', created_at: createdAt, startAt: createdAt + Math.floor(ms / 2), finishAt: createdAt + ms, seq: state.seq++ };
  state.tasks[kind].set(task.id, task);
  const begin = () => {
    if (task.status !== 'waiting') return;
    task.status = 'running';
    task.started_at = task.startAt;
  };
  const end = () => {
    begin();
    if (task.status !== 'running') return;
    task.status = outcome;
    task.finished_at = task.finishAt;
    task.keys = outcome === 'success' ? findings(ctx, inst, kind) : [];
  };
  at(ctx, task.startAt, begin);
  at(ctx, task.finishAt, end);
  return task;
}

/** Times of day ("HH:mm", UTC) that fall in (from, to], in order. */
function dueTimes(schedule: string[], from: number, to: number): number[] {
  const start = Math.max(from, to - HISTORY_DAYS * DAY);
  const offsets = [...new Set(schedule)].map((s) => (Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5))) * 60_000);
  const out: number[] = [];
  for (let day = Math.floor(start / DAY) * DAY; day <= to; day += DAY) for (const o of offsets) if (day + o > start && day + o <= to) out.push(day + o);
  return out.sort((a, b) => a - b);
}

/** Turns the scheduled runs that fell due since the last look into 'auto' tasks, as the service would have. */
function catchUp(ctx: HandlerContext, inst: Instance, state: AnalysisState, kind: Scheduled): void {
  const cfg = state.autoscan[kind];
  if (!cfg) return;
  const due = cfg.enable_auto_scan ? dueTimes(cfg.schedule_at, cfg.checkedUntil, ctx.now) : [];
  cfg.checkedUntil = ctx.now;
  for (const t of due) {
    // A big key run that falls due while another is in progress (created, not finished) is skipped, as a manual one is refused.
    if (kind === 'bigkey' && [...state.tasks.bigkey.values()].some((x) => x.created_at <= t && x.finishAt > t)) continue;
    // A hot key run without an LFU policy cannot analyse anything: recorded as failed (the text is silent).
    startTask(ctx, inst, state, kind, 'auto', t, kind === 'hotkey' && !lfuPolicySet(ctx, inst) ? 'failed' : 'success');
  }
}

function analysisOf(ctx: HandlerContext, inst: Instance): AnalysisState {
  let state = inst.ext.get(ANALYSIS_STATE);
  if (!state) {
    state = { tasks: { bigkey: new Map(), hotkey: new Map(), expire: new Map() }, autoscan: {}, seq: 0 };
    inst.ext.set(ANALYSIS_STATE, state);
  }
  catchUp(ctx, inst, state, 'bigkey');
  catchUp(ctx, inst, state, 'hotkey');
  return state;
}

/** A task as the details operations show it; started_at, finished_at and keys only once they exist. */
function render(task: ScanTask): Record<string, unknown> {
  return {
    id: task.id,
    instance_id: task.instance_id,
    status: task.status,
    scan_type: task.scan_type,
    created_at: stamp(task.created_at),
    started_at: task.started_at === undefined ? undefined : stamp(task.started_at),
    finished_at: task.finished_at === undefined ? undefined : stamp(task.finished_at),
    num: task.keys?.length ?? 0,
    keys: task.keys,
  };
}

function renderConfig(inst: Instance, cfg: AutoscanConfig | undefined): Record<string, unknown> {
  // Never configured: automatic analysis is off, as it has been since the instance was created.
  const c = cfg ?? { enable_auto_scan: false, schedule_at: [], updated_at: inst.created_at };
  return { instance_id: inst.instance_id, enable_auto_scan: c.enable_auto_scan, schedule_at: [...c.schedule_at], updated_at: stamp(c.updated_at) };
}

const createBigkeyTask: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const state = analysisOf(ctx, inst);
  const running = bigkeyRunning(ctx);
  if ([...state.tasks.bigkey.values()].some((t) => running.activeStatuses.includes(t.status))) throw new ApiError(running.errorCode);
  return { body: render(startTask(ctx, inst, state, 'bigkey', 'manual', ctx.now)) };
};

const createHotkeyTask: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const state = analysisOf(ctx, inst);
  if (!lfuPolicySet(ctx, inst)) throw new ApiError(lfuRule(ctx).errorCode, lfuRule(ctx).parameter);
  return { body: render(startTask(ctx, inst, state, 'hotkey', 'manual', ctx.now)) };
};

const createExpireScan: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  return { body: render(startTask(ctx, inst, analysisOf(ctx, inst), 'expire', 'manual', ctx.now)) };
};

function listTasks(kind: Scheduled): Handler {
  return (ctx) => {
    const inst = instanceOf(ctx);
    const q = ctx.query as { offset?: number; limit?: number; status?: string };
    // Newest first. count is every matching record, not the page (the text leaves it open; paging needs the total).
    const all = [...analysisOf(ctx, inst).tasks[kind].values()].filter((t) => q.status === undefined || t.status === q.status).sort((a, b) => b.created_at - a.created_at || b.seq - a.seq);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 10;
    return { body: { instance_id: inst.instance_id, count: all.length, records: all.slice(offset, offset + limit).map(render) } };
  };
}

function showTask(kind: Scheduled, idParam: string): Handler {
  return (ctx) => {
    const task = analysisOf(ctx, instanceOf(ctx)).tasks[kind].get(ctx.params[idParam] ?? '');
    if (!task) throw new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, idParam);
    return { body: render(task) };
  };
}

function deleteTask(kind: Scheduled, idParam: string): Handler {
  return (ctx) => {
    const tasks = analysisOf(ctx, instanceOf(ctx)).tasks[kind];
    const task = tasks.get(ctx.params[idParam] ?? '');
    // The documented 204: "No ... analysis tasks deleted" / "record not found".
    if (!task) return { status: 204 };
    // A task still in progress is dropped too (the text refuses nothing); it then never finishes.
    tasks.delete(task.id);
    return { status: 200, body: render(task) };
  };
}

function updateAutoscan(kind: Scheduled): Handler {
  return (ctx) => {
    const inst = instanceOf(ctx);
    requireStatus(ctx, inst);
    const state = analysisOf(ctx, inst);
    const b = ctx.body as { enable_auto_scan: boolean; schedule_at: string[] };
    const r = scheduleRule(ctx);
    const time = new RegExp(r.pattern);
    if (b.schedule_at.some((s) => !time.test(s))) throw new ApiError(r.errorCode, 'schedule_at');
    // PUT replaces the whole configuration; the schedule is stored as sent and shown back unchanged.
    const cfg: AutoscanConfig = { enable_auto_scan: b.enable_auto_scan, schedule_at: [...b.schedule_at], updated_at: ctx.now, checkedUntil: ctx.now };
    state.autoscan[kind] = cfg;
    inst.version++;
    return { body: renderConfig(inst, cfg) };
  };
}

function showAutoscan(kind: Scheduled): Handler {
  return (ctx) => {
    const inst = instanceOf(ctx);
    return { body: renderConfig(inst, analysisOf(ctx, inst).autoscan[kind]) };
  };
}

export const analysisResource: Resource = {
  name: 'analysis',
  handlers: {
    CreateBigkeyScanTask: createBigkeyTask,
    ListBigkeyScanTasks: listTasks('bigkey'),
    ShowBigkeyScanTaskDetails: showTask('bigkey', 'bigkey_id'),
    DeleteBigkeyScanTask: deleteTask('bigkey', 'bigkey_id'),
    UpdateBigkeyAutoscanConfig: updateAutoscan('bigkey'),
    ShowBigkeyAutoscanConfig: showAutoscan('bigkey'),
    CreateHotkeyScanTask: createHotkeyTask,
    ListHotKeyScanTasks: listTasks('hotkey'),
    ShowHotkeyTaskDetails: showTask('hotkey', 'hotkey_id'),
    DeleteHotkeyScanTask: deleteTask('hotkey', 'hotkey_id'),
    UpdateHotkeyAutoScanConfig: updateAutoscan('hotkey'),
    ShowHotkeyAutoscanConfig: showAutoscan('hotkey'),
    CreateAutoExpireScanTask: createExpireScan,
  },
};
