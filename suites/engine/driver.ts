// The scenario's Driver over the harness client: the same transport, auth, retries, rate limit and
// masked log as every checked call. settle() moves the emulator's control clock when there is one;
// elsewhere it waits, as production clients do, for every piece of work the lane started
// (harness/waits: read back by the statuses spec/src/lifecycles.json documents).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Spec } from '../../spec/index.ts';
import { type CallInit, type Driver, type Reply, LongWaitRefusedError, noAuth, settleWork, tokenAuth, type DcsClient, type HttpResponse, type PendingWork, type StuckBehaviours, type WaitRecord } from '../../harness/index.ts';
import { CONTROL_PREFIX, PENDING_HEADER, SETTLE_HEADER } from '../../emulator/http/controlProtocol.ts';
import { ControlApiError } from './errors.ts';

export interface PollSettings {
  /** Longest wait for one piece of work to end (ms). */
  timeoutMs: number;
  /** Longest interval between two reads of it (ms); the first reads come faster. */
  intervalMs: number;
}

export const DEFAULT_POLL: PollSettings = { timeoutMs: 15 * 60_000, intervalMs: 10_000 };

/** Moving the target's clock further than this in real time needs --allow-long-waits. */
export const LONG_WAIT_MS = 30_000;

/** The emulator's control API, and its settle: moves the clock until nothing is pending. */
const CONTROL = CONTROL_PREFIX;
const SETTLE = '/clock/settle';
const SETTLE_FIRST: Readonly<Record<string, string>> = { [SETTLE_HEADER]: '1' };

/** What ClockWork reads of an attempt: the request as sent, and the answer if there was one. */
export interface ClockExchange {
  request: { method: string; url: string; headers: Record<string, string> };
  response?: { status: number; headers: Record<string, string> };
}

/**
 * Whether the emulator's clock may have work to finish, and how a settle gets there. A settle that left
 * nothing pending makes it clean; a request that may have started work makes it dirty again: anything
 * but a read, a refusal (4xx: nothing was done) or the settle itself, from any lane, control calls
 * included. A settle while it is clean would move nothing, so it is not sent: two thirds of a
 * certification run's settles (3,301 of 5,029) followed reads and refusals only. An emulator that says
 * on every answer how much is pending (PENDING_HEADER) makes this exact, and settles a request that asks
 * (SETTLE_HEADER) before answering it: a settle it owes then rides on the lane's next request instead of
 * a round trip of its own (1,753 of a certification run's 14,962 requests). One per target: the clock is
 * the target's.
 */
export class ClockWork {
  private writes = 0;
  private cleanAt = -1;
  /** The target answered PENDING_HEADER: it settles a request that carries SETTLE_HEADER. */
  private carries = false;
  private owed = false;

  /** Every attempt a lane made, once answered (or failed: no answer, so it counts). */
  sent(ex: ClockExchange): void {
    const { request, response } = ex;
    const pending = response?.headers[PENDING_HEADER];
    if (pending !== undefined) this.carries = true;
    // The settle it carried ran before the answer.
    if (response && request.headers[SETTLE_HEADER] !== undefined) this.owed = false;
    const status = response?.status;
    const write = request.method !== 'GET' && request.method !== 'HEAD' && !(status !== undefined && status >= 400 && status < 500) && !new URL(request.url).pathname.endsWith(CONTROL + SETTLE);
    if (write) this.writes++;
    // The target's own count, after this request, wins over the guess.
    if (pending !== undefined) this.cleanAt = Number(pending) === 0 ? this.writes : -1;
  }

  get mayBePending(): boolean {
    return this.writes !== this.cleanAt;
  }

  /** A settle is needed: true when the lane's next request carries it (the target settles first), false when it must be sent. */
  owe(): boolean {
    if (this.carries) this.owed = true;
    return this.carries;
  }

  /** Headers for the next attempt of any lane: the settle owed, if one is. */
  headers(): Readonly<Record<string, string>> | undefined {
    return this.owed ? SETTLE_FIRST : undefined;
  }

  /** Call before sending a settle; call its result with the pending count the settle answered. */
  settling(): (pendingAfter: number) => void {
    // A write answered while the settle is on its way counts after it: the clock stays dirty.
    const before = this.writes;
    return (pendingAfter) => {
      if (pendingAfter === 0) this.cleanAt = before;
    };
  }
}

export interface DriverOptions {
  spec: Spec;
  /** The lane's recorded client (no tracking: the driver tells `work` itself, knowing what is a cleanup). */
  client: DcsClient;
  /** Reads the waits make (not recorded as the case's exchanges: the waits are reported instead). */
  quiet: DcsClient;
  projectId: string;
  /** Base URL of the emulator's control API, when the target serves it. */
  control?: string;
  poll: PollSettings;
  readLagMs: number;
  work: PendingWork;
  /** What the control clock may still have to run (with a control API); every settle is sent otherwise. */
  clockWork?: ClockWork;
  stuck: StuckBehaviours;
  /** The case the lane is running (named when a wait marks a behaviour stuck). */
  who: () => string;
  onWait?: (event: { what: string; status?: string; done?: WaitRecord }) => void;
  /** Runs before a case's request or wait (not a cleanup's) and may refuse it: a stopped run. */
  guard?: () => void;
}

const reply = (r: HttpResponse): Reply => ({ status: r.status, body: r.isJson ? r.json : r.text || undefined, headers: r.headers });

/** Statuses an instance passes through (the "via" of every transition). */
export function transitionalStatuses(spec: Spec): Set<string> {
  return new Set(spec.rules.states.data.transitions.map((t) => t.via).filter((v): v is string => typeof v === 'string'));
}

export interface LaneDriver extends Driver {
  /** Also waits for what cleanups started (before the run ends); a stuck behaviour is skipped, not thrown. */
  settleAll(): Promise<void>;
}

export function harnessDriver(o: DriverOptions): LaneDriver {
  const guard = o.guard ?? (() => {});
  const call: Driver['call'] = async (method, path, body, init: CallInit = {}) => {
    if (!init.background) guard();
    const auth = init.token === null ? noAuth : init.token !== undefined ? tokenAuth(init.token) : undefined;
    const full = path.replace('{project_id}', o.projectId);
    const r = await o.client.send({
      method,
      path: full,
      ...(init.raw !== undefined ? { body: init.raw, headers: { 'content-type': 'application/json', ...init.headers } } : body !== undefined ? { json: body } : {}),
      ...(init.headers && init.raw === undefined ? { headers: init.headers } : {}),
      ...(auth ? { auth } : {}),
    });
    const url = new URL(full, 'http://target');
    const m = o.spec.match(method, url.pathname);
    if (m) o.work.observe(m.operation, { params: m.params, query: Object.fromEntries(url.searchParams), body }, r, { background: !!init.background });
    return reply(r);
  };
  const control = async (path: string, method = 'POST') => {
    const r = await o.client.send({ method, path: `${CONTROL}${path}`, auth: noAuth, retry: false });
    if (r.status !== 200) throw new ControlApiError(`emulator control ${path} answered ${r.status}: is the control API switched off (--no-control)?`);
    return r.json as Record<string, unknown>;
  };
  const settleClock = async () => {
    if (o.clockWork && (!o.clockWork.mayBePending || o.clockWork.owe())) return;
    const done = o.clockWork?.settling();
    const state = await control(SETTLE);
    done?.(typeof state.pending === 'number' ? state.pending : Number.NaN);
  };
  const read = async (op: Parameters<Parameters<typeof settleWork>[0]['read']>[0], path: Record<string, string>, query: Record<string, string>) => o.quiet.call(op.id, { params: path, query });
  const wait = (background: boolean) => (background ? undefined : guard(), settleWork({ spec: o.spec, work: o.work, read, settings: { ...o.poll, readLagMs: o.readLagMs }, stuck: o.stuck, who: o.who, background, ...(o.onWait ? { onWait: o.onWait } : {}) }));

  return {
    projectId: o.projectId,
    call,
    settle: async () => void (o.control ? await settleClock() : await wait(false)),
    settleAll: async () => void (o.control ? await settleClock() : await wait(true)),
    outcome: (resource, id) => o.work.outcome(resource, id),
    ...(o.control
      ? {
          now: async () => (await control('/clock', 'GET')).now as number,
          diagnosis: async (instanceId: string) => reply(await o.client.send({ method: 'POST', path: `${CONTROL}/projects/${o.projectId}/instances/${instanceId}/diagnosis`, auth: noAuth, retry: false })),
        }
      : {}),
    close: async () => {},
  };
}

/**
 * Moves the emulator's virtual clock; on any other target waits in real time, which a case may ask
 * for beyond LONG_WAIT_MS only when the run allows long waits (no silent long sleeps).
 */
export function advanceClock(client: DcsClient, control: string | undefined, allowLongWaits: boolean): (ms: number) => Promise<void> {
  return async (ms) => {
    if (control) {
      const r = await client.send({ method: 'POST', path: `${CONTROL}/clock/advance?ms=${ms}`, auth: noAuth, retry: false });
      if (r.status !== 200) throw new ControlApiError(`emulator control /clock/advance answered ${r.status}`);
      return;
    }
    if (ms > LONG_WAIT_MS && !allowLongWaits) throw new LongWaitRefusedError(ms);
    await sleep(ms);
  };
}
