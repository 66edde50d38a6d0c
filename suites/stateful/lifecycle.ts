// Model: the instance lifecycle (reference 4.1, 4.2, state machine spec/src/rules/instanceStates.json).
// Instances are created (single and batch), modified, resized, restarted/flushed, swapped and
// deleted; after every command each instance's details, the list, the per-status counts and the
// running-instance statistics agree with the model, operations in a busy status are refused with a
// busy code, and a deleted ID is never served again.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Transition } from '../../spec/rules/instanceStates.ts';
import { allowedCapacities, batchNames, specCodeFor, validPassword } from '../../spec/rules/index.ts';
import { createInstanceBody, successStatuses, type CallResult } from '../../harness/index.ts';
import { conforms } from '../engine/assert.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import { transitionalStatuses } from '../engine/driver.ts';
import type { SuiteContext } from '../engine/types.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../engine/errors.ts';
import { createdInstances } from '../cases/common.ts';
import { pick, refusalCode, Step, type ModelDef, type Real } from './model.ts';

const [REQUIRES_RUNNING, DELETE_REFUSED] = STATE_RULES;
const NOT_FOUND = 'resource.instance-not-found';
/** Live instances a sequence keeps at most (a batch counts each): bounds quota use and read-backs. */
const MAX_LIVE = 4;
/** Commands pick "the k-th" instance or capacity, k ≤ PICK (wrapping): small labels, easy shrinking. */
const PICK = 9;
/** Capacities a sequence uses: the smallest few the tables offer (cheapest on a real target). */
const CHEAPEST = 3;

/** The operations whose transitions this model drives (by the state machine's sections). */
const DRIVEN = ['CreateInstance', 'RestartOrFlushInstances', 'ResizeInstance', 'ChangeMasterStandby', 'DeleteSingleInstance', 'BatchDeleteInstances'];

interface Prepared {
  mode: string;
  version: string;
  zone: string | undefined;
  createCapacities: number[];
  password: string;
}

interface Inst {
  id: string;
  name: string;
  description: string;
  capacity: number;
  /** Exact on the emulator's still clock: the via-status while `pending`, else the settled status. */
  status: string;
  pending?: Transition;
  /** Capacity once a pending resize is over. */
  newCapacity?: number;
  /** Deleted and settled: the ID must never be served again. */
  gone: boolean;
}

interface Model {
  p: Prepared;
  insts: Inst[];
}

const transitionOf = (spec: Spec, opId: string, action?: string): Transition => {
  const t = spec.rules.states.transitionFor(spec.operation(opId).section, action);
  if (!t) throw new SuiteSpecMismatchError(`the state machine has no transition for ${opId}${action ? ` ${action}` : ''}`);
  return t;
};

const serving = (spec: Spec) => spec.rules.states.data.statuses.serving.values;
const live = (m: Model) => m.insts.filter((i) => !i.gone && i.pending?.to !== null);
const settledServing = (spec: Spec, m: Model) => m.insts.filter((i) => !i.gone && !i.pending && serving(spec).includes(i.status));
const deletable = (spec: Spec, m: Model) => m.insts.filter((i) => !i.gone && !i.pending && (transitionOf(spec, 'DeleteSingleInstance').from ?? []).includes(i.status));
/** Instances in a transitional status (not being deleted): where busy refusals are tried. */
const busy = (m: Model) => m.insts.filter((i) => !i.gone && i.pending && i.pending.to !== null);

/**
 * Commands that need a settled instance apply while some instance is only busy: they settle first
 * (a recorded step), so sequences stay productive instead of skipping most commands.
 */
async function ready(m: Model, r: Real, list: (m: Model) => Inst[]): Promise<Inst[]> {
  if (!list(m).length && busy(m).length) {
    await r.settle();
    settleModel(m);
  }
  return list(m);
}
const readyOr = (list: (m: Model) => Inst[]) => (m: Model) => list(m).length > 0 || busy(m).length > 0;

function start(inst: Inst, t: Transition): void {
  inst.pending = t;
  if (t.via) inst.status = t.via;
}

/** Whether a read sent now (after the read lag that follows a write) still shows the instance `status`. */
async function stillIs(inst: Inst, status: string, r: Real): Promise<boolean> {
  const after = await r.read('ShowInstance', { params: { instance_id: inst.id } }, `details of ${inst.id} after the request`);
  return (after.json as { status?: string } | undefined)?.status === status;
}

function settleModel(m: Model): void {
  for (const i of m.insts) {
    const t = i.pending;
    if (!t) continue;
    if (t.to === null) i.gone = true;
    else i.status = t.to;
    if (i.newCapacity !== undefined) i.capacity = i.newCapacity;
    delete i.pending;
    delete i.newCapacity;
  }
}

/** Statuses the target may report: exact on the emulator; elsewhere a change may already be over. */
function allowedStatuses(inst: Inst, virtual: boolean): (string | null)[] {
  if (!inst.pending) return [inst.status];
  return virtual ? [inst.status] : [inst.status, inst.pending.to];
}

/** capacity (integer GB) plus capacity_minor (the fraction, e.g. ".125"), as 4.1.4 splits them. */
function capacityOf(body: { capacity?: number; capacity_minor?: string }): number {
  const minor = body.capacity_minor ? Number(body.capacity_minor) : 0;
  return (body.capacity ?? NaN) + (Number.isFinite(minor) ? minor : 0);
}

const resultValues = (spec: Spec, opId: string): string[] => {
  const op = spec.operation(opId);
  const items = (op.responses.get(successStatuses(op)[0]!)?.schema?.properties as Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }> | undefined)?.results?.items;
  const values = items?.properties?.result?.enum;
  if (!values || values.length < 2) throw new SuiteSpecMismatchError(`${opId} results have no success/failure enum`);
  return values;
};

/** A batch answer's per-instance results: each listed instance must have `expected` (the enum's first value is success, its last failure). */
function batchResults(r: Real, res: CallResult, ids: string[], expected: string, what: string): void {
  const results = ((res.json as { results?: { instance: string; result: string }[] } | undefined)?.results ?? []);
  for (const id of ids) {
    const item = results.find((x) => x.instance === id);
    if (item?.result !== expected) r.fail(res, `${what}: instance ${id} has result ${item?.result ?? 'missing'}, expected ${expected}`);
  }
}

async function prepare(ctx: SuiteContext): Promise<Prepared> {
  const { spec, scenario } = ctx;
  const d = spec.rules.states.data;
  const swap = d.capabilities.find((c) => c.sections.includes(spec.operation('ChangeMasterStandby').section));
  const flush = d.capabilities.find((c) => c.sections.includes(spec.operation('RestartOrFlushInstances').section) && c.engineVersions);
  // One mode that swaps (so every command applies to every instance), one version that flushes.
  const mode = swap?.cacheModes?.includes(scenario.haMode) === false ? swap.cacheModes[0] : scenario.haMode;
  const version = spec.rules.engine.versions.filter((v) => !flush?.engineVersions || flush.engineVersions.includes(v)).at(-1);
  if (!mode || !version) throw new CaseSkipped('the spec offers no cache mode that swaps and version that flushes');
  const createCapacities = allowedCapacities(spec.rules.capacity.create, { cacheMode: mode, version }).slice(0, CHEAPEST);
  const zone = (await scenario.zones())[0]?.code;
  return { mode, version, zone, createCapacities, password: validPassword(spec.rules.password.instance) };
}

async function verify(m: Model, r: Real): Promise<void> {
  const { spec } = r;
  const nf = spec.rules.protocol(NOT_FOUND);
  for (const i of m.insts) {
    if (i.gone) {
      await r.read('ShowInstance', { params: { instance_id: i.id }, expect: { status: nf.status!, codes: [nf.errorCode], rule: NOT_FOUND } }, `details of deleted instance ${i.id} (never served again)`);
      continue;
    }
    const s = await r.ctx.client.call('ShowInstance', { params: { instance_id: i.id } });
    const allowed = allowedStatuses(i, r.virtual);
    if (s.status === nf.status && allowed.includes(null)) continue;
    conforms(r.ctx.client, s, `details of instance ${i.id}`);
    const body = s.json as { status?: string; name?: string; description?: string | null; capacity?: number; capacity_minor?: string };
    if (!allowed.includes(body.status ?? null)) r.fail(s, `instance ${i.id} is ${body.status}, the model expects ${allowed.map((x) => x ?? 'gone').join(' or ')}`, REQUIRES_RUNNING);
    if (body.name !== i.name) r.fail(s, `instance ${i.id} is named ${body.name}, the model expects ${i.name}`);
    if ((body.description ?? '') !== i.description) r.fail(s, `instance ${i.id} has description ${JSON.stringify(body.description)}, the model expects ${JSON.stringify(i.description)}`);
    const capacities = i.newCapacity !== undefined ? (r.virtual ? [i.capacity] : [i.capacity, i.newCapacity]) : [i.capacity];
    if (!capacities.includes(capacityOf(body))) r.fail(s, `instance ${i.id} has capacity ${capacityOf(body)}, the model expects ${capacities.join(' or ')}`, 'capacity.resize');
  }

  // The tenant's list: every live model instance listed with its status; a deleted one never.
  const { items, last } = await r.readAll<{ instance_id: string; status: string }>('ListInstances', {}, (b) => b.instances, (b) => b.instance_num, 'list of instances');
  for (const i of m.insts) {
    const listed = items.find((x) => x.instance_id === i.id);
    const allowed = allowedStatuses(i, r.virtual);
    if (i.gone) {
      if (listed) r.fail(last, `deleted instance ${i.id} is still listed (${listed.status})`);
    } else if (!listed) {
      // Being deleted: the reference does not say whether a DELETING instance is listed.
      if (i.pending?.to !== null) r.fail(last, `instance ${i.id} is not listed; the model expects it ${allowed.join(' or ')}`);
    } else if (!allowed.includes(listed.status)) r.fail(last, `instance ${i.id} is listed ${listed.status}, the model expects ${allowed.map((x) => x ?? 'gone').join(' or ')}`, REQUIRES_RUNNING);
  }

  // Per-status counts agree with the list (same tenant, same default filter). Elsewhere than on the
  // emulator, only when nothing listed is moving, and only when the list read again right after the
  // counts is unchanged: other cases create and delete instances of the tenant meanwhile.
  const transitional = transitionalStatuses(spec);
  const snapshot = (list: { instance_id: string; status: string }[]) => JSON.stringify(list.map((x) => `${x.instance_id}:${x.status}`).sort());
  let listed = items;
  for (let attempt = 0; attempt < 5 && (r.virtual || !listed.some((x) => transitional.has(x.status))); attempt++) {
    const counts = await r.read('ListNumberOfInstancesInDifferentStatus', {}, 'per-status instance counts');
    if (!r.virtual) {
      const again = (await r.readAll<{ instance_id: string; status: string }>('ListInstances', {}, (b) => b.instances, (b) => b.instance_num, 'list of instances')).items;
      if (snapshot(again) !== snapshot(listed)) {
        listed = again;
        continue;
      }
    }
    for (const [field, n] of Object.entries((counts.json ?? {}) as Record<string, unknown>)) {
      if (typeof n !== 'number' || !field.endsWith('_count')) continue;
      const tally = listed.filter((x) => `${x.status.toLowerCase()}_count` === field).length;
      if (n !== tally) r.fail(counts, `${field} is ${n}, but the instance list has ${tally} instance(s) in that status`);
    }
    break;
  }

  // Statistics cover exactly the running instances.
  const stats = await r.read('ListStatisticsOfRunningInstances', {}, 'statistics of running instances');
  const counted = new Set(((stats.json as { statistics?: { instance_id: string }[] } | undefined)?.statistics ?? []).map((x) => x.instance_id));
  for (const i of m.insts) {
    const running = !i.gone && !i.pending && serving(spec).includes(i.status);
    const notRunning = i.gone || (r.virtual && !serving(spec).includes(i.status));
    if (running && !counted.has(i.id)) r.fail(stats, `running instance ${i.id} is missing from the statistics of running instances`);
    if (notRunning && counted.has(i.id)) r.fail(stats, `instance ${i.id} (${i.gone ? 'deleted' : i.status}) is in the statistics of running instances`);
  }
}

/** Creates n instances (a batch when n > 1) and adds them to the model, CREATING. */
async function createInstances(m: Model, r: Real, n: number, c: number): Promise<void> {
  const { spec, scenario } = r.ctx;
  const name = scenario.name('sfl');
  const capacity = pick(m.p.createCapacities, c)!;
  const body = createInstanceBody(spec, { cache_mode: m.p.mode, capacity, name, engine_version: m.p.version, password: m.p.password, vpc_id: scenario.network.vpc_id, subnet_id: scenario.network.subnet_id, ...(m.p.zone ? { az_codes: [m.p.zone] } : {}), ...(n > 1 ? { instance_num: n } : {}) });
  const res = await r.must('CreateInstance', { json: body }, `creating ${n} instance(s)`);
  const ids = createdInstances(r.spec, res);
  for (const id of ids) scenario.track('instances', id);
  if (ids.length !== n) r.fail(res, `asked for ${n} instance(s), the answer names ${ids.length}`, 'instance-num');
  const answered = (res.json as { instances: { instance_id: string; instance_name: string }[] }).instances;
  const expected = batchNames(spec.rules.name.instance, name, n);
  const names = answered.map((x) => x.instance_name);
  if (!expected.every((x) => names.includes(x))) r.fail(res, `the instances are named ${names.join(', ')}, the reference names a batch ${expected.join(', ')}`, spec.rules.name.instance.id);
  const t = transitionOf(spec, 'CreateInstance');
  for (const a of answered) {
    const inst: Inst = { id: a.instance_id, name: a.instance_name, description: '', capacity, status: t.to!, gone: false };
    start(inst, t);
    m.insts.push(inst);
  }
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const num = spec.rules.instanceNum;
  const batchMax = Math.min(num.maximum, MAX_LIVE);
  const actions = spec.rules.states.data.transitions.filter((t) => t.section === spec.operation('RestartOrFlushInstances').section && t.action).map((t) => t.action!);
  const [success, failed] = [resultValues(spec, 'RestartOrFlushInstances')[0]!, resultValues(spec, 'RestartOrFlushInstances').at(-1)!];
  const resizeBody = (m: Model, inst: Inst, c: number) => {
    const caps = allowedCapacities(spec.rules.capacity.resize, { cacheMode: m.p.mode, version: m.p.version }).filter((x) => x !== inst.capacity).slice(0, CHEAPEST);
    const capacity = pick(caps, c)!;
    return { spec_code: specCodeFor(spec.rules.flavors, m.p.mode, capacity), new_capacity: capacity };
  };

  const create = fc.record({ n: fc.oneof(fc.constant(1), fc.integer({ min: Math.max(2, num.minimum), max: Math.max(2, batchMax) })), c: fc.nat({ max: PICK }) }).map(({ n, c }) =>
    step(
      n === 1 ? `create(single, capacity #${c})` : `create(batch of ${n}, capacity #${c})`,
      (m) => live(m).length + n <= MAX_LIVE,
      (m, r) => createInstances(m, r, n, c),
    ),
  );

  const settle = fc.constant(
    step('settle', () => true, async (m, r) => {
      await r.settle();
      settleModel(m);
    }),
  );

  const modify = fc.record({ k: fc.nat({ max: PICK }), what: fc.constantFrom('name', 'description', 'both'), description: fc.stringMatching(/^[A-Za-z0-9 ._-]{0,32}$/) }).map(({ k, what, description }) =>
    step(
      `modify(#${k}, ${what})`,
      readyOr((m) => settledServing(spec, m)),
      async (m, r) => {
        const inst = pick(await ready(m, r, (x) => settledServing(spec, x)), k)!;
        const body: Record<string, string> = {};
        if (what !== 'description') body.name = r.ctx.scenario.name('sfm');
        if (what !== 'name') body.description = description;
        await r.must('UpdateInstance', { params: { instance_id: inst.id }, json: body }, `modifying ${inst.id}`);
        if (body.name !== undefined) inst.name = body.name;
        if (body.description !== undefined) inst.description = body.description;
      },
    ),
  );

  const resize = fc.record({ k: fc.nat({ max: PICK }), c: fc.nat({ max: PICK }) }).map(({ k, c }) =>
    step(
      `resize(#${k}, capacity #${c})`,
      readyOr((m) => settledServing(spec, m)),
      async (m, r) => {
        const inst = pick(await ready(m, r, (x) => settledServing(spec, x)), k)!;
        const body = resizeBody(m, inst, c);
        await r.must('ResizeInstance', { params: { instance_id: inst.id }, json: body }, `resizing ${inst.id} to ${body.new_capacity}`);
        start(inst, transitionOf(spec, 'ResizeInstance'));
        inst.newCapacity = body.new_capacity;
      },
    ),
  );

  const action = fc.record({ k: fc.nat({ max: PICK }), a: fc.constantFrom(...actions) }).map(({ k, a }) =>
    step(
      `${a}(#${k})`,
      readyOr((m) => settledServing(spec, m)),
      async (m, r) => {
        const inst = pick(await ready(m, r, (x) => settledServing(spec, x)), k)!;
        const res = await r.must('RestartOrFlushInstances', { json: { instances: [inst.id], action: a } }, `${a} of ${inst.id}`);
        batchResults(r, res, [inst.id], success, a);
        start(inst, transitionOf(spec, 'RestartOrFlushInstances', a));
      },
    ),
  );

  const swap = fc.nat({ max: PICK }).map((k) =>
    step(
      `swap(#${k})`,
      readyOr((m) => settledServing(spec, m)),
      async (m, r) => {
        const inst = pick(await ready(m, r, (x) => settledServing(spec, x)), k)!;
        await r.must('ChangeMasterStandby', { params: { instance_id: inst.id } }, `master/standby swap of ${inst.id}`);
        start(inst, transitionOf(spec, 'ChangeMasterStandby'));
      },
    ),
  );

  const remove = fc.nat({ max: PICK }).map((k) =>
    step(
      `delete(#${k})`,
      readyOr((m) => deletable(spec, m)),
      async (m, r) => {
        const inst = pick(await ready(m, r, (x) => deletable(spec, x)), k)!;
        await r.must('DeleteSingleInstance', { params: { instance_id: inst.id } }, `deleting ${inst.id}`);
        start(inst, transitionOf(spec, 'DeleteSingleInstance'));
      },
    ),
  );

  const batchDelete = fc.record({ k: fc.nat({ max: PICK }), two: fc.boolean() }).map(({ k, two }) =>
    step(
      `batch-delete(#${k}${two ? ' and the next' : ''})`,
      readyOr((m) => deletable(spec, m)),
      async (m, r) => {
        const all = await ready(m, r, (x) => deletable(spec, x));
        const chosen = [...new Set([pick(all, k)!, ...(two ? [pick(all, k + 1)!] : [])])];
        const ids = chosen.map((i) => i.id);
        const res = await r.must('BatchDeleteInstances', { json: { instances: ids } }, `batch-deleting ${ids.join(', ')}`);
        batchResults(r, res, ids, resultValues(spec, 'BatchDeleteInstances')[0]!, 'batch delete');
        for (const i of chosen) start(i, transitionOf(spec, 'BatchDeleteInstances'));
      },
    ),
  );

  // An operation on an instance that is busy (creating, extending, restarting…) is refused with a busy code.
  const refuse = fc.record({ k: fc.nat({ max: PICK }), op: fc.constantFrom('ResizeInstance', 'UpdateInstance', 'RestartOrFlushInstances', 'ChangeMasterStandby', 'DeleteSingleInstance') }).map(({ k, op }) =>
    step(
      `${op} while busy(#${k})`,
      (m) => busy(m).length > 0,
      async (m, r) => {
        const inst = pick(busy(m), k)!;
        let status = inst.status;
        if (!r.virtual) {
          // Elsewhere the change may be over already: only a status seen busy is tried.
          const s = await r.read('ShowInstance', { params: { instance_id: inst.id } }, `details of ${inst.id}`);
          status = (s.json as { status: string }).status;
          if (serving(spec).includes(status)) return;
        }
        const restart = transitionOf(spec, 'RestartOrFlushInstances', actions[0]);
        const code = refusalCode(spec, op, status, op === 'RestartOrFlushInstances' ? restart.action : undefined);
        if (!code) return;
        const rule = op === 'DeleteSingleInstance' ? DELETE_REFUSED : REQUIRES_RUNNING;
        const what = `${op} of ${inst.id} while it is ${status}`;
        const codes = spec.rules.states.busyCodes;
        if (op === 'RestartOrFlushInstances') {
          // Erratum batch-refusal: a batch may answer 2xx with the instance's result "failed" instead.
          const res = await r.act(op, { json: { instances: [inst.id], action: restart.action } });
          if (successStatuses(spec.operation(op)).includes(res.status)) {
            conforms(r.ctx.client, res, what);
            // In real time (see below): a restart that arrived once the instance was ready may succeed.
            if (!r.virtual && !(await stillIs(inst, status, r))) {
              settleModel({ ...m, insts: [inst] });
              return start(inst, restart);
            }
            return batchResults(r, res, [inst.id], failed, what);
          }
          const findings = r.ctx.client.check(op, res, { status: spec.errors.require(code).status, codes, rule });
          return conforms(r.ctx.client, { ...res, findings }, what);
        }
        const resized = op === 'ResizeInstance' ? resizeBody(m, inst, k) : undefined;
        const args = resized ? { json: resized } : op === 'UpdateInstance' ? { json: { description: 'busy' } } : {};
        if (r.virtual) return void (await r.refused(op, { params: { instance_id: inst.id }, ...args }, code, rule, what, codes));
        // In real time the change may end between the read above and this request: an acceptance counts
        // against the target only if a read sent after it (the client waits out the read lag after a
        // write) still shows the busy status seen before (a status does not come back). Otherwise it was
        // the documented success of an instance that had just become ready: the model follows it.
        const res = await r.act(op, { params: { instance_id: inst.id }, ...args });
        const expect = { status: spec.errors.require(code).status, codes: [code, ...codes], rule };
        if (!successStatuses(spec.operation(op)).includes(res.status)) return conforms(r.ctx.client, { ...res, findings: r.ctx.client.check(op, res, expect) }, what);
        if (await stillIs(inst, status, r)) return conforms(r.ctx.client, { ...res, findings: r.ctx.client.check(op, res, expect) }, `${what} (still ${status} after it was accepted)`);
        conforms(r.ctx.client, res, `${op} of ${inst.id}, accepted once it was no longer ${status}`);
        settleModel({ ...m, insts: [inst] });
        if (op === 'UpdateInstance') inst.description = 'busy';
        else start(inst, transitionOf(spec, op));
        if (resized) inst.newCapacity = resized.new_capacity;
      },
    ),
  );

  const useAfterFree = fc.nat({ max: PICK }).map((k) =>
    step(
      `modify deleted(#${k})`,
      (m) => m.insts.some((i) => i.gone),
      async (m, r) => {
        const inst = pick(m.insts.filter((i) => i.gone), k)!;
        const nf = spec.rules.protocol(NOT_FOUND);
        await r.refused('UpdateInstance', { params: { instance_id: inst.id }, json: { description: 'after delete' } }, nf.errorCode, NOT_FOUND, `modifying deleted instance ${inst.id}`);
      },
    ),
  );

  return [create, create, settle, settle, modify, resize, action, swap, remove, batchDelete, refuse, refuse, useAfterFree];
}

async function teardown(m: Model | undefined, r: Real): Promise<void> {
  if (!m) return;
  // Best effort: what remains is deleted again by the case's release().
  try {
    await r.ctx.clock.settle();
    for (const i of m.insts.filter((x) => !x.gone)) await r.ctx.client.call('DeleteSingleInstance', { params: { instance_id: i.id } });
    await r.ctx.clock.settle();
  } catch (e) {
    console.warn(`instance-lifecycle teardown: ${String(e)}`);
  }
}

export const lifecycleModel: ModelDef<Model, Prepared> = {
  name: 'instance-lifecycle',
  operationId: 'CreateInstance',
  rules: [REQUIRES_RUNNING, DELETE_REFUSED, NOT_FOUND, 'instance-num', 'name.instance', 'capacity.resize'],
  transitions: lifecycleTransitions,
  statuses: (spec) => successStatuses(spec.operation('CreateInstance')),
  maxCommands: 10,
  prepare,
  // Every sequence starts from one running instance of its own, so most commands apply at once.
  init: async (r, p) => {
    const m: Model = { p, insts: [] };
    await createInstances(m, r, 1, 0);
    await r.settle();
    settleModel(m);
    return m;
  },
  verify,
  commands,
  teardown,
};

/** Transitions of the operations the model drives, read from the state machine. */
function lifecycleTransitions(spec: Spec): string[] {
  const sections = DRIVEN.map((id) => spec.operation(id).section);
  return spec.rules.states.data.transitions.filter((t) => sections.includes(t.section)).map((t) => t.id);
}
