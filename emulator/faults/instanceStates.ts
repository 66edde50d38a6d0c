// State faults: which statuses allow which operations, the transitions of the state machine and
// their effects, the password lockout, and what the instance list says
// (spec/src/rules/instanceStates.json).
import { StateMachine } from '../../spec/rules/index.ts';
import { InstanceMap, type Instance, type Store } from '../core/store.ts';
import type { Handler, HandlerContext } from '../resources/context.ts';
import { mastersSnapshot } from '../resources/nodes.ts';
import type { Fault } from './types.ts';
import { withRules, withStates } from './overlay.ts';

/** Allows every operation in every status, except removals, which keep instance-states.delete-refused. */
class RunningNotRequired extends StateMachine {
  override refusal(section: string, status: string, action?: string): string | undefined {
    const t = this.transitionFor(section, action);
    return t?.via && t.to === null ? super.refusal(section, status, action) : undefined;
  }
}

/** The instance of the path, when it exists. */
const pathInstance = (ctx: HandlerContext): Instance | undefined => ctx.project.instances.get(ctx.params.instance_id ?? '');

/** The transition `ctx`'s operation drives (with the body's action), when the state machine has one. */
const transitionOf = (ctx: HandlerContext) => ctx.spec.rules.states.transitionFor(ctx.op.section, (ctx.body as { action?: string } | undefined)?.action);

/**
 * Runs the handler and learns when the transition it started ends: the delay it scheduled (with the
 * realistic mode's jitter, each read of a duration differs, so the fault cannot read its own).
 */
async function scheduling<T>(ctx: HandlerContext, inner: (ctx: HandlerContext) => T | Promise<T>): Promise<{ res: T; ms?: number }> {
  const store = ctx.store;
  const after = store.after;
  let ms: number | undefined;
  store.after = (delay, run) => {
    ms ??= delay;
    after.call(store, delay, run);
  };
  try {
    return { res: await inner(ctx), ...(ms !== undefined ? { ms } : {}) };
  } finally {
    store.after = after;
  }
}

/** Runs `run` once the transition `ctx` started has completed (its deadline, queued after it). */
const afterTransition = (ctx: HandlerContext, ms: number, run: () => void) => ctx.store.after(ms, run);

/** The transitions state.restart-skipped leaves out (its via-status is never reported). */
const SKIPPED = ['restart'];

/** A store whose last deadline scheduled through it is dropped (and never runs). */
function withoutLastStep(store: Store): { store: Store; commit(): void } {
  const queued: [number, () => void][] = [];
  const view = Object.create(store, { after: { value: (ms: number, run: () => void) => void queued.push([ms, run]) } }) as Store;
  return { store: view, commit: () => queued.slice(0, -1).forEach(([ms, run]) => store.after(ms, run)) };
}

export const stateFaults: Fault[] = [
  {
    id: 'state.requires-running-ignored',
    family: 'state',
    rule: 'instance-states.requires-running',
    breaks: 'Operations that need a RUNNING instance are accepted in any status (CREATING, RESTARTING, EXTENDING…).',
    install(h) {
      h.overlaySpec((spec) => withRules(spec, { states: new RunningNotRequired(spec.rules.states.data) }));
    },
  },
  {
    id: 'state.resize-not-applied',
    family: 'state',
    rule: 'capacity.resize',
    transitions: ['resize'],
    breaks: 'ResizeInstance goes through EXTENDING back to RUNNING, but the instance keeps its old capacity and spec_code.',
    install(h) {
      h.wrapHandler('ResizeInstance', (inner) => async (ctx) => {
        const inst = pathInstance(ctx);
        const before = inst && { capacity: inst.capacity, spec_code: inst.spec_code, cache_mode: inst.cache_mode };
        const { res, ms } = await scheduling(ctx, inner);
        if (inst && before) afterTransition(ctx, ms ?? ctx.config.durations.resize, () => Object.assign(inst, before));
        return res;
      });
    },
  },
  {
    id: 'state.resize-stuck',
    family: 'state',
    rule: 'instance-states.transitions',
    transitions: ['resize'],
    breaks: 'A resize never completes: the instance stays EXTENDING (its new capacity applied) and never returns to RUNNING.',
    install(h) {
      h.wrapHandler('ResizeInstance', (inner) => async (ctx) => {
        const { res, ms } = await scheduling(ctx, inner);
        const inst = pathInstance(ctx);
        const via = transitionOf(ctx)?.via;
        if (inst && via) afterTransition(ctx, ms ?? ctx.config.durations.resize, () => void (inst.status = via));
        return res;
      });
    },
  },
  {
    id: 'state.restart-skipped',
    family: 'state',
    rule: 'instance-states.transitions',
    transitions: SKIPPED,
    breaks: 'A restart is acknowledged but the instance never reports RESTARTING: it stays RUNNING throughout.',
    install(h) {
      h.wrapHandler('RestartOrFlushInstances', (inner) => async (ctx) => {
        const res = await inner(ctx);
        const t = transitionOf(ctx);
        if (t?.via && t.to && SKIPPED.includes(t.id)) {
          for (const id of (ctx.body as { instances?: string[] }).instances ?? []) {
            const inst = ctx.project.instances.get(id);
            if (inst?.status === t.via) inst.status = t.to;
          }
        }
        return res;
      });
    },
  },
  {
    id: 'state.swap-roles-unchanged',
    family: 'state',
    rule: 'swap.roles',
    breaks: 'ChangeMasterStandby goes through MS_SWAPPING back to RUNNING, but every node keeps its role: ShowNodesInformation and ListGroupReplicationInfo show the same master before and after.',
    install(h) {
      h.wrapHandler('ChangeMasterStandby', (inner) => async (ctx) => {
        const inst = pathInstance(ctx);
        const restore = inst && mastersSnapshot(inst);
        const { res, ms } = await scheduling(ctx, inner);
        if (restore) afterTransition(ctx, ms ?? ctx.config.durations.swap, restore);
        return res;
      });
    },
  },
  {
    id: 'state.deleted-still-listed',
    family: 'state',
    rule: 'resource.instance-not-found',
    transitions: ['delete', 'batch-delete'],
    breaks: 'A deleted instance answers not-found by ID but ListInstances keeps listing it (as DELETING), also when asked for its ID.',
    install(h) {
      // Instances a delete was asked for, kept after the store lets them go.
      const ghosts = new Map<string, Instance>();
      const remember: (ids: (ctx: HandlerContext) => string[]) => (inner: Handler) => Handler = (ids) => (inner) => (ctx) => {
        for (const id of ids(ctx)) {
          const inst = ctx.project.instances.get(id);
          if (inst) ghosts.set(id, inst);
        }
        return inner(ctx);
      };
      h.wrapHandler('DeleteSingleInstance', remember((ctx) => [ctx.params.instance_id ?? '']));
      h.wrapHandler('BatchDeleteInstances', remember((ctx) => (ctx.body as { instances?: string[] } | undefined)?.instances ?? []));
      h.wrapHandler('ListInstances', (inner) => (ctx) => {
        const gone = [...ghosts].filter(([id]) => ctx.project.deleted.has(id));
        if (!gone.length) return inner(ctx);
        // The list reads the project's instances: it gets a view of the project with the ghosts in it.
        const project = Object.create(ctx.project, { instances: { value: new InstanceMap([...ctx.project.instances, ...gone]) } }) as HandlerContext['project'];
        return inner({ ...ctx, project });
      });
    },
  },
  {
    id: 'state.backup-never-completes',
    family: 'state',
    rule: 'instance-states.transitions',
    transitions: ['backup'],
    breaks: 'A manual backup is accepted but its record never reaches its last status (succeed): it stays in progress forever.',
    install(h) {
      h.wrapHandler('CopyInstance', (inner) => async (ctx) => {
        // The record's steps are scheduled one deadline each: the one that completes it is dropped.
        const { store, commit } = withoutLastStep(ctx.store);
        const res = await inner({ ...ctx, store });
        commit();
        return res;
      });
    },
  },
  {
    id: 'state.lockout-never',
    family: 'state',
    rule: 'instance-states.password-lockout',
    breaks: 'Wrong old passwords are never locked out: UpdatePassword keeps answering passwordFailed, however many attempts fail.',
    install(h) {
      h.overlaySpec((spec) => withStates(spec, { passwordLockout: { ...spec.rules.states.data.passwordLockout, maxFailures: Number.MAX_SAFE_INTEGER } }));
    },
  },
  {
    id: 'state.lockout-late',
    family: 'state',
    rule: 'instance-states.password-lockout',
    breaks: 'The password lockout triggers one failure late: the attempt that should lock is answered passwordFailed, the next one locks.',
    install(h) {
      h.overlaySpec((spec) => {
        const lockout = spec.rules.states.data.passwordLockout;
        return withStates(spec, { passwordLockout: { ...lockout, maxFailures: lockout.maxFailures + 1 } });
      });
    },
  },
  {
    id: 'state.list-count-off',
    family: 'state',
    rule: 'instance-states.list-filters',
    breaks: 'ListInstances counts one instance more in instance_num than the filters select (and than it lists).',
    install(h) {
      h.wrapHandler('ListInstances', (inner) => async (ctx) => {
        const res = await inner(ctx);
        const body = res.body as { instance_num?: number } | undefined;
        return typeof body?.instance_num === 'number' ? { ...res, body: { ...body, instance_num: body.instance_num + 1 } } : res;
      });
    },
  },
];
