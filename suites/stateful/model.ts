// The machinery every model-based case shares: a Real (the target through ctx, recording the
// requests a sequence makes), a Step command (act on target and model, then check the model against
// what the target says), and runModel(), which runs fc.commands sequences with fc.asyncModelRun and
// turns the shrunk counterexample into a ConformanceFailure listing the numbered, masked requests.
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { successStatuses, AsyncWorkFailedError, LongWaitRefusedError, RunStoppedError, ScenarioError, ScenarioUnsupported, StuckDependencyError, WaitTimeoutError, type CallArgs, type CallResult, type Expectation } from '../../harness/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped, ConformanceFailure, ModelRunError, SuiteSpecMismatchError } from '../engine/errors.ts';
import { caseFor, seedFor } from '../cases/common.ts';

/** Wall-clock budget of one model case, shrinking included: on the emulator a faithful run takes
 * seconds; elsewhere instances take minutes to create and waits are real, but shrinking must end. */
const EMULATOR_BUDGET_MS = 30_000;
const REMOTE_BUDGET_MS = 2 * 3600_000;

/** One request (or clock move) of a sequence, as a failure report prints it. */
interface Line {
  text: string;
  command: string;
}

/** The target side of a model run: checked calls through ctx.client, every acting request recorded. */
export class Real {
  readonly lines: Line[] = [];
  private command = 'setup';

  constructor(readonly ctx: SuiteContext) {}

  get spec(): Spec {
    return this.ctx.spec;
  }

  /** The emulator's clock stands still between requests: transitional states are exact. */
  get virtual(): boolean {
    return this.ctx.clock.virtual;
  }

  /** Marks the requests that follow as the command's (the report names it next to each). */
  begin(command: string): void {
    this.command = command;
  }

  /** A request the sequence makes (numbered in a failure report). Not checked: see must/refused. */
  async act(opId: string, args: CallArgs = {}): Promise<CallResult> {
    const r = await this.ctx.client.call(opId, args);
    this.lines.push({ text: `${describe(this.ctx, r.operation, args)} → ${r.status}`, command: this.command });
    return r;
  }

  /** An acting request that must succeed with a documented 2xx and conform. */
  async must(opId: string, args: CallArgs, what: string): Promise<CallResult> {
    const op = this.spec.operation(opId);
    const r = await this.act(opId, { ...args, expect: { status: successStatuses(op), ...args.expect } });
    conforms(this.ctx.client, r, what);
    return r;
  }

  /** An acting request the target must refuse with `code` (or a code of the same meaning, or one of `also`). */
  async refused(opId: string, args: CallArgs, code: string, rule: string | undefined, what: string, also: readonly string[] = []): Promise<CallResult> {
    return this.rejected(opId, args, { status: this.spec.errors.require(code).status, codes: [code, ...also], ...(rule ? { rule } : {}) }, what);
  }

  /** An acting request the target must answer as `expect` says (status and codes). */
  async rejected(opId: string, args: CallArgs, expect: Expectation, what: string): Promise<CallResult> {
    const r = await this.act(opId, { ...args, expect });
    conforms(this.ctx.client, r, what);
    return r;
  }

  /** A read that checks the model (after every command; not numbered, the failure message shows it). */
  async read(opId: string, args: CallArgs, what: string): Promise<CallResult> {
    const r = await this.ctx.client.call(opId, args);
    conforms(this.ctx.client, r, what);
    return r;
  }

  /** Reads every item of a paged list (offset = position, as the reference's lists define it). */
  async readAll<T>(opId: string, args: CallArgs, items: (body: any) => T[] | undefined, total: (body: any) => unknown, what: string): Promise<{ items: T[]; last: CallResult }> {
    const limit = pageLimit(this.spec.operation(opId));
    const out: T[] = [];
    for (;;) {
      const last = await this.read(opId, { ...args, query: { ...args.query, offset: out.length, ...(limit ? { limit } : {}) } }, what);
      // A list may answer 204 without a body when nothing matches.
      if (last.json === undefined) return { items: out, last };
      const page = items(last.json) ?? [];
      out.push(...page);
      const n = Number(total(last.json));
      if (!page.length || !Number.isFinite(n) || out.length >= n) return { items: out, last };
    }
  }

  /**
   * Lets pending work finish. On the emulator the virtual clock runs every deadline; elsewhere the
   * clock's settle waits for instances only, so `done` (a read-only check of the model's own pending
   * resources: records, tasks, jobs) is polled until it holds, bounded by the target's poll timeout.
   */
  async settle(done?: () => Promise<boolean>): Promise<void> {
    this.lines.push({ text: 'settle (let pending work finish)', command: this.command });
    await this.ctx.clock.settle();
    if (this.virtual || !done) return;
    try {
      await this.ctx.scenario.until("the sequence's pending work", done);
    } catch (e) {
      throw new ConformanceFailure(`pending work never finished: ${e instanceof Error ? e.message : String(e)} (raise the poll timeout if the target is just slow)`);
    }
  }

  async advance(ms: number): Promise<void> {
    this.lines.push({ text: `advance the clock ${ms} ms`, command: this.command });
    await this.ctx.clock.advance(ms);
  }

  /** The target departed from the model: names the rule and shows the exchange. */
  fail(r: CallResult, message: string, rule?: string): never {
    departure(this.ctx.client, r, message, rule);
  }
}

/** The largest page an operation documents (its limit parameter's maximum), if any. */
function pageLimit(op: OperationInfo): number | undefined {
  const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'limit');
  return typeof limit?.schema.maximum === 'number' ? limit.schema.maximum : undefined;
}

/** `PUT /v2/{project_id}/instances/<id> {"name":…}`: path parameters filled in (not the project), body masked. */
function describe(ctx: SuiteContext, op: OperationInfo, args: CallArgs): string {
  const path = op.path.replace(/\{(\w+)\}/g, (whole, name: string) => (name === 'project_id' || args.params?.[name] === undefined ? whole : String(args.params[name])));
  const query = args.query ? Object.entries(args.query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`).join('&') : '';
  const m = ctx.client.masker;
  const body = args.json === undefined ? '' : ` ${JSON.stringify(m.json(args.json))}`;
  return m.text(`${op.method} ${path}${query ? `?${query}` : ''}${body}`);
}

/** A command: `can` says whether it applies to the model now, `act` acts on both sides; the model is checked after. */
export class Step<M extends object> implements fc.AsyncCommand<M, Real> {
  constructor(
    private readonly label: string,
    private readonly can: (m: M) => boolean,
    private readonly act: (m: M, r: Real) => Promise<void>,
    private readonly verify: (m: M, r: Real) => Promise<void>,
  ) {}

  check(m: Readonly<M>): boolean {
    return this.can(m as M);
  }

  async run(m: M, r: Real): Promise<void> {
    r.begin(this.label);
    await this.act(m, r);
    r.begin(`check after ${this.label}`);
    await this.verify(m, r);
  }

  toString(): string {
    return this.label;
  }
}

export interface ModelDef<M extends object, P> {
  /** Model name: the case's check is `stateful.<name>`. */
  name: string;
  /** The model's main operation (the case is filed under it). */
  operationId: string;
  rules: string[];
  /** State-machine transitions the model drives (read from the spec). */
  transitions?(spec: Spec): string[];
  /** Statuses of the main operation the model expects (coverage). */
  statuses(spec: Spec): number[];
  maxCommands: number;
  /** The model reads what every case may change (tenant-wide lists and counts): it runs alone. */
  exclusive?: boolean;
  /** Once per case: prerequisites (shared instances…); throws CaseSkipped when the target lacks something. */
  prepare(ctx: SuiteContext): Promise<P>;
  /** Once per sequence: the model's starting state, read from or set on the target. */
  init(r: Real, p: P): Promise<M>;
  /** After every command: what the target says agrees with the model. */
  verify(m: M, r: Real): Promise<void>;
  /** `longWaits`: commands that move the clock far may be used (a virtual clock, or --allow-long-waits). */
  commands(spec: Spec, verify: (m: M, r: Real) => Promise<void>, opts: { longWaits: boolean }): fc.Arbitrary<fc.AsyncCommand<M, Real>>[];
  /** Once per sequence, also after a failure: removes what the sequence made (best effort, never throws). */
  teardown?(m: M | undefined, r: Real, p: P): Promise<void>;
}

interface Failure {
  lines: Line[];
  error: unknown;
}

/** The numbered requests of the minimal failing sequence, each with the command it belongs to. */
function numbered(lines: Line[]): string {
  return lines.map((l, i) => `  ${i + 1}. ${l.text}    [${l.command}]`).join('\n');
}

function report<Ts>(ctx: SuiteContext, name: string, seed: number, d: fc.RunDetails<Ts>, failure: Failure | undefined): Error {
  // No counterexample: the time budget ran out before any sequence finished (or runs were skipped).
  if (d.counterexamplePath === null) return new ModelRunError(`model ${name}: no verdict: ${d.interrupted ? 'the time budget ran out before a sequence finished' : `${d.numSkips} runs skipped`} (fast-check seed ${seed})`);
  const error = failure?.error ?? d.errorInstance;
  const cmds = Array.isArray(d.counterexample) ? String(d.counterexample[0]) : '';
  // A departure shows its message (with the exchange); anything else is a harness error: its stack.
  const cause = error instanceof ConformanceFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  const message = [
    `model ${name}: the target departed from the model (minimal sequence: ${failure?.lines.length ?? '?'} step(s))`,
    `  run seed ${ctx.seed}; fast-check seed ${seed}, path "${d.counterexamplePath ?? ''}" (${d.numShrinks} shrinks${d.interrupted ? ', shrinking cut short by the time budget' : ''})`,
    `  commands: ${cmds || '(none)'}`,
    `  replay: the same run seed (DCS_RUN_SEED=${ctx.seed}) and number of runs give the same sequences`,
    'minimal failing sequence:',
    failure ? numbered(failure.lines) : '  (not recorded)',
    `failure: ${ctx.client.masker.text(cause)}`,
  ].join('\n');
  if (error instanceof ConformanceFailure) return new ConformanceFailure(message, error.details.rule ? { rule: error.details.rule } : {});
  // A prerequisite the target refused, or a capability it lacks: reported as such by runCase.
  if (error instanceof ScenarioError || error instanceof ScenarioUnsupported || error instanceof CaseSkipped) return error;
  // Work that never ended (or a behaviour another case found stuck): the target's, reported as runCase names it.
  if (error instanceof WaitTimeoutError || error instanceof StuckDependencyError || error instanceof AsyncWorkFailedError || error instanceof LongWaitRefusedError || error instanceof RunStoppedError) return error;
  return new ModelRunError(message, { cause: error });
}

export async function runModel<M extends object, P>(ctx: SuiteContext, def: ModelDef<M, P>): Promise<void> {
  const prepared = await def.prepare(ctx);
  const seed = seedFor(ctx.seed, def.name);
  const verify = (m: M, r: Real) => def.verify(m, r);
  let failure: Failure | undefined;
  const property = fc.asyncProperty(fc.commands(def.commands(ctx.spec, verify, { longWaits: ctx.allowLongWaits }), { maxCommands: def.maxCommands, size: 'max' }), async (cmds) => {
    const real = new Real(ctx);
    let model: M | undefined;
    try {
      model = await def.init(real, prepared);
      real.begin('check of the starting state');
      await def.verify(model, real);
      const m = model;
      await fc.asyncModelRun(() => ({ model: m, real }), cmds);
    } catch (e) {
      // fast-check reports the last failing sequence it ran: keep that one's requests.
      failure = { lines: [...real.lines], error: e };
      throw e;
    } finally {
      await def.teardown?.(model, real, prepared);
    }
  });
  await fc.assert(property, {
    seed,
    numRuns: ctx.numRuns,
    interruptAfterTimeLimit: ctx.clock.virtual ? EMULATOR_BUDGET_MS : REMOTE_BUDGET_MS,
    plugins: [
      () => ({
        onAllRunsComplete: (d) => {
          if (d.failed) throw report(ctx, def.name, seed, d, failure);
        },
      }),
    ],
  });
}

/** The Case of a model (suite stateful, profile full, destructive: it makes and removes resources). */
export function modelCase<M extends object, P>(spec: Spec, def: ModelDef<M, P>): Case {
  return caseFor(spec.operation(def.operationId), {
    suite: 'stateful',
    check: `stateful.${def.name}`,
    rules: def.rules,
    ...(def.transitions ? { transitions: def.transitions(spec) } : {}),
    statuses: def.statuses(spec),
    profile: 'full',
    destructive: true,
    ...(def.exclusive ? { exclusive: true } : {}),
    run: (ctx) => runModel(ctx, def),
  });
}

// ---- helpers the models share --------------------------------------------------------------------

/** The k-th element (wrapping), or undefined for an empty list: commands pick "some" resource by index. */
export const pick = <T>(list: readonly T[], k: number): T | undefined => (list.length ? list[k % list.length] : undefined);

/** Same members, order ignored (the reference says nothing about order). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The refusal code of an operation's section in a status, per the state machine. */
export function refusalCode(spec: Spec, opId: string, status: string, action?: string): string | undefined {
  return spec.rules.states.refusal(spec.operation(opId).section, status, action);
}

/** The operation's documented 2xx statuses plus the statuses of the given codes. */
export function statusesOf(spec: Spec, opId: string, codes: readonly string[] = []): number[] {
  return [...new Set([...successStatuses(spec.operation(opId)), ...codes.map((c) => spec.errors.require(c).status)])].sort();
}

/** The enum of a request-body field (top level). */
export function bodyEnum(spec: Spec, opId: string, field: string): string[] {
  const props = spec.operation(opId).requestBody?.schema?.properties as Record<string, { enum?: string[] }> | undefined;
  const values = props?.[field]?.enum;
  if (!values?.length) throw new SuiteSpecMismatchError(`${opId} request field ${field} has no enum`);
  return values;
}

/** A field of the reference's first example of a response: what the reference shows a settled resource answering. */
export function exampleField(spec: Spec, opId: string, status: number, field: string): unknown {
  const ex = spec.operation(opId).responses.get(status)?.examples.find((e) => 'value' in e)?.value as Record<string, unknown> | undefined;
  if (!ex || !(field in ex)) throw new SuiteSpecMismatchError(`${opId} ${status} has no example with ${field}`);
  return ex[field];
}
