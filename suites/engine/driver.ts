// The scenario's Driver over the harness client: the same transport, auth, retries, rate limit and
// masked log as every checked call. settle() moves the emulator's control clock when there is one;
// elsewhere it waits, as production clients do, for every piece of work the lane started
// (harness/waits: read back by the statuses spec/src/lifecycles.json documents).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Spec } from '../../spec/index.ts';
import { type CallInit, type Driver, type Reply, LongWaitRefusedError, noAuth, settleWork, tokenAuth, type DcsClient, type HttpResponse, type PendingWork, type StuckBehaviours, type WaitRecord } from '../../harness/index.ts';
import { CONTROL_PREFIX, PENDING_HEADER, SEQ_HEADER, SETTLE_HEADER } from '../../emulator/http/controlProtocol.ts';
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

/** What ClockWork reads of an attempt: the request as sent, and the answer if there was one. */
export interface ClockExchange {
  request: { method: string; url: string; headers: Record<string, string> };
  response?: { status: number; headers: Record<string, string> };
}

/**
 * Whether the emulator's clock may have work to finish, and how a settle gets there. A settle while
 * nothing is pending would move nothing, so it is not sent: two thirds of a certification run's settles
 * (3,301 of 5,029) followed reads and refusals only.
 *
 * An emulator that numbers its answers (SEQ_HEADER) and says on each how much is pending (PENDING_HEADER)
 * makes this exact, and settles a request that asks (SETTLE_HEADER) before answering it: a settle owed
 * then rides on the next request of any lane instead of a round trip of its own (1,753 of a
 * certification run's 14,962 requests). Lanes run at once, so answers arrive out of order: the pending
 * count of the highest-numbered answer is the one that holds. A debt is noted with the number of the
 * newest answer when it was made (every change it owes was started before that answer went out); a
 * request carrying it was sent after that answer came, so its settle ran after those changes, and its
 * answer pays the debt; so does any later-numbered answer with nothing pending.
 *
 * Elsewhere, a guess: a settle that left nothing pending makes it clean, and anything but a read, a
 * refusal (4xx: nothing was done) or the settle itself, from any lane, makes it dirty again. One per
 * target: the clock is the target's.
 */
export class ClockWork {
  private writes = 0;
  private cleanAt = -1;
  /** The target's newest answer seen (0: it numbers none) and the pending count it gave (NaN: unknown). */
  private newest = 0;
  private pending = Number.NaN;
  /** A settle is owed for the changes started before answer number `owed`. */
  private owed: number | undefined;

  /** Every attempt a lane made, once answered (or failed: no answer, so it counts). */
  sent(ex: ClockExchange): void {
    const { request, response } = ex;
    const seq = response?.headers[SEQ_HEADER];
    const pending = response?.headers[PENDING_HEADER];
    if (seq !== undefined && pending !== undefined) {
      const n = Number(seq);
      const left = Number(pending);
      if (n > this.newest) [this.newest, this.pending] = [n, left];
      const carried = request.headers[SETTLE_HEADER];
      if (this.owed !== undefined && ((carried !== undefined && Number(carried) >= this.owed) || (left === 0 && n > this.owed))) this.owed = undefined;
      return;
    }
    const status = response?.status;
    const write = request.method !== 'GET' && request.method !== 'HEAD' && !(status !== undefined && status >= 400 && status < 500) && !new URL(request.url).pathname.endsWith(CONTROL + SETTLE);
    if (!write) return;
    this.writes++;
    // Not answered by a target that numbers its answers: pending until a newer answer says otherwise.
    if (this.newest) this.pending = Number.NaN;
  }

  get mayBePending(): boolean {
    return this.newest ? this.pending !== 0 : this.writes !== this.cleanAt;
  }

  /** A settle is needed: true when the next request of any lane carries it (the target settles first), false when it must be sent. */
  owe(): boolean {
    if (!this.newest) return false;
    this.owed = this.newest;
    return true;
  }

  /** Headers for the next attempt of any lane: the settle owed, if one is (its value: the debt's answer number). */
  headers(): Readonly<Record<string, string>> | undefined {
    return this.owed === undefined ? undefined : { [SETTLE_HEADER]: String(this.owed) };
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
