// Waiting for started work to end, as production clients of the API do: read each resource back by
// its lifecycle until its status is an end (done or failed, or not found after a delete), polling
// quickly at first and then at the configured interval. Reads are trusted only once the target's
// read lag has passed since the last write, so a stale "RUNNING" read right after a restart is never
// taken for the end of it. A wait that times out marks its behaviour stuck; later waits for it fail fast.
import { setTimeout as delay } from 'node:timers/promises';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { StuckDependencyError, WaitTimeoutError } from '../errors.ts';
import { Backoff } from './backoff.ts';
import type { Outcome, PendingWork, StartedWork } from './pending.ts';
import type { StuckBehaviours } from './stuck.ts';

export interface WaitSettings {
  /** Longest wait for one resource (ms). */
  timeoutMs: number;
  /** Longest interval between two reads (ms); the first reads come faster. */
  intervalMs: number;
  /** How stale the target's reads may be (ms): a read counts only this long after the last write. */
  readLagMs: number;
}

export type Reader = (op: OperationInfo, path: Record<string, string>, query: Record<string, string>) => Promise<{ status: number; json: unknown }>;

/** One finished wait, for progress and reports: "instance 3f2a… CREATING -> RUNNING in 1.3 s". */
export interface WaitRecord {
  what: string;
  from?: string;
  to: string;
  ms: number;
  reads: number;
}

export interface SettleOptions {
  spec: Spec;
  work: PendingWork;
  read: Reader;
  settings: WaitSettings;
  stuck: StuckBehaviours;
  /** The case on whose behalf the wait runs (named when it marks a behaviour stuck). */
  who: () => string;
  /** Also wait for background work (cleanups); a stuck behaviour is then skipped, not thrown. */
  background?: boolean;
  /** Called when a resource's wait starts (for progress) and ends. */
  onWait?: (event: { what: string; status?: string; done?: WaitRecord }) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type Seen = { phase: 'pending' | 'done' | 'failed' | 'gone'; status: string };

const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
export const describeWork = (w: StartedWork) => `${w.resource.title.toLowerCase()} ${short(w.id)}`;

/** What one read says of a resource's work. */
export function classify(spec: Spec, w: StartedWork, answer: { status: number; json: unknown }): Seen {
  const r = w.resource;
  const code = (answer.json as { error_code?: unknown } | undefined)?.error_code;
  if (r.gone && answer.status === r.gone.status && typeof code === 'string' && r.gone.codes.some((c) => spec.errors.sameMeaning(c, code))) return { phase: 'gone', status: 'not found' };
  if (answer.status === 204 && r.read.list) return r.read.key ? { phase: 'gone', status: 'not listed' } : { phase: 'done', status: 'none' };
  if (answer.status < 200 || answer.status >= 300) return { phase: 'pending', status: `answered ${answer.status}${typeof code === 'string' ? ` ${code}` : ''}` };
  const body = (answer.json ?? {}) as Record<string, unknown>;
  if (!r.read.list) return { phase: r.phase(body[r.read.status]), status: String(body[r.read.status]) };
  const items = (Array.isArray(body[r.read.list]) ? body[r.read.list] : []) as Record<string, unknown>[];
  if (r.read.key) {
    const item = items.find((i) => String(i[r.read.key!]) === w.id);
    return item ? { phase: r.phase(item[r.read.status]), status: String(item[r.read.status]) } : { phase: 'gone', status: 'not listed' };
  }
  // A collection (the ACL accounts of an instance): settled when none of its items is pending.
  const busy = items.map((i) => String(i[r.read.status])).filter((s) => r.phase(s) === 'pending');
  return busy.length ? { phase: 'pending', status: busy.join(',') } : { phase: 'done', status: items.length ? 'all settled' : 'none' };
}

/** Waits until every pending resource has ended; returns a record per resource. */
export async function settleWork(o: SettleOptions): Promise<WaitRecord[]> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => delay(ms));
  const waiting = o.work.pending(o.background);
  if (!waiting.length) return [];
  // Reads right after a write may show the state before it: wait out the target's read lag first.
  const trusted = o.work.lastWriteAt + o.settings.readLagMs;
  if (now() < trusted) await sleep(trusted - now());
  const started = now();
  const backoff = new Backoff(o.settings.intervalMs);
  const first = new Map<string, string>();
  const reads = new Map<string, number>();
  const records: WaitRecord[] = [];
  let left = waiting;
  for (;;) {
    for (const w of left) {
      const stuck = o.stuck.get(w.behaviour);
      if (stuck && !o.background) throw new StuckDependencyError(w.behaviour, stuck.foundBy, stuck.timeoutMs);
    }
    // A cleanup gives up at once on what is known never to end.
    for (const w of left.filter((x) => o.stuck.get(x.behaviour))) o.work.drop(w.key);
    left = left.filter((w) => !o.stuck.get(w.behaviour));
    const seen = await Promise.all(left.map(async (w) => ({ w, s: classify(o.spec, w, await o.read(w.resource.read.operation, w.path, w.query)) })));
    const next: StartedWork[] = [];
    for (const { w, s } of seen) {
      reads.set(w.key, (reads.get(w.key) ?? 0) + 1);
      if (!first.has(w.key)) {
        first.set(w.key, s.status);
        if (s.phase === 'pending' || (w.expectGone && s.phase !== 'gone')) o.onWait?.({ what: describeWork(w), status: s.status });
      }
      const ended = w.expectGone ? s.phase === 'gone' : s.phase !== 'pending';
      if (!ended) {
        next.push(w);
        continue;
      }
      const outcome: Outcome = s.phase === 'pending' ? { phase: 'done', status: s.status } : { phase: s.phase, status: s.status };
      o.work.finish(w.key, outcome);
      const record: WaitRecord = { what: describeWork(w), ...(first.get(w.key) !== s.status ? { from: first.get(w.key)! } : {}), to: s.status, ms: now() - started, reads: reads.get(w.key)! };
      records.push(record);
      o.onWait?.({ what: record.what, done: record });
    }
    left = next;
    if (!left.length) return records;
    const late = left.find(() => now() - started >= o.settings.timeoutMs);
    if (late) {
      // Another wait for the same behaviour may have timed out while this one was reading: it found it.
      const found = o.stuck.get(late.behaviour);
      if (found && !o.background) throw new StuckDependencyError(late.behaviour, found.foundBy, found.timeoutMs);
      for (const w of left) o.stuck.mark(w.behaviour, o.who(), o.settings.timeoutMs);
      if (o.background) {
        for (const w of left) o.work.drop(w.key);
        return records;
      }
      throw new WaitTimeoutError(late.behaviour, `${describeWork(late)} (${first.get(late.key)} when the wait began)`, o.settings.timeoutMs);
    }
    await sleep(Math.min(backoff.next(), Math.max(1, started + o.settings.timeoutMs - now())));
  }
}
