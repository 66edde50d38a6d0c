// Opens a run against a target descriptor: one lane per case that may run at once (the target's
// concurrency), each with its checked client, its fixtures' scenario (named with the run id and the
// lane), the clock, and what it waits for; the lanes share the rate limit, the security principals and
// the behaviours found stuck. close() removes what the run made, also when the run was interrupted.
import { loadSpec, type Spec } from '../../spec/index.ts';
import { Scenario, authFromCredentials, createClient, PendingWork, RateLimiter, RunStoppedError, StuckBehaviours, TargetHealth, trackedClient, type Exchange } from '../../harness/index.ts';
import { advanceClock, ClockWork, harnessDriver, type LaneDriver } from './driver.ts';
import { LanePool } from './lanes.ts';
import { laneTag, newRunId } from './runIds.ts';
import { PROFILE_SETTINGS } from './profiles.ts';
import type { TargetDescriptor } from './target.ts';
import type { Profile, SuiteContext } from './types.ts';

export interface SuiteOptions {
  profile?: Profile;
  seed?: number;
  /** Property runs per property check; the profile's default otherwise. */
  runs?: number;
  allowDestructive?: boolean;
  /** Let cases wait as long as the target's clock needs to move (lock expiry…) on a real-time target. */
  allowLongWaits?: boolean;
  /** Short, unique; goes into every name the run gives a resource. */
  runId?: string;
  mode?: 'strict' | 'lenient';
  /** Folder for the masked exchange log. */
  logDir?: string;
  spec?: Spec;
  /** Lanes (cases at once); the target's concurrency otherwise. */
  lanes?: number;
  /** Called when a lane begins or ends a wait (progress). */
  onWait?: (lane: number, event: { what: string; status?: string; done?: { ms: number } }) => void;
}

export interface OpenSuite {
  /** The first lane's context: a run through runCases() uses this one alone. */
  ctx: SuiteContext;
  /** Every lane: a run that takes cases concurrently acquires one per case. */
  lanes: LanePool;
  /** Behaviours the target was found never to complete. */
  stuck: StuckBehaviours;
  /** No case starts any more, and the running ones send nothing more (they end as not run); cleanups still run. */
  stop(): void;
  /** Stops, waits for the running cases to end, then deletes what the run made; returns what could not be removed. */
  close(): Promise<string[]>;
}

export { newRunId } from './runIds.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function openSuite(target: TargetDescriptor, options: SuiteOptions = {}): Promise<OpenSuite> {
  const spec = options.spec ?? (await loadSpec());
  const profile = options.profile ?? 'full';
  const seed = options.seed ?? ((Date.now() ^ (Math.random() * 0x100000000)) | 0);
  const runId = options.runId ?? newRunId();
  const lanes = Math.max(1, options.lanes ?? target.concurrency ?? 1);
  // One rate limit for the whole run: the target throttles the tenant, not a lane.
  const limiter = target.rateLimit ? new RateLimiter(target.rateLimit) : undefined;
  const stuck = new StuckBehaviours();
  let stopped = false;
  const guard = () => {
    if (stopped) throw new RunStoppedError();
  };
  // One judgement for the run of whether the target still answers: every lane stops at once.
  const health = new TargetHealth(new URL(target.endpoint).origin);
  const p = target.principals;
  // Each principal's credentials with its own placeholder in reproductions ($DCS_READONLY_TOKEN, $DCS_OTHER_TOKEN).
  const readonly = p.readonly ? authFromCredentials(p.readonly, 'readonly') : undefined;
  const other = p.other ? authFromCredentials(p.other.credentials, 'other') : undefined;
  const principals = {
    ...(readonly ? { readonly } : {}),
    ...(other && p.other ? { other: { auth: other, projectId: p.other.projectId } } : {}),
    ...(p.aksk ? { aksk: p.aksk } : {}),
  };
  // The target's clock is one for every lane: a write on any lane may leave work for another's settle.
  const clockWork = target.control ? new ClockWork() : undefined;
  const clientOptions = {
    // Cases send the other principals' credentials (and the run's key pair) per call: the masker must know them.
    secrets: [...(readonly?.secrets ?? []), ...(other?.secrets ?? []), ...(p.aksk ? authFromCredentials(p.aksk).secrets : [])],
    spec,
    endpoint: target.endpoint,
    projectId: target.projectId,
    auth: authFromCredentials(target.credentials),
    mode: options.mode ?? 'strict',
    // A settle owed rides on the next request of any lane's client (ClockWork).
    transport: { headers: target.headers, health, ...(limiter ? { limiter } : {}), ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}), ...(clockWork ? { attemptHeaders: () => clockWork.headers() } : {}) },
  } as const;
  const open: { ctx: SuiteContext; driver: LaneDriver; scenario: Scenario; close(): Promise<void> }[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    let recorded: Exchange[] = [];
    let notes: string[] = [];
    let current = 'setup';
    let waitSink: ((text: string) => void) | undefined;
    const raw = createClient({
      ...clientOptions,
      onExchange: (ex) => {
        clockWork?.sent(ex);
        recorded.push(ex);
      },
      ...(options.logDir ? { logDir: options.logDir } : {}) });
    const quiet = createClient({ ...clientOptions, ...(clockWork ? { onExchange: (ex: Exchange) => clockWork.sent(ex) } : {}) });
    const work = new PendingWork(spec);
    const driver = harnessDriver({
      spec,
      client: raw,
      quiet,
      projectId: target.projectId,
      ...(target.control ? { control: target.control } : {}),
      poll: target.poll,
      readLagMs: target.consistency?.readLagMs ?? 0,
      work,
      ...(clockWork ? { clockWork } : {}),
      stuck,
      who: () => current,
      guard,
      onWait: (e) => {
        if (e.done) notes.push(`waited ${seconds(e.done.ms)}: ${e.done.what} ${e.done.from ? `${e.done.from} → ` : ''}${e.done.to} (${e.done.reads} read${e.done.reads === 1 ? '' : 's'})`);
        // Progress shows what the case is waiting for while it waits.
        else waitSink?.(`waiting for ${e.what}${e.status ? ` (${e.status})` : ''}`);
        options.onWait?.(lane, e);
      },
    });
    // Each lane names its resources apart: the run id with a letter per lane.
    const laneRunId = laneTag(runId, lane, lanes);
    const scenario = new Scenario(driver, spec, {
      runId: laneRunId,
      poll: target.poll,
      ...(target.network ? { network: target.network } : {}),
      onRetry: (r) => notes.push(`retried ${r.operationId} after ${r.code} (busy; attempt ${r.attempt + 1}, ${seconds(r.waitedMs)} after the first)`),
    });
    const ctx: SuiteContext = {
      spec,
      client: trackedClient(raw, work, target.consistency?.readLagMs ?? 0, guard),
      scenario,
      clock: { virtual: !!target.control, settle: () => driver.settle(), advance: advanceClock(raw, target.control, !!options.allowLongWaits) },
      target: { kind: target.kind, endpoint: target.endpoint, projectId: target.projectId, ...(target.consistency?.minTransitionMs ? { minTransitionMs: target.consistency.minTransitionMs } : {}) },
      principals,
      profile,
      seed,
      numRuns: options.runs ?? PROFILE_SETTINGS[profile].numRuns,
      runId,
      allowDestructive: target.kind === 'emulator' || !!options.allowDestructive,
      allowLongWaits: !!target.control || !!options.allowLongWaits,
      lanes,
      exchanges: {
        take: () => {
          const out = recorded;
          recorded = [];
          return out;
        },
      },
      journal: {
        begin: (name, onWait) => {
          current = name;
          notes = [];
          waitSink = onWait;
        },
        take: () => {
          const out = notes;
          notes = [];
          return out;
        },
        note: (text) => void notes.push(text),
      },
    };
    open.push({ ctx, driver, scenario, close: async () => void (await Promise.all([raw.close(), quiet.close()])) });
  }

  const pool = new LanePool(open.map((l) => l.ctx));
  const stop = () => {
    stopped = true;
    pool.close(() => new RunStoppedError());
  };
  let closed: Promise<string[]> | undefined;
  const close = () => (closed ??= closeOnce());
  const closeOnce = async () => {
    stop();
    await pool.drain();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('disconnect', onParentGone);
    // Lanes clean up at once: each deletes what it made, then waits for it to be gone.
    const left = (await Promise.all(open.map((l) => l.scenario.cleanup()))).flat();
    await Promise.all(open.map((l) => l.close()));
    return left;
  };
  // A worker of the command line leaves signals to it: it stops the run, and the run's own end removes
  // what it made. Run any other way, a signal removes what the run made before leaving. Either way, if
  // the process that started this one dies (SIGKILL), nothing is left running: clean up and leave.
  const underCli = !!process.env.DCS_TARGET_JSON && typeof process.send === 'function';
  const onSignal = (signal: NodeJS.Signals) => {
    if (underCli) return;
    // A second signal leaves at once.
    if (closed) leave(130);
    console.error(`\n${signal}: removing the resources of run ${runId} before exiting…`);
    void close().finally(() => leave(130));
  };
  const onParentGone = () => {
    if (closed) return;
    // vitest's worker exits at the first message it cannot send to its (dead) parent: from here on
    // those failures are expected, and the cleanup must outlive them.
    process.removeAllListeners('error');
    process.on('error', () => {});
    void close().finally(() => leave(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.once('disconnect', onParentGone);
  return { ctx: open[0]!.ctx, lanes: pool, stuck, stop, close };
}

/**
 * Ends this process once its cleanup is done (after a signal, or when the parent is gone). vitest
 * replaces process.exit in its workers with one that throws (it reports the call to its parent): there
 * the process ends itself with a signal, or a worker whose parent is gone would stay alive, an orphan,
 * for as long as its IPC handles do.
 */
function leave(code: number): void {
  try {
    process.exit(code);
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
}
