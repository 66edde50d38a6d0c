// Rule cases: Replicas and their IPs (spec/src/rules/configs.json): priority weights, removing replica IPs.
import type { Spec } from '../../../spec/index.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../../engine/errors.ts';
import { ok, successStatuses } from '../common.ts';
import { data, refusal, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { type NodeInfo, nodes, nodeParams, nodeTypes } from './_internals/reads.ts';
import { modeOutside } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const replicaCases = (spec: Spec): Draft[] => {
  const weight = () => {
    const w = (spec.operation('UpdateSlavePriority').requestBody?.schema?.properties as Record<string, { minimum?: number; maximum?: number }> | undefined)?.slave_priority_weight;
    if (w?.minimum === undefined || w.maximum === undefined) throw new SuiteSpecMismatchError('spec: UpdateSlavePriority slave_priority_weight has no minimum/maximum');
    return { minimum: w.minimum, maximum: w.maximum };
  };
  const groupOf = (all: NodeInfo[], types: { replica: string }) => {
    const replica = all.find((n) => n.node_type === types.replica);
    return all.filter((n) => n.node_type === types.replica && n.group_id === replica?.group_id);
  };
  return [
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.not-replica',
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.main();
        const master = (await nodes(ctx, inst)).find((n) => n.node_type === types.master);
        if (!master) throw new CaseSkipped(`instance ${inst.id} lists no ${types.master} node`);
        const params = nodeParams(inst, master);
        const observe = () => nodes(ctx, inst);
        await refusedAndUnchanged(ctx, rule, 'a priority on the master', observe, () => refused(ctx, 'UpdateSlavePriority', { params, json: { slave_priority_weight: weight().maximum } }, refusal(spec, rule), 'setting the priority of the master node'));
        await refusedAndUnchanged(ctx, rule, "removing the master's IP", observe, () => refused(ctx, 'DeleteIpFromDomainName', { params }, refusal(spec, rule), 'removing the master node from the read-only domain name'));
      },
    },
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.all-zero',
      also: successStatuses(spec.operation('UpdateSlavePriority')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        // Promotion is disabled by the weight's minimum (0); a fresh instance with two replicas per shard.
        const zero = weight().minimum;
        const inst = await ctx.scenario.instance({ replicas: 3 });
        const shard = groupOf(await nodes(ctx, inst), types);
        if (!shard.length) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        for (const n of shard.slice(0, -1)) await ok(ctx, 'UpdateSlavePriority', { params: nodeParams(inst, n), json: { slave_priority_weight: zero } }, `disabling promotion of replica ${n.node_id}`);
        await ctx.clock.settle();
        const last = shard.at(-1)!;
        await refusedAndUnchanged(ctx, rule, 'the last promotable replica set to 0', () => nodes(ctx, inst), () => refused(ctx, 'UpdateSlavePriority', { params: nodeParams(inst, last), json: { slave_priority_weight: zero } }, refusal(spec, rule), `disabling promotion of the shard's last promotable replica ${last.node_id}`));
      },
    },
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.priority-weight',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        const replica = await ctx.scenario.replica(inst);
        const w = weight();
        for (const value of [w.maximum + 1, w.minimum - 1]) {
          await refusedAndUnchanged(ctx, rule, `slave_priority_weight ${value}`, () => nodes(ctx, inst), () => refused(ctx, 'UpdateSlavePriority', { params: replica, json: { slave_priority_weight: value } }, refusal(spec, rule), `setting slave_priority_weight to ${value}`));
        }
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.cache-mode',
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const { cacheModes } = data<{ cacheModes: string[] }>(spec, rule);
        // An instance type without a read-only domain name that still has replicas (the refusal is about the type).
        const mode = modeOutside(spec, cacheModes, ctx.scenario.aclVersion, true);
        const inst = await ctx.scenario.instance({ mode });
        const replica = (await nodes(ctx, inst)).find((n) => n.node_type === types.replica);
        if (!replica) throw new CaseSkipped(`the ${mode} instance ${inst.id} lists no replica`);
        await refusedAndUnchanged(ctx, rule, `removing a replica IP of a ${mode} instance`, () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, replica) }, refusal(spec, rule), `removing a replica IP of a ${mode} instance`));
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.last-replica',
      also: successStatuses(spec.operation('DeleteIpFromDomainName')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.instance();
        const replicas = (await nodes(ctx, inst)).filter((n) => n.node_type === types.replica);
        if (!replicas.length) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        // Take every replica but one out of the domain name; the last one must stay.
        for (const n of replicas.slice(0, -1)) {
          await ok(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, n) }, `removing replica ${n.node_id}`);
          await ctx.clock.settle();
        }
        const last = replicas.at(-1)!;
        await refusedAndUnchanged(ctx, rule, 'removing the last replica IP', () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, last) }, refusal(spec, rule), `removing the last replica IP (${last.node_id})`));
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.already-removed',
      also: successStatuses(spec.operation('DeleteIpFromDomainName')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.instance({ replicas: 3 });
        const replica = (await nodes(ctx, inst)).find((n) => n.node_type === types.replica);
        if (!replica) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        const params = nodeParams(inst, replica);
        await ok(ctx, 'DeleteIpFromDomainName', { params }, `removing replica ${replica.node_id}`);
        await ctx.clock.settle();
        const removed = (await nodes(ctx, inst)).find((n) => n.node_id === replica.node_id);
        if (removed?.is_remove_ip !== true) throw new CaseSkipped(`replica ${replica.node_id} is not reported removed (is_remove_ip ${removed?.is_remove_ip}) once the removal settled`);
        await refusedAndUnchanged(ctx, rule, 'removing the same replica IP again', () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params }, refusal(spec, rule), `removing replica ${replica.node_id} again`));
      },
    },
  ];
};
