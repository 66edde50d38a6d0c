// Instance parameters (reference 4.4): the parameter catalogue of spec rule config.param-value, the
// values of each instance, modifications applied on the virtual clock (config_status UPDATING ->
// SUCCESS) and the history of modifications. Also holds the custom-template store that templates.ts
// fills, so an instance created with a custom template_id starts from that template's values.
import type { Spec } from '../../spec/index.ts';
import { ApiError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance, ProjectState } from '../core/store.ts';
import { instanceOf, invalid, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

/** One parameter as 4.4.1 reports it (all strings, as the reference types them). */
export interface ConfigParameter {
  param_id: string;
  param_name: string;
  description: string;
  value_type: string;
  value_range: string;
  default_value: string;
}

export interface ConfigTemplate {
  template_id: string;
  name: string;
  type: 'sys' | 'user';
  engine: string;
  engine_version: string;
  cache_mode: string;
  product_type: string;
  storage_type: string;
  description: string | null;
  created_at?: number;
  /** Values that differ from the catalogue defaults, by parameter name. */
  params: Record<string, string>;
}

interface History {
  history_id: string;
  type: string;
  created_at: number;
  status: string;
}

export interface ConfigState {
  values: Map<string, string>;
  status: 'SUCCESS' | 'UPDATING' | 'FAILURE';
  time: number;
  histories: History[];
}

/** An instance's configuration (4.4), created on first use; analysis.ts reads its values. */
export const CONFIG_STATE = stateKey<ConfigState>('configs');

export const parametersOf = (spec: Spec): ConfigParameter[] => (spec.rules.byId('config.param-value') as unknown as { parameters: ConfigParameter[] }).parameters;

const CUSTOM_TEMPLATES = stateKey<Map<string, ConfigTemplate>>('config-templates');
/** Custom templates of a project (written by templates.ts). */
export const customTemplatesOf = (project: ProjectState) => project.slice(CUSTOM_TEMPLATES, () => new Map());

/** Whether `value` fits the parameter: value_range is "min-max" for numbers, "a,b,c" for enumerations. */
export function acceptsValue(p: ConfigParameter, value: string): boolean {
  const range = /^(-?\d+)-(-?\d+)$/.exec(p.value_range);
  if (range) return /^-?\d+$/.test(value) && Number(value) >= Number(range[1]) && Number(value) <= Number(range[2]);
  return p.value_range.split(',').includes(value);
}

/** Throws the rule's code (naming the parameter) for an unknown parameter or a value out of its range. */
export function checkParamValues(ctx: HandlerContext, values: Record<string, string>, field: string): void {
  const catalogue = parametersOf(ctx.spec);
  const rule = ctx.spec.rules.byId('config.param-value');
  for (const [name, value] of Object.entries(values)) {
    const p = catalogue.find((x) => x.param_name === name);
    if (!p) invalid(ctx, field);
    if (!acceptsValue(p, value)) throw new ApiError(rule.errorCode, name);
  }
}

function stateOf(ctx: HandlerContext, inst: Instance): ConfigState {
  let state = inst.ext.get(CONFIG_STATE);
  if (!state) {
    // A custom template chosen at creation (4.1.1 template_id) sets the starting values.
    const template = inst.template_id ? customTemplatesOf(ctx.project).get(inst.template_id) : undefined;
    const values = new Map(parametersOf(ctx.spec).map((p) => [p.param_name, template?.params[p.param_name] ?? p.default_value]));
    state = { values, status: 'SUCCESS', time: inst.created_at, histories: [] };
    inst.ext.set(CONFIG_STATE, state);
  }
  return state;
}

export const listConfigurations: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const state = stateOf(ctx, inst);
  return {
    body: {
      instance_id: inst.instance_id,
      config_status: state.status,
      config_time: new Date(state.time).toISOString(),
      status: inst.status,
      redis_config: parametersOf(ctx.spec).map((p) => ({ ...p, param_value: state.values.get(p.param_name) ?? p.default_value })),
    },
  };
};

export const updateConfigurations: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const state = stateOf(ctx, inst);
  if (state.status === 'UPDATING') throw new ApiError(ctx.spec.rules.byId('config.updating').errorCode);
  const items = (ctx.body as { redis_config?: { param_id: string; param_name: string; param_value: string }[] } | undefined)?.redis_config;
  // The body is optional in the schema, but a modification that names nothing is a client mistake.
  if (!items?.length) invalid(ctx, 'redis_config');
  const catalogue = parametersOf(ctx.spec);
  const changes: Record<string, string> = {};
  for (const item of items) {
    const p = catalogue.find((x) => x.param_name === item.param_name);
    if (!p) invalid(ctx, 'param_name');
    if (p.param_id !== item.param_id) invalid(ctx, 'param_id');
    if (item.param_name in changes) invalid(ctx, 'redis_config');
    changes[item.param_name] = item.param_value;
  }
  checkParamValues(ctx, changes, 'param_name');
  const history: History = { history_id: ctx.store.ids.uuid(), type: 'config_param', created_at: ctx.now, status: 'UPDATING' };
  state.histories.push(history);
  state.status = 'UPDATING';
  state.time = ctx.now;
  inst.version++;
  // Applied asynchronously (4.4.1 config_status UPDATING): the old values stay visible until done.
  ctx.store.after(ctx.config.durations.task, () => {
    for (const [name, value] of Object.entries(changes)) state.values.set(name, value);
    state.status = 'SUCCESS';
    history.status = 'SUCCESS';
    state.time = ctx.store.clock.now();
  });
  return { status: 204 };
};

export const listConfigHistories: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { offset?: number; limit?: number };
  // Newest first; records are appended in time order.
  const all = [...stateOf(ctx, inst).histories].reverse();
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return {
    body: {
      history_num: all.length,
      histories: all.slice(offset, offset + limit).map((h) => ({ ...h, created_at: new Date(h.created_at).toISOString() })),
    },
  };
};

export const configsResource: Resource = {
  name: 'configs',
  handlers: {
    ListConfigurations: listConfigurations,
    UpdateConfigurations: updateConfigurations,
    ListConfigHistories: listConfigHistories,
  },
};
