// Shards, replicas and nodes (reference 4.3). An instance's topology is derived from its cache mode,
// capacity and spec_code (replica count); IDs and IPs are hashed from the instance ID, so reading a
// topology never draws from the seeded ID stream and always yields the same nodes. The only state is
// per replica: its promotion priority (4.3.1) and whether its IP left the read-only domain name
// (4.3.2), and per shard which node is the master (a switchover, 4.2.1, changes it: rule swap.roles).
import { createHash } from 'node:crypto';
import type { Spec } from '../../spec/index.ts';
import { parseSpecCode } from '../../spec/rules/index.ts';
import { ApiError, EmulatorSpecMismatchError } from '../core/errors.ts';
import { startJob } from '../core/jobs.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { instanceOf, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

export interface NodeRecord {
  node_id: string;
  logical_node_id: string;
  replication_id?: string;
  group_id?: string;
  group_name?: string;
  name: string;
  status: string;
  az_code: string;
  node_role: 'redis-server' | 'redis-proxy';
  node_type: 'master' | 'slave' | 'proxy';
  node_ip: string;
  node_port: string;
  priority_weight: number;
  is_access: boolean;
  is_remove_ip: boolean;
  dimensions: { name: string; value: string }[];
}

interface ReplicaState {
  priority_weight?: number;
  is_remove_ip?: boolean;
  /** A removal job is running (4.3.2 answers a job_id); counted as removed for the rules. */
  removing?: boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const hex32 = (text: string) => digest(text).toString('hex').slice(0, 32);
const uuidOf = (text: string) => {
  const h = hex32(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const ipOf = (text: string) => {
  const d = digest(text);
  return `192.168.${d[0]}.${1 + (d[1]! % 254)}`;
};

const clustered = (inst: Instance) => inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy';

/**
 * Shards of an instance. The reference has no shard table; real DCS clusters have 3 shards up to 32 GB
 * and one per 8 GB above (64 GB -> 8 … 1024 GB -> 128); other types have one shard.
 */
export function shardCount(inst: Instance): number {
  if (!clustered(inst)) return 1;
  return inst.capacity <= 32 ? 3 : Math.round(inst.capacity / 8);
}

/** Nodes per shard: the spec_code's replica count (master included), one for single-node instances. */
export function nodesPerShard(spec: Spec, inst: Instance): number {
  return Math.max(1, parseSpecCode(spec.rules.flavors, inst.spec_code)?.replicas ?? spec.rules.flavors.defaultReplicas[inst.cache_mode] ?? 1);
}

/** Per shard (by index), the index of its master among the shard's nodes; a shard not listed has its first. */
const MASTERS = stateKey<Map<number, number>>('masters');
const mastersOf = (inst: Instance) => inst.ext.ensure(MASTERS, () => new Map());

const REPLICAS = stateKey<Map<string, ReplicaState>>('nodes');
const replicasOf = (inst: Instance) => inst.ext.ensure(REPLICAS, () => new Map());

/** Node status for the instance's status; undefined while no node exists (being created, or never created). */
function nodeStatus(spec: Spec, inst: Instance): string | undefined {
  const states = spec.rules.states.data;
  const create = states.transitions.find((t) => t.id === 'create');
  if (inst.status === create?.via || inst.status === create?.failTo) return undefined;
  if (inst.status === states.transitions.find((t) => t.id === 'delete')?.via) return 'Deleting';
  return states.statuses.terminalFailure.values.includes(inst.status) ? 'Inactive' : 'Active';
}

/** Every node of the instance: per shard a master then its replicas, then proxies (Proxy Cluster). Empty while creating. */
export function nodesOf(spec: Spec, inst: Instance): NodeRecord[] {
  const status = nodeStatus(spec, inst);
  if (!status) return [];
  // Replicas that were never given a priority show the lowest (the schema maximum), as the examples do.
  const defaultWeight = (spec.operation('UpdateSlavePriority').requestBody?.schema?.properties as Record<string, { maximum?: number }> | undefined)?.slave_priority_weight?.maximum ?? 0;
  const state = replicasOf(inst);
  const key = (...parts: (string | number)[]) => [inst.instance_id, ...parts].join(':');
  const node = (kind: NodeRecord['node_type'], id: string, az: string): NodeRecord => {
    const ip = ipOf(key('ip', id));
    const logical = hex32(key('logical', id));
    return {
      node_id: hex32(key('node', id)),
      logical_node_id: logical,
      name: `(${kind === 'slave' ? 'replica' : kind})${ip}`,
      status,
      az_code: az,
      node_role: kind === 'proxy' ? 'redis-proxy' : 'redis-server',
      node_type: kind,
      node_ip: ip,
      node_port: String(inst.port),
      priority_weight: defaultWeight,
      is_access: true,
      is_remove_ip: false,
      // The second dimension is the monitored object: the logical node ID (4.3.5 example, lines 6644/6662).
      dimensions: [
        { name: 'dcs_instance_id', value: inst.instance_id },
        { name: 'dcs_cluster_redis_node', value: logical },
      ],
    };
  };
  const zones = inst.az_codes.length ? inst.az_codes : [''];
  const out: NodeRecord[] = [];
  const perShard = nodesPerShard(spec, inst);
  const masters = mastersOf(inst);
  for (let g = 0; g < shardCount(inst); g++) {
    const group_id = uuidOf(key('group', g));
    for (let r = 0; r < perShard; r++) {
      const n = node(r === (masters.get(g) ?? 0) ? 'master' : 'slave', `${g}:${r}`, zones[r % zones.length]!);
      const s = state.get(n.node_id) ?? {};
      out.push({ ...n, group_id, group_name: `group-${g}`, replication_id: uuidOf(key('replication', g, r)), priority_weight: s.priority_weight ?? n.priority_weight, is_remove_ip: s.is_remove_ip ?? false });
    }
  }
  // Proxy Cluster: as many proxies as shards (the reference gives no proxy count).
  if (inst.cache_mode === 'proxy') for (let p = 0; p < shardCount(inst); p++) out.push(node('proxy', `proxy:${p}`, zones[p % zones.length]!));
  return out;
}

/**
 * A master/standby switchover (rule swap.roles): in each shard the standby 4.3.1 ranks first (the
 * smallest priority weight other than 0; the first listed on a tie) becomes the master and the master
 * a standby. A shard without a promotable standby keeps its master.
 */
export function switchMasters(spec: Spec, inst: Instance): void {
  const masters = mastersOf(inst);
  const shards = new Map<string, NodeRecord[]>();
  for (const n of nodesOf(spec, inst).filter((x) => x.node_role === 'redis-server')) shards.set(n.group_id!, [...(shards.get(n.group_id!) ?? []), n]);
  [...shards.values()].forEach((shard, g) => {
    const promotable = shard.map((n, r) => ({ n, r })).filter(({ n }) => n.node_type === 'slave' && n.priority_weight !== 0);
    const next = promotable.toSorted((a, b) => a.n.priority_weight - b.n.priority_weight)[0];
    if (next) masters.set(g, next.r);
  });
  inst.version++;
}

/** Which node of each shard is the master, to put back as it was (fault state.swap-roles-unchanged). */
export function mastersSnapshot(inst: Instance): () => void {
  const saved = new Map(mastersOf(inst));
  return () => {
    const masters = mastersOf(inst);
    masters.clear();
    for (const [g, r] of saved) masters.set(g, r);
  };
}

const notFound = (ctx: HandlerContext, field: string) => new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, field);
const ruleError = (ctx: HandlerContext, id: string, field?: string) => new ApiError(ctx.spec.rules.byId(id).errorCode, field);

/** The node of the path, with the other nodes of its shard. */
function nodeOfPath(ctx: HandlerContext, inst: Instance): { node: NodeRecord; shard: NodeRecord[] } {
  const shard = nodesOf(ctx.spec, inst).filter((n) => n.group_id === ctx.params.group_id);
  if (!shard.length) throw notFound(ctx, 'group_id');
  const node = shard.find((n) => n.node_id === ctx.params.node_id);
  if (!node) throw notFound(ctx, 'node_id');
  return { node, shard };
}

export const updateSlavePriority: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const { node, shard } = nodeOfPath(ctx, inst);
  if (node.node_type !== 'slave') throw ruleError(ctx, 'replica.not-replica', 'node_id');
  const weight = (ctx.body as { slave_priority_weight: number }).slave_priority_weight;
  const others = shard.filter((n) => n.node_type === 'slave' && n.node_id !== node.node_id);
  if (weight === 0 && others.every((n) => n.priority_weight === 0)) throw ruleError(ctx, 'replica.all-zero', 'slave_priority_weight');
  const states = replicasOf(inst);
  states.set(node.node_id, { ...states.get(node.node_id), priority_weight: weight });
  inst.version++;
  return { status: 204 };
};

/** The background-task name the reference lists for this operation (4.12.1). */
const removeIpTaskName = (spec: Spec): string => {
  const schema = spec.operation('ListBackgroundTask').responses.get(200)?.schema as { properties?: { tasks?: { items?: { properties?: { name?: { enum?: string[] } } } } } } | undefined;
  const name = schema?.properties?.tasks?.items?.properties?.name?.enum?.find((n) => /ip.*dns/i.test(n));
  if (!name) throw new EmulatorSpecMismatchError('spec: ListBackgroundTask no longer lists a task name for removing IPs from the DNS');
  return name;
};

export const deleteIpFromDomainName: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const modes = (ctx.spec.rules.byId('remove-ip.cache-mode') as unknown as { cacheModes: string[] }).cacheModes;
  if (!modes.includes(inst.cache_mode)) throw ruleError(ctx, 'remove-ip.cache-mode');
  const { node } = nodeOfPath(ctx, inst);
  if (node.node_type !== 'slave') throw ruleError(ctx, 'replica.not-replica', 'node_id');
  const states = replicasOf(inst);
  const removed = (n: NodeRecord) => n.is_remove_ip || states.get(n.node_id)?.removing === true;
  if (removed(node)) throw ruleError(ctx, 'remove-ip.already-removed');
  const inDns = nodesOf(ctx.spec, inst).filter((n) => n.node_type === 'slave' && !removed(n));
  if (inDns.length <= 1) throw ruleError(ctx, 'remove-ip.last-replica');
  const state: ReplicaState = { ...states.get(node.node_id), removing: true };
  states.set(node.node_id, state);
  inst.version++;
  const job = startJob(ctx, removeIpTaskName(ctx.spec), {
    instanceId: inst.instance_id,
    effect: () => {
      state.is_remove_ip = true;
      state.removing = false;
    },
  });
  return { body: { job_id: job.job_id } };
};

export const listGroupReplicationInfo: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  // Single-node instances have no shards or replicas to show (4.3.3 Function).
  const nodes = inst.cache_mode === 'single' ? [] : nodesOf(ctx.spec, inst).filter((n) => n.node_role === 'redis-server');
  const groups = new Map<string, NodeRecord[]>();
  for (const n of nodes) groups.set(n.group_id!, [...(groups.get(n.group_id!) ?? []), n]);
  const group_list = [...groups.values()].map((members) => ({
    group_id: members[0]!.group_id,
    group_name: members[0]!.group_name,
    replication_list: members.map((n) => ({ replication_role: n.node_type, replication_ip: n.node_ip, is_replication: false, replication_id: n.replication_id, node_id: n.node_id, status: n.status, az_code: n.az_code, dimensions: n.dimensions })),
  }));
  return { body: { group_list, group_count: group_list.length } };
};

export const showNodesInformation: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const nodes = nodesOf(ctx.spec, inst);
  return { body: { instance_id: inst.instance_id, total: nodes.length, nodes } };
};

export const batchShowNodesInformation: Handler = (ctx) => {
  const q = ctx.query as { offset?: number; limit?: number };
  // Instances being created have no node information (4.3.4 Function) and are not counted as valid.
  const withNodes = [...ctx.project.instances.values()]
    .sort((a, b) => a.created_at - b.created_at || a.instance_id.localeCompare(b.instance_id))
    .map((inst) => ({ inst, nodes: nodesOf(ctx.spec, inst) }))
    .filter((x) => x.nodes.length);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return {
    body: {
      count: withNodes.length,
      instances: withNodes.slice(offset, offset + limit).map(({ inst, nodes }) => ({ instance_id: inst.instance_id, node_count: nodes.length, nodes })),
    },
  };
};

export const nodesResource: Resource = {
  name: 'nodes',
  handlers: {
    UpdateSlavePriority: updateSlavePriority,
    DeleteIpFromDomainName: deleteIpFromDomainName,
    ListGroupReplicationInfo: listGroupReplicationInfo,
    BatchShowNodesInformation: batchShowNodesInformation,
    ShowNodesInformation: showNodesInformation,
  },
};
