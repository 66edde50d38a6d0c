// The fixtures' Driver over the harness client: the same transport, auth, retries, rate limit and
// masked log as every checked call. settle() uses the emulator's control clock when there is one, and
// otherwise polls the run's own instances until none is in a transitional status (bounded).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Spec } from '../../spec/index.ts';
import { noAuth, tokenAuth, type DcsClient, type HttpResponse } from '../../harness/index.ts';
import type { CallInit, Driver, Reply } from '../../harness/fixtures/driver.ts';
import { ConformanceFailure } from './types.ts';

export interface PollSettings {
  /** Longest wait for a resource to leave a transitional status (ms). */
  timeoutMs: number;
  intervalMs: number;
}

export const DEFAULT_POLL: PollSettings = { timeoutMs: 15 * 60_000, intervalMs: 10_000 };

export interface DriverOptions {
  spec: Spec;
  client: DcsClient;
  projectId: string;
  /** Base URL of the emulator's control API (its own URL), when the target is the embedded emulator. */
  control?: string;
  /** Names of the run's resources contain it: settle() waits for those instances… */
  runId: string;
  /** …and for the instances the run tracked (made under another name). */
  owned?: () => Iterable<string>;
  poll?: PollSettings;
}

const reply = (r: HttpResponse): Reply => ({ status: r.status, body: r.isJson ? r.json : r.text || undefined, headers: r.headers });

/** Statuses an instance passes through (the "via" of every transition): settle waits them out. */
export function transitionalStatuses(spec: Spec): Set<string> {
  return new Set(spec.rules.states.data.transitions.map((t) => t.via).filter((v): v is string => typeof v === 'string'));
}

export function harnessDriver(o: DriverOptions): Driver {
  const poll = o.poll ?? DEFAULT_POLL;
  const transitional = transitionalStatuses(o.spec);
  const call: Driver['call'] = async (method, path, body, init: CallInit = {}) => {
    const auth = init.token === null ? noAuth : init.token !== undefined ? tokenAuth(init.token) : undefined;
    const r = await o.client.send({
      method,
      path: path.replace('{project_id}', o.projectId),
      ...(init.raw !== undefined ? { body: init.raw, headers: { 'content-type': 'application/json', ...init.headers } } : body !== undefined ? { json: body } : {}),
      ...(init.headers && init.raw === undefined ? { headers: init.headers } : {}),
      ...(auth ? { auth } : {}),
    });
    return reply(r);
  };
  const control = async (path: string, method = 'POST') => {
    const r = await o.client.send({ method, path: `/__emulator${path}`, auth: noAuth, retry: false });
    if (r.status !== 200) throw new Error(`emulator control ${path} answered ${r.status}: is the control API switched off (--no-control)?`);
    return r.json as Record<string, unknown>;
  };

  async function pollInstances(): Promise<void> {
    const deadline = Date.now() + poll.timeoutMs;
    const list = o.spec.operation('ListInstances');
    for (;;) {
      const r = await call('GET', `${list.path}?limit=1000`);
      const owned = new Set(o.owned?.() ?? []);
      const busy = ((r.body?.instances ?? []) as { name: string; status: string; instance_id: string }[]).filter((i) => (i.name.includes(o.runId) || owned.has(i.instance_id)) && transitional.has(i.status));
      if (!busy.length) return;
      if (Date.now() > deadline) {
        throw new ConformanceFailure(`instances still transitional after ${poll.timeoutMs} ms: ${busy.map((i) => `${i.instance_id} ${i.status}`).join(', ')} (raise the poll timeout if the target is just slow)`);
      }
      await sleep(poll.intervalMs);
    }
  }

  return {
    projectId: o.projectId,
    call,
    settle: async () => void (o.control ? await control('/clock/settle') : await pollInstances()),
    ...(o.control
      ? {
          now: async () => (await control('/clock', 'GET')).now as number,
          diagnosis: async (instanceId: string) => reply(await o.client.send({ method: 'POST', path: `/__emulator/projects/${o.projectId}/instances/${instanceId}/diagnosis`, auth: noAuth, retry: false })),
        }
      : {}),
    close: async () => {},
  };
}

/** Moves the emulator's virtual clock, or waits in real time (capped) on another target. */
export function advanceClock(client: DcsClient, control: string | undefined, poll: PollSettings = DEFAULT_POLL): (ms: number) => Promise<void> {
  return async (ms) => {
    if (control) {
      const r = await client.send({ method: 'POST', path: `/__emulator/clock/advance?ms=${ms}`, auth: noAuth, retry: false });
      if (r.status !== 200) throw new Error(`emulator control /clock/advance answered ${r.status}`);
    } else await sleep(Math.min(ms, poll.timeoutMs));
  };
}
