// What every operation handler receives, and what it returns.
import type { OperationInfo, Spec } from '../../spec/index.ts';
import type { EmulatorConfig, EmulatorUser } from '../core/config.ts';
import { ApiError } from '../core/errors.ts';
import type { Instance, ProjectState, Store } from '../core/store.ts';

export interface HandlerContext {
  spec: Spec;
  store: Store;
  config: EmulatorConfig;
  op: OperationInfo;
  user: EmulatorUser;
  /** The project of the path, or of X-Project-Id / the user's first project for project-less paths. */
  project: ProjectState;
  params: Record<string, string>;
  /** Query values converted to the types their schemas declare. */
  query: Record<string, unknown>;
  /** Parsed, schema-valid JSON body (undefined when the operation has none). */
  body: any;
  /** Virtual now, epoch ms. */
  now: number;
}

export interface HandlerResult {
  /** Defaults to the operation's first documented 2xx. */
  status?: number;
  body?: unknown;
}

export type Handler = (ctx: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** The instance of the path, or the catalog's "instance does not exist" (also for deleted IDs). */
export function instanceOf(ctx: HandlerContext, id = ctx.params.instance_id): Instance {
  const inst = id ? ctx.project.instances.get(id) : undefined;
  if (!inst) throw new ApiError(ctx.spec.rules.protocol('resource.instance-not-found').errorCode);
  return inst;
}

/** Refuses the operation when the instance's status does not allow it (spec state machine). */
export function requireStatus(ctx: HandlerContext, inst: Instance, action?: string): void {
  const code = ctx.spec.rules.states.refusal(ctx.op.section, inst.status, action);
  if (code) throw new ApiError(code);
}

/** 400 with the generic invalid-parameter code naming the field. */
export function invalid(ctx: HandlerContext, field: string): never {
  throw new ApiError(ctx.spec.rules.protocol('request.invalid-parameter').errorCode, field);
}

/** Throws the first rule violation found (spec/rules checkers return them); `field` fills {0}. */
export function enforce(violations: { errorCode: string }[], field: string): void {
  const v = violations[0];
  if (v) throw new ApiError(v.errorCode, field);
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
