// Redis sessions (4.16): a scan (POST …/clients) snapshots a node's client list, which
// GET …/clients pages through; kill removes sessions from the snapshot.
import { ApiError } from '../core/errors.ts';
import { startJob } from '../core/jobs.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { instanceOf, iso, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

interface Client { id: string; addr: string; peer: string; fd: string; name: string; cmd: string; age: number; idle: number; db: string; flags: string; sub: number; psub: number; multi: number; qbuf: number; qbuf_free: number; obl: number; oll: number; omem: number; events: string; network: string; user: string }
interface Snapshot { time: number; clients: Client[] }

const SNAPSHOTS = stateKey<Map<string, Snapshot>>('sessions');
const snapshots = (inst: Instance) => inst.ext.ensure(SNAPSHOTS, () => new Map());

/** Deterministic clients of a node: three connections from the instance's subnet. */
function clientsOf(inst: Instance, nodeId: string): Client[] {
  return [1, 2, 3].map((n) => {
    const peer = `${inst.ip.replace(/\.\d+$/, `.${100 + n}`)}:${50000 + n}`;
    return { id: `${nodeId.slice(0, 8)}-${n}`, addr: peer, peer, fd: String(8 + n), name: '', cmd: n === 1 ? 'get' : 'ping', age: 60 * n, idle: n, db: '0', flags: 'N', sub: 0, psub: 0, multi: -1, qbuf: 0, qbuf_free: 0, obl: 0, oll: 0, omem: 0, events: 'r', network: 'tcp', user: 'default' };
  });
}

const badNode = (ctx: HandlerContext) => new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, 'node_id');

export const scanClients: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const { node_id, clean_cache } = ctx.body as { node_id: string; clean_cache?: boolean };
  if (!node_id) throw badNode(ctx);
  const snaps = snapshots(inst);
  const job = startJob(ctx, 'modify', {
    effect: () => {
      if (clean_cache !== false || !snaps.has(node_id)) snaps.set(node_id, { time: ctx.store.clock.now(), clients: clientsOf(inst, node_id) });
    },
  });
  return { body: { job_id: job.job_id } };
};

export const listClients: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { node_id: string; offset?: number; limit?: number; addr?: string; sort?: string; order?: 'asc' | 'desc' };
  const snap = snapshots(inst).get(q.node_id) ?? { time: ctx.now, clients: [] };
  let list = snap.clients.filter((c) => !q.addr || c.addr.includes(q.addr));
  if (q.sort) {
    const key = q.sort as keyof Client;
    const dir = q.order === 'desc' ? -1 : 1;
    list = [...list].sort((a, b) => (a[key] < b[key] ? -dir : a[key] > b[key] ? dir : 0));
  }
  const offset = q.offset ?? 0;
  return { body: { time: iso(snap.time), count: list.length, clients: list.slice(offset, offset + (q.limit ?? 10)) } };
};

export const killClients: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const { node_id, client_addrs } = ctx.body as { node_id: string; client_addrs: string[] };
  const snap = snapshots(inst).get(node_id);
  if (!snap) throw badNode(ctx);
  snap.clients = snap.clients.filter((c) => !client_addrs.includes(c.peer));
  return { status: 204 };
};

export const killAllClients: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const { node_id, kill_all_nodes } = ctx.body as { node_id?: string; kill_all_nodes?: boolean };
  const snaps = snapshots(inst);
  if (!kill_all_nodes && (!node_id || !snaps.has(node_id))) throw badNode(ctx);
  const job = startJob(ctx, 'modify', {
    effect: () => {
      for (const [id, snap] of snaps) if (kill_all_nodes || id === node_id) snap.clients = [];
    },
  });
  return { body: { job_id: job.job_id } };
};

export const sessionsResource: Resource = {
  name: 'sessions',
  handlers: {
    ScanClients: scanClients,
    ListClients: listClients,
    HangUpClients: killClients,
    HangUpKillAllClients: killAllClients,
  },
};
