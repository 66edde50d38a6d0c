// Model: instance configuration parameters (reference 4.4.1 query, 4.4.2 modify, 4.4.3 history).
// A modification is applied asynchronously (config_status in progress, then back to the status the
// reference's example shows at rest) and then ListConfigurations shows the new values; each accepted
// modification adds one record to the history; a value outside the parameter's range is refused
// (rule config.param-value) and changes nothing; a modification while one is applied is refused
// (rule config.updating). Parameters and ranges come from rule config.param-value.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Inst } from '../../harness/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { exampleField, statusesOf, Step, type ModelDef, type Real } from './model.ts';

interface Parameter {
  param_id: string;
  param_name: string;
  value_range: string;
}

interface Model {
  inst: Inst;
  values: Map<string, string>;
  /** Values sent and not yet applied (settle applies them). */
  pending?: Map<string, string>;
  /** History records expected: the count at the start plus one per accepted modification. */
  histories: number;
}

const parameters = (spec: Spec) => (spec.rules.byId('config.param-value') as unknown as { parameters: Parameter[] }).parameters;

/** value_range is "min-max" for numbers, "a,b,c" for enumerations (rule config.param-value). */
function range(p: Parameter): { min: number; max: number } | { values: string[] } {
  const m = /^(-?\d+)-(-?\d+)$/.exec(p.value_range);
  return m ? { min: Number(m[1]), max: Number(m[2]) } : { values: p.value_range.split(',') };
}

function validValue(p: Parameter): fc.Arbitrary<string> {
  const r = range(p);
  return 'values' in r ? fc.constantFrom(...r.values) : fc.integer(r).map(String);
}

function invalidValue(p: Parameter): fc.Arbitrary<string> {
  const r = range(p);
  if ('values' in r) return fc.stringMatching(/^[a-z][a-z-]{2,11}$/).filter((v) => !r.values.includes(v));
  return fc.oneof(fc.integer({ min: r.max + 1, max: r.max + 1000 }), fc.integer({ min: r.min - 1000, max: r.min - 1 })).map(String);
}

const item = (p: Parameter, value: string) => ({ param_id: p.param_id, param_name: p.param_name, param_value: value });

/** Lets a modification finish: elsewhere than on the emulator, until config_status is back at rest. */
async function finishAll(m: Model, r: Real): Promise<void> {
  const atRest = exampleField(r.spec, 'ListConfigurations', 200, 'config_status');
  await r.settle(async () => ((await r.read('ListConfigurations', { params: { instance_id: m.inst.id } }, 'configuration')).json as { config_status?: string }).config_status === atRest);
  for (const [k, v] of m.pending ?? []) m.values.set(k, v);
  delete m.pending;
}

async function verify(m: Model, r: Real): Promise<void> {
  const params = { instance_id: m.inst.id };
  const atRest = exampleField(r.spec, 'ListConfigurations', 200, 'config_status');
  const res = await r.read('ListConfigurations', { params }, `configuration of ${m.inst.id}`);
  const body = res.json as { config_status?: string; redis_config?: { param_name: string; param_value: string }[] };
  if (!m.pending && body.config_status !== atRest) r.fail(res, `config_status is ${body.config_status} with no modification in progress, the model expects ${String(atRest)}`);
  if (m.pending && r.virtual && body.config_status === atRest) r.fail(res, `config_status is ${body.config_status} while a modification is in progress`, 'config.updating');
  for (const [name, value] of m.values) {
    const shown = body.redis_config?.find((x) => x.param_name === name)?.param_value;
    // While a modification is applied the reference does not say which value shows: old or new.
    const allowed = [value, ...(m.pending?.has(name) ? [m.pending.get(name)!] : [])];
    if (shown === undefined || !allowed.includes(shown)) r.fail(res, `parameter ${name} is ${shown}, the model expects ${allowed.join(' or ')}`, 'config.param-value');
  }
  const h = await r.read('ListConfigHistories', { params }, `configuration history of ${m.inst.id}`);
  const count = (h.json as { history_num?: number }).history_num;
  if (count !== m.histories) r.fail(h, `history_num is ${count}, the model expects ${m.histories} (one record per accepted modification)`);
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const catalogue = parameters(spec);
  const params = (m: Model) => ({ instance_id: m.inst.id });
  const changes = fc.uniqueArray(fc.constantFrom(...catalogue), { minLength: 1, maxLength: catalogue.length, selector: (p) => p.param_name }).chain((ps) => fc.tuple(...ps.map((p) => validValue(p).map((v) => [p, v] as const))));

  const update = changes.map((pairs) =>
    step(`update(${pairs.map(([p, v]) => `${p.param_name}=${v}`).join(', ')})`, (m) => !m.pending, async (m, r) => {
      await r.must('UpdateConfigurations', { params: params(m), json: { redis_config: pairs.map(([p, v]) => item(p, v)) } }, 'modifying parameters');
      m.pending = new Map(pairs.map(([p, v]) => [p.param_name, v]));
      m.histories++;
    }),
  );

  // One modification at a time: while one is applied another is refused (seen only on a still clock).
  const updateBusy = changes.map((pairs) =>
    step(`update while updating(${pairs.map(([p]) => p.param_name).join(', ')})`, (m) => !!m.pending, async (m, r) => {
      if (!r.virtual) return;
      const rule = spec.rules.byId('config.updating');
      await r.refused('UpdateConfigurations', { params: params(m), json: { redis_config: pairs.map(([p, v]) => item(p, v)) } }, rule.errorCode, rule.id, 'a modification while one is applied', spec.rules.states.busyCodes);
    }),
  );

  const updateInvalid = fc.constantFrom(...catalogue).chain((p) => invalidValue(p).map((v) => [p, v] as const)).map(([p, v]) =>
    step(`update(${p.param_name}=${v}, out of range)`, (m) => !m.pending, async (m, r) => {
      const rule = spec.rules.byId('config.param-value');
      await r.refused('UpdateConfigurations', { params: params(m), json: { redis_config: [item(p, v)] } }, rule.errorCode, rule.id, `${p.param_name} outside ${p.value_range}`);
    }),
  );

  const settle = fc.constant(
    step('settle', () => true, (m, r) => finishAll(m, r)),
  );

  return [update, update, updateBusy, updateInvalid, settle, settle];
}

export const configsModel: ModelDef<Model, Inst> = {
  name: 'configs',
  operationId: 'UpdateConfigurations',
  rules: ['config.param-value', 'config.updating'],
  statuses: (spec) => statusesOf(spec, 'UpdateConfigurations', [spec.rules.byId('config.param-value').errorCode]),
  maxCommands: 8,
  // An instance of its own: other cases rely on the shared instance's parameters (the LFU policy).
  prepare: (ctx: SuiteContext) => ctx.scenario.instance({ name: ctx.scenario.name('sfc') }),
  async init(r, inst) {
    const params = { instance_id: inst.id };
    const res = await r.read('ListConfigurations', { params }, 'the starting configuration');
    const shown = (res.json as { redis_config?: { param_name: string; param_value: string }[] }).redis_config ?? [];
    const values = new Map(parameters(r.spec).map((p) => [p.param_name, shown.find((x) => x.param_name === p.param_name)?.param_value ?? '']));
    const h = await r.read('ListConfigHistories', { params }, 'the starting history');
    return { inst, values, histories: (h.json as { history_num?: number }).history_num ?? 0 };
  },
  verify,
  commands,
  async teardown(m, r) {
    await (m ? finishAll(m, r) : r.ctx.clock.settle()).catch((e: unknown) => console.warn(`configs teardown: ${String(e)}`));
  },
};
