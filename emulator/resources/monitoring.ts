// Monitored objects for Cloud Eye (4.15.4, 4.15.5): the instances of the project and, for cluster
// types, their nodes, under the dimension names the reference lists.
import { ApiError } from '../core/errors.ts';
import type { Instance } from '../core/store.ts';
import { instanceOf, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

const enumOf = (ctx: HandlerContext, name: string): string[] => ((ctx.op.parameters.find((p) => p.name === name)?.schema.enum as string[] | undefined) ?? []);

const monitored = (i: Instance) => ({ dcs_instance_id: i.instance_id, name: i.name, status: i.status });

export const listMonitoredObjectsOfInstance: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const cluster = inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy';
  return {
    body: {
      router: [ctx.query.dim_name],
      children: cluster ? [{ dim_name: 'dcs_cluster_redis_node', dim_route: `${ctx.query.dim_name},dcs_cluster_redis_node` }] : [],
      instances: [monitored(inst)],
      total: 1,
    },
  };
};

export const listMonitoredObjects: Handler = (ctx) => {
  const q = ctx.query as { dim_name: string; offset?: number; limit?: number };
  const known = enumOf({ ...ctx, op: ctx.spec.operations.find((o) => o.path.endsWith('/dims/monitored-objects/{instance_id}'))! }, 'dim_name');
  if (known.length && !known.includes(q.dim_name)) throw new ApiError(ctx.spec.rules.protocol('request.invalid-parameter').errorCode, 'dim_name');
  const all = [...ctx.project.instances.values()].sort((a, b) => a.created_at - b.created_at);
  const offset = q.offset ?? 0;
  return { body: { router: [q.dim_name], children: [], instances: all.slice(offset, offset + (q.limit ?? 10)).map(monitored), total: all.length } };
};

export const monitoringResource: Resource = {
  name: 'monitoring',
  handlers: {
    ListMonitoredObjectsOfInstance: listMonitoredObjectsOfInstance,
    ListMonitoredObjects: listMonitoredObjects,
  },
};
