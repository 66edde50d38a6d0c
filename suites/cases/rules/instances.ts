// Rule cases: instance-wide rules (instanceStates.json capabilities, configs.json, protocol.json, passwords.json,
// names.json): an unknown availability zone, the required password, unique names, the cache modes and roles of
// a master/standby swap.
import type { Spec } from '../../../spec/index.ts';
import type { Inst } from '../../../harness/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import { CaseSetupError, CaseSkipped } from '../../engine/errors.ts';
import { ok, successStatuses, validRequest } from '../common.ts';
import { capability, refusal, instanceParams, refused, read, refusedAndUnchanged } from './_internals/refusals.ts';
import { type NodeInfo, nodes, nodeTypes, instanceStatus, refusedCreate } from './_internals/reads.ts';
import { modeOutside } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const instanceCases = (spec: Spec): Draft[] => [
  {
    op: 'CreateInstance',
    rule: 'resource.az-not-found',
    async run(ctx, rule) {
      const req = await validRequest(ctx, spec.operation('CreateInstance'));
      const body = req.body as Record<string, unknown>;
      const zones = await ctx.scenario.zones();
      // A code the tenant's zone list does not have: a listed code with the run id appended.
      const unknown = `${zones[0]?.code ?? 'az'}-${ctx.runId}`;
      if (zones.some((z) => z.code === unknown)) throw new CaseSetupError(`zone ${unknown} exists`);
      await refusedCreate(ctx, rule, { ...body, az_codes: [unknown] }, `creating an instance in zone ${unknown}`);
    },
  },
  {
    op: 'CreateInstance',
    rule: 'password.required',
    async run(ctx, rule) {
      const req = await validRequest(ctx, spec.operation('CreateInstance'));
      // No password, and password access (not password-free): the one case that needs one.
      const { password: _dropped, ...body } = req.body as Record<string, unknown>;
      await refusedCreate(ctx, rule, { ...body, ...(body.no_password_access === undefined ? {} : { no_password_access: false }) }, 'creating an instance with password access and no password');
    },
  },
  {
    op: 'UpdateInstance',
    rule: 'name.unique',
    async run(ctx, rule) {
      const taken = await ctx.scenario.main();
      const inst = await ctx.scenario.instance();
      const nameOf = async (i: Inst) => (await read(ctx, 'ShowInstance', { params: instanceParams(i) }, `reading instance ${i.id}`))?.name as string;
      const name = await nameOf(taken);
      await refusedAndUnchanged(ctx, rule, `renaming onto ${name}`, () => nameOf(inst), () => refused(ctx, 'UpdateInstance', { params: instanceParams(inst), json: { name } }, refusal(spec, rule), `renaming instance ${inst.id} to ${name}, the name of instance ${taken.id}`));
    },
  },
  {
    op: 'ChangeMasterStandby',
    rule: 'swap.cache-mode',
    async run(ctx, rule) {
      const mode = modeOutside(spec, capability(spec, rule)?.cacheModes ?? [], ctx.scenario.aclVersion);
      const inst = await ctx.scenario.instance({ mode });
      await refusedAndUnchanged(ctx, rule, `a master/standby swap of a ${mode} instance`, async () => ({ instance: await instanceStatus(ctx, inst), nodes: await nodes(ctx, inst) }), () => refused(ctx, 'ChangeMasterStandby', { params: instanceParams(inst) }, refusal(spec, rule), `swapping master and standby of a ${mode} instance`));
    },
  },
  {
    op: 'ChangeMasterStandby',
    rule: 'swap.roles',
    statuses: successStatuses(spec.operation('ChangeMasterStandby')),
    async run(ctx, rule) {
      const types = nodeTypes(spec);
      // A fresh instance of a type that swaps: the shared one keeps its master for the other cases.
      const mode = capability(spec, 'swap.cache-mode')?.cacheModes?.[0];
      const inst = await ctx.scenario.instance(mode ? { mode } : {});
      const before = await nodes(ctx, inst);
      const shards = [...new Set(before.map((n) => n.group_id).filter((g) => g !== undefined))];
      if (!before.some((n) => n.node_type === types.replica)) throw new CaseSkipped(`the ${mode ?? ''} instance ${inst.id} lists no standby to promote`);
      await ok(ctx, 'ChangeMasterStandby', { params: instanceParams(inst) }, 'switching master and standby');
      await ctx.clock.settle();
      const serving = ctx.spec.rules.states.data.statuses.serving.values;
      const details = await ctx.client.call('ShowInstance', { params: instanceParams(inst) });
      conforms(ctx.client, details, 'reading the instance after the switchover');
      const status = (details.json as { status?: string } | undefined)?.status ?? '';
      if (!serving.includes(status)) departure(ctx.client, details, `once the switchover settled the instance is ${status}, expected ${serving.join(' or ')}`, rule);
      // Both node reads, by node ID: in every shard the master is a former standby and the former master a standby.
      const shown = await ctx.client.call('ShowNodesInformation', { params: instanceParams(inst) });
      conforms(ctx.client, shown, 'reading the nodes after the switchover');
      const replication = await ctx.client.call('ListGroupReplicationInfo', { params: instanceParams(inst) });
      conforms(ctx.client, replication, 'reading shards and replicas after the switchover');
      const afterNodes = new Map((((shown.json as { nodes?: NodeInfo[] } | undefined)?.nodes ?? []) as NodeInfo[]).map((n) => [n.node_id, n.node_type]));
      const afterReplicas = new Map(((replication.json as { group_list?: { replication_list?: { node_id: string; replication_role: string }[] }[] } | undefined)?.group_list ?? []).flatMap((g) => g.replication_list ?? []).map((x) => [x.node_id, x.replication_role]));
      for (const [what, res, roles] of [['ShowNodesInformation node_type', shown, afterNodes], ['ListGroupReplicationInfo replication_role', replication, afterReplicas]] as const) {
        for (const group of shards) {
          const shard = before.filter((n) => n.group_id === group);
          const master = shard.find((n) => n.node_type === types.master);
          const promoted = shard.filter((n) => n.node_type === types.replica && roles.get(n.node_id) === types.master);
          const summary = shard.map((n) => `${n.node_id} ${n.node_type} -> ${roles.get(n.node_id) ?? 'missing'}`).join(', ');
          if (master && roles.get(master.node_id) !== types.replica) departure(ctx.client, res, `after the switchover ${what} shows the former master ${master.node_id} as ${roles.get(master.node_id) ?? 'missing'}, expected ${types.replica} (shard ${group}: ${summary})`, rule);
          if (promoted.length !== 1) departure(ctx.client, res, `after the switchover ${what} shows ${promoted.length} former standbys of shard ${group} as ${types.master}, expected one (${summary})`, rule);
        }
      }
    },
  },
];
