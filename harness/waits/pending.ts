// The asynchronous work a client started, as spec/src/lifecycles.json says it can be seen: every
// accepted request is looked up in the lifecycles (which requests start work on which resource, and
// where its ID is), so a client knows what to wait for without being told per call.
import { valuesAt, type OperationInfo, type ResourceLifecycle, type Spec, type ValueRef } from '../../spec/index.ts';

/** One resource with work in progress: what to read to see it end, and what end is expected. */
export interface StartedWork {
  key: string;
  resource: ResourceLifecycle;
  id: string;
  /** Path and query parameters of the read (project_id left to the client). */
  path: Record<string, string>;
  query: Record<string, string>;
  /** The request deleted it: the work ends when the read says not found. */
  expectGone: boolean;
  /** The operation that started the work. */
  startedBy: string;
  /** Names the behaviour waited for; a wait that times out marks it stuck (StuckBehaviours). */
  behaviour: string;
  /** Work a cleanup started: only a final wait (before the run ends) waits for it. */
  background: boolean;
  since: number;
}

/** How the last wait for a resource ended. */
export interface Outcome {
  phase: 'done' | 'failed' | 'gone';
  status?: string;
}

/** The request as sent: path parameters, query and JSON body. */
export interface SentParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

const isWrite = (op: OperationInfo) => op.method !== 'GET';

export class PendingWork {
  private readonly items = new Map<string, StartedWork>();
  private readonly outcomes = new Map<string, Outcome>();
  /** When the last write (accepted or not) that a wait must see past was sent. */
  lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly spec: Spec,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records what an answered request started. Any write moves the consistency window (a refused one
   * too: if the target took it anyway, a read-back must be able to see it); an accepted one registers
   * the resources it started work on. `background`: a cleanup's request, awaited only at the end.
   */
  observe(op: OperationInfo, sent: SentParts, answer: { status: number; json: unknown }, opts: { background?: boolean } = {}): void {
    if (!isWrite(op)) return;
    if (!opts.background) this.lastWriteAt = this.now();
    if (answer.status < 200 || answer.status >= 300) return;
    const sources: Record<ValueRef['where'], unknown> = { path: sent.params, query: sent.query, body: sent.body, response: answer.json };
    for (const resource of this.spec.lifecycles.resources) {
      for (const rule of resource.startedBy) {
        if (!rule.operations.has(op.id) && !(rule.writes && isWrite(op))) continue;
        for (const id of valuesAt(sources[rule.id.where], rule.id.path, rule.when)) {
          const read = this.readParams(resource, id, sources);
          if (!read) continue;
          const key = `${resource.id}:${id}`;
          const expectGone = rule.ends === 'gone' || !!this.items.get(key)?.expectGone;
          const behaviour = `${resource.title.toLowerCase()} ${expectGone ? 'deleted' : 'settled'} after ${op.id}`;
          this.items.set(key, { key, resource, id, ...read, expectGone, startedBy: op.id, behaviour, background: !!opts.background, since: this.now() });
          this.outcomes.delete(key);
        }
      }
    }
  }

  /** A write no operation of the spec matches (an unknown URL): it still moves the consistency window. */
  wrote(): void {
    this.lastWriteAt = this.now();
  }

  private readParams(resource: ResourceLifecycle, id: string, sources: Record<ValueRef['where'], unknown>): { path: Record<string, string>; query: Record<string, string> } | undefined {
    const resolve = (params: ResourceLifecycle['read']['path']) => {
      const out: Record<string, string> = {};
      for (const [name, p] of Object.entries(params)) {
        const v = p.from === 'id' ? id : valuesAt(sources[p.ref.where], p.ref.path)[0];
        if (v === undefined) return undefined;
        out[name] = v;
      }
      return out;
    };
    const path = resolve(resource.read.path);
    const query = resolve(resource.read.query);
    return path && query ? { path, query } : undefined;
  }

  /** Work still to wait for; background work only when `background` is set. */
  pending(background = false): StartedWork[] {
    return [...this.items.values()].filter((w) => background || !w.background);
  }

  /** The wait for `key` ended: it leaves the pending set and its outcome is kept. */
  finish(key: string, outcome: Outcome): void {
    this.items.delete(key);
    this.outcomes.set(key, outcome);
  }

  /** Stops waiting for `key` (a cleanup that gives up on it). */
  drop(key: string): void {
    this.items.delete(key);
  }

  outcome(resource: string, id: string): Outcome | undefined {
    return this.outcomes.get(`${resource}:${id}`);
  }
}
