// A client that tells PendingWork about every answer it gets: cases call operations as they like and
// the run still knows which work they started. Raw sends are matched to their operation by the spec.
// Its reads see the client's own writes: a read is sent only once the target's read lag has passed
// since the last write, so what a case reads back is never older than what it did.
import { setTimeout as delay } from 'node:timers/promises';
import type { Spec } from '../../spec/index.ts';
import type { DcsClient } from '../client.ts';
import type { PendingWork } from './pending.ts';

const parsed = (body: string | Uint8Array | undefined): unknown => {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
};

export function trackedClient(client: DcsClient, work: PendingWork, readLagMs = 0, spec: Spec = client.spec): DcsClient {
  const fresh = async (method: string) => {
    const wait = method.toUpperCase() === 'GET' ? work.lastWriteAt + readLagMs - Date.now() : 0;
    if (wait > 0) await delay(wait);
  };
  return {
    ...client,
    async call(operationId, args = {}) {
      await fresh(spec.operation(operationId).method);
      const r = await client.call(operationId, args);
      const params = Object.fromEntries(Object.entries({ project_id: client.projectId, ...args.params }).map(([k, v]) => [k, String(v)]));
      work.observe(r.operation, { params, query: args.query ?? {}, body: args.json ?? parsed(args.body) }, r);
      return r;
    },
    async send(req) {
      await fresh(req.method);
      const r = await client.send(req);
      const url = new URL(req.path, 'http://target');
      const m = spec.match(req.method, url.pathname);
      if (m) work.observe(m.operation, { params: m.params, query: { ...Object.fromEntries(url.searchParams), ...req.query }, body: req.json ?? parsed(req.body) }, r);
      else if (req.method.toUpperCase() !== 'GET') work.wrote();
      return r;
    },
  };
}
