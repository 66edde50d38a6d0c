// Shards, replicas and nodes (4.3): topologies derived from the instance, replica priority, and
// removing replica IPs from the read-only domain name on the virtual clock.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { specCodeFor } from '../../spec/rules/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 31 });
afterAll(() => c.close());

interface Node { node_id: string; group_id?: string; node_type: string; node_role: string; priority_weight: number; is_remove_ip: boolean; status: string; replication_id?: string }

const code = (id: string) => spec.rules.byId(id).errorCode;
let seq = 0;

/** Creates an instance; running unless told otherwise. */
async function instance(overrides: Record<string, unknown> = {}, run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `node-${++seq}`, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id as string;
}

const nodes = async (id: string) => {
  const r = await c.call('GET', `/v2/{project_id}/instances/${id}/logical-nodes`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ShowNodesInformation', 200, r.body)?.valid).toBe(true);
  return r.body.nodes as Node[];
};
const priorityPath = (id: string, n: Node) => `/v2/{project_id}/instances/${id}/groups/${n.group_id}/replications/${n.node_id}/slave-priority`;
const removePath = (id: string, n: Node) => `/v2/{project_id}/instances/${id}/groups/${n.group_id}/replications/${n.node_id}/remove-ip`;
const threeReplicas = () => ({ spec_code: specCodeFor(spec.rules.flavors, 'ha', 1, { replicas: 3 }), capacity: 1 });

describe('topology', () => {
  test('an instance being created has no nodes; once running, a master/standby has one shard of master + replica', async () => {
    const id = await instance({}, false);
    expect(await nodes(id)).toEqual([]);
    await c.advance(c.emu.config.durations.create);
    const list = await nodes(id);
    expect(list.map((n) => n.node_type)).toEqual(['master', 'slave']);
    expect(new Set(list.map((n) => n.group_id)).size).toBe(1);
    expect(list.every((n) => n.status === 'Active' && n.node_role === 'redis-server')).toBe(true);
    // Same nodes on every read: IDs are stable.
    expect(await nodes(id)).toEqual(list);
  });

  test('the replica count of the spec_code sets the nodes per shard', async () => {
    const id = await instance(threeReplicas());
    expect((await nodes(id)).map((n) => n.node_type)).toEqual(['master', 'slave', 'slave']);
  });

  test('Redis Cluster: shards of master + replica, listed by 4.3.3 with the same node IDs', async () => {
    const id = await instance({ cache_mode: 'cluster' });
    const list = await nodes(id);
    const groups = await c.call('GET', `/v2/{project_id}/instance/${id}/groups`);
    expect(groups.status).toBe(200);
    expect(spec.validateResponse('ListGroupReplicationInfo', 200, groups.body)?.valid).toBe(true);
    expect(groups.body.group_count).toBe(3);
    expect(groups.body.group_list.map((g: { group_name: string }) => g.group_name)).toEqual(['group-0', 'group-1', 'group-2']);
    const replicaNodes = groups.body.group_list.flatMap((g: { replication_list: { node_id: string; replication_role: string }[] }) => g.replication_list);
    expect(replicaNodes.map((r: { node_id: string }) => r.node_id)).toEqual(list.map((n) => n.node_id));
    expect(replicaNodes.map((r: { replication_role: string }) => r.replication_role)).toEqual(['master', 'slave', 'master', 'slave', 'master', 'slave']);
  });

  test('Proxy Cluster has proxy nodes beside its shards', async () => {
    const id = await instance({ cache_mode: 'proxy' });
    const list = await nodes(id);
    expect(list.filter((n) => n.node_type === 'proxy' && n.node_role === 'redis-proxy').length).toBeGreaterThan(0);
    expect(list.filter((n) => n.node_type === 'master')).toHaveLength(3);
  });

  test('single-node: one master node, and no shards in 4.3.3', async () => {
    const id = await instance({ cache_mode: 'single' });
    expect((await nodes(id)).map((n) => n.node_type)).toEqual(['master']);
    const groups = await c.call('GET', `/v2/{project_id}/instance/${id}/groups`);
    expect(groups.body).toEqual({ group_list: [], group_count: 0 });
    expect(spec.validateResponse('ListGroupReplicationInfo', 200, groups.body)?.valid).toBe(true);
  });

  test('batch: instances with nodes only, with paging; offset past the end is an empty page', async () => {
    const creating = await instance({}, false);
    const all = await c.call('GET', '/v2/{project_id}/instances-logical-nodes?limit=100');
    expect(all.status).toBe(200);
    expect(spec.validateResponse('BatchShowNodesInformation', 200, all.body)?.valid).toBe(true);
    const ids = all.body.instances.map((i: { instance_id: string }) => i.instance_id);
    expect(ids).not.toContain(creating);
    expect(all.body.count).toBe(ids.length);
    expect(all.body.instances.every((i: { node_count: number; nodes: unknown[] }) => i.node_count === i.nodes.length && i.node_count > 0)).toBe(true);
    const page = await c.call('GET', '/v2/{project_id}/instances-logical-nodes?offset=1&limit=2');
    expect(page.body.instances.map((i: { instance_id: string }) => i.instance_id)).toEqual(ids.slice(1, 3));
    expect(page.body.count).toBe(ids.length);
    const past = await c.call('GET', `/v2/{project_id}/instances-logical-nodes?offset=${ids.length}`);
    expect(past.body).toEqual({ count: ids.length, instances: [] });
    await c.advance(c.emu.config.durations.create);
    const later = await c.call('GET', '/v2/{project_id}/instances-logical-nodes?limit=100');
    expect(later.body.instances.map((i: { instance_id: string }) => i.instance_id)).toContain(creating);
  });

  test('unknown instance: 404 with the catalog code', async () => {
    for (const path of ['/v2/{project_id}/instances/00000000-0000-4000-8000-000000000000/logical-nodes', '/v2/{project_id}/instance/00000000-0000-4000-8000-000000000000/groups']) {
      const r = await c.call('GET', path);
      expect([r.status, r.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
    }
  });
});

describe('replica priority (4.3.1)', () => {
  test('sets the weight of a replica, visible in the node lists', async () => {
    const id = await instance(threeReplicas());
    const [, replica] = await nodes(id);
    const r = await c.call('POST', priorityPath(id, replica!), { slave_priority_weight: 7 });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect((await nodes(id)).find((n) => n.node_id === replica!.node_id)!.priority_weight).toBe(7);
    const batch = await c.call('GET', '/v2/{project_id}/instances-logical-nodes?limit=100');
    const mine = batch.body.instances.find((i: { instance_id: string }) => i.instance_id === id);
    expect(mine.nodes.find((n: Node) => n.node_id === replica!.node_id).priority_weight).toBe(7);
  });

  test('the last promotable replica of a shard cannot be set to 0; the refusal changes nothing', async () => {
    const id = await instance(threeReplicas());
    const [, a, b] = await nodes(id);
    expect((await c.call('POST', priorityPath(id, a!), { slave_priority_weight: 0 })).status).toBe(204);
    const r = await c.call('POST', priorityPath(id, b!), { slave_priority_weight: 0 });
    expect([r.status, r.body.error_code]).toEqual([400, code('replica.all-zero')]);
    expect((await nodes(id)).map((n) => n.priority_weight)).toEqual([100, 0, 100]);
  });

  test('the master is refused; out-of-range weights answer the field code; nothing changes', async () => {
    const id = await instance();
    const [master, replica] = await nodes(id);
    const onMaster = await c.call('POST', priorityPath(id, master!), { slave_priority_weight: 5 });
    expect([onMaster.status, onMaster.body.error_code]).toEqual([400, code('replica.not-replica')]);
    for (const w of [101, -1]) {
      const r = await c.call('POST', priorityPath(id, replica!), { slave_priority_weight: w });
      expect([r.status, r.body.error_code]).toEqual([400, code('replica.priority-weight')]);
    }
    expect((await nodes(id)).map((n) => n.priority_weight)).toEqual([100, 100]);
  });

  test('unknown shard or node: the not-found code naming the path parameter; unknown instance 404', async () => {
    const id = await instance();
    const [, replica] = await nodes(id);
    const badGroup = await c.call('POST', priorityPath(id, { ...replica!, group_id: 'nope' }), { slave_priority_weight: 5 });
    expect([badGroup.status, badGroup.body.error_code]).toEqual([400, spec.rules.protocol('resource.not-found').errorCode]);
    expect(badGroup.body.error_msg).toContain('group_id');
    const badNode = await c.call('POST', priorityPath(id, { ...replica!, node_id: 'nope' }), { slave_priority_weight: 5 });
    expect(badNode.body.error_msg).toContain('node_id');
    const gone = await c.call('POST', priorityPath('00000000-0000-4000-8000-000000000000', replica!), { slave_priority_weight: 5 });
    expect(gone.status).toBe(404);
  });

  test('refused outside RUNNING with a busy code', async () => {
    const id = await instance();
    const [, replica] = await nodes(id);
    const restart = await c.call('PUT', '/v2/{project_id}/instances/status', { instances: [id], action: 'restart' });
    expect(restart.status, JSON.stringify(restart.body)).toBe(200);
    const r = await c.call('POST', priorityPath(id, replica!), { slave_priority_weight: 5 });
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    await c.advance(c.emu.config.durations.restart);
    expect((await nodes(id)).map((n) => n.priority_weight)).toEqual([100, 100]);
  });
});

describe('master/standby switchover (4.2.1, rule swap.roles)', () => {
  const swap = (id: string) => c.call('POST', `/v2/{project_id}/instances/${id}/swap`);
  const roles = async (id: string) => Object.fromEntries((await nodes(id)).map((n) => [n.node_id, n.node_type]));
  const replicationRoles = async (id: string) => {
    const r = await c.call('GET', `/v2/{project_id}/instance/${id}/groups`);
    expect(spec.validateResponse('ListGroupReplicationInfo', 200, r.body)?.valid).toBe(true);
    return Object.fromEntries((r.body.group_list as { replication_list: { node_id: string; replication_role: string }[] }[]).flatMap((g) => g.replication_list).map((x) => [x.node_id, x.replication_role]));
  };

  test('the standby becomes the master once MS_SWAPPING is over, in both node reads; a second swap swaps back', async () => {
    const id = await instance();
    const [master, standby] = await nodes(id);
    expect((await swap(id)).status).toBe(204);
    // Roles change with the switchover's end, not before.
    expect(await roles(id)).toEqual({ [master!.node_id]: 'master', [standby!.node_id]: 'slave' });
    await c.advance(c.emu.config.durations.swap);
    expect((await c.call('GET', `/v2/{project_id}/instances/${id}`)).body.status).toBe('RUNNING');
    const swapped = { [master!.node_id]: 'slave', [standby!.node_id]: 'master' };
    expect(await roles(id)).toEqual(swapped);
    expect(await replicationRoles(id)).toEqual(swapped);
    // The new standby takes priorities; the new master is refused them.
    expect((await c.call('POST', priorityPath(id, master!), { slave_priority_weight: 5 })).status).toBe(204);
    expect((await c.call('POST', priorityPath(id, standby!), { slave_priority_weight: 5 })).body.error_code).toBe(code('replica.not-replica'));
    expect((await swap(id)).status).toBe(204);
    await c.advance(c.emu.config.durations.swap);
    expect(await roles(id)).toEqual({ [master!.node_id]: 'master', [standby!.node_id]: 'slave' });
  });

  test('of several standbys the one 4.3.1 ranks first is promoted: the smallest weight other than 0', async () => {
    const id = await instance(threeReplicas());
    const [master, a, b] = await nodes(id);
    expect((await c.call('POST', priorityPath(id, a!), { slave_priority_weight: 0 })).status).toBe(204);
    expect((await c.call('POST', priorityPath(id, b!), { slave_priority_weight: 60 })).status).toBe(204);
    expect((await swap(id)).status).toBe(204);
    await c.advance(c.emu.config.durations.swap);
    expect(await roles(id)).toEqual({ [master!.node_id]: 'slave', [a!.node_id]: 'slave', [b!.node_id]: 'master' });
  });
});

describe('removing a replica IP from the read-only domain name (4.3.2)', () => {
  test('answers a job; the IP is removed when the job finishes; a background task records it', async () => {
    const id = await instance(threeReplicas());
    const [, a] = await nodes(id);
    const r = await c.call('DELETE', removePath(id, a!));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(spec.validateResponse('DeleteIpFromDomainName', 200, r.body)?.valid).toBe(true);
    expect(typeof r.body.job_id).toBe('string');
    expect((await nodes(id)).find((n) => n.node_id === a!.node_id)!.is_remove_ip).toBe(false);
    await c.advance(c.emu.config.durations.job);
    expect((await nodes(id)).map((n) => n.is_remove_ip)).toEqual([false, true, false]);
    const job = await c.call('GET', `/v2/{project_id}/jobs/${r.body.job_id}`);
    expect(job.body.status).toBe('SUCCESS');
    const tasks = await c.call('GET', `/v2/{project_id}/instances/${id}/tasks`);
    expect(tasks.body.tasks.map((t: { name: string }) => t.name)).toContain('RemoveIpFromDns');
  });

  test('again on a removed IP, on the last replica IP, on the master: refused with their codes, nothing changes', async () => {
    const id = await instance(threeReplicas());
    const [master, a, b] = await nodes(id);
    expect((await c.call('DELETE', removePath(id, a!))).status).toBe(200);
    // While the first removal runs, the same IP counts as removed and the other is the last one.
    const again = await c.call('DELETE', removePath(id, a!));
    expect([again.status, again.body.error_code]).toEqual([400, code('remove-ip.already-removed')]);
    const last = await c.call('DELETE', removePath(id, b!));
    expect([last.status, last.body.error_code]).toEqual([400, code('remove-ip.last-replica')]);
    const onMaster = await c.call('DELETE', removePath(id, master!));
    expect([onMaster.status, onMaster.body.error_code]).toEqual([400, code('replica.not-replica')]);
    await c.advance(c.emu.config.durations.job);
    expect((await nodes(id)).map((n) => n.is_remove_ip)).toEqual([false, true, false]);
    const afterwards = await c.call('DELETE', removePath(id, a!));
    expect(afterwards.body.error_code).toBe(code('remove-ip.already-removed'));
  });

  test('a master/standby with one replica keeps its IP; instance types without a read-only domain are refused', async () => {
    const ha = await instance();
    const [, replica] = await nodes(ha);
    const r = await c.call('DELETE', removePath(ha, replica!));
    expect(r.body.error_code).toBe(code('remove-ip.last-replica'));
    const cluster = await instance({ cache_mode: 'cluster' });
    const [, clusterReplica] = await nodes(cluster);
    const refused = await c.call('DELETE', removePath(cluster, clusterReplica!));
    expect([refused.status, refused.body.error_code]).toEqual([400, code('remove-ip.cache-mode')]);
    expect((await nodes(cluster)).every((n) => !n.is_remove_ip)).toBe(true);
  });

  test('unknown node: the not-found code naming node_id', async () => {
    const id = await instance(threeReplicas());
    const [, a] = await nodes(id);
    const r = await c.call('DELETE', removePath(id, { ...a!, node_id: 'f'.repeat(32) }));
    expect([r.status, r.body.error_code]).toEqual([400, spec.rules.protocol('resource.not-found').errorCode]);
    expect(r.body.error_msg).toContain('node_id');
  });
});
