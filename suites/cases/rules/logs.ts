// Rule cases: Slow logs and run logs (spec/src/rules/logs.json): time format and order, the replication id.
import type { Spec } from '../../../spec/index.ts';
import { data, refusal, instanceParams, refused, read, refusedAndUnchanged } from './_internals/refusals.ts';
import { modeOutside } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const logCases = (spec: Spec): Draft[] => {
  const DAY = 86_400_000;
  return [
    {
      op: 'ListSlowlog',
      rule: 'slowlog.time-format',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        const now = await ctx.scenario.now();
        // The same instants, written as ISO dates instead of epoch milliseconds.
        const iso = (ms: number) => new Date(ms).toISOString();
        for (const query of [{ start_time: iso(now - DAY), end_time: String(now) }, { start_time: String(now - DAY), end_time: iso(now) }]) {
          await refused(ctx, 'ListSlowlog', { params: instanceParams(inst), query }, refusal(spec, rule), `slow logs from ${query.start_time} to ${query.end_time}`);
        }
      },
    },
    {
      op: 'ListSlowlog',
      rule: 'slowlog.time-order',
      async run(ctx) {
        const inst = await ctx.scenario.main();
        const now = await ctx.scenario.now();
        await refused(ctx, 'ListSlowlog', { params: instanceParams(inst), query: { start_time: String(now), end_time: String(now - DAY) } }, refusal(spec, 'slowlog.time-order'), 'slow logs whose end_time is before start_time');
      },
    },
    {
      op: 'CreateRedislog',
      rule: 'redislog.replication-id',
      async run(ctx, rule) {
        const { singleNodeCacheModes } = data<{ singleNodeCacheModes: string[] }>(spec, rule);
        const main = await ctx.scenario.main();
        const inst = singleNodeCacheModes.includes(main.mode) ? await ctx.scenario.instance({ mode: modeOutside(spec, singleNodeCacheModes, main.version) }) : main;
        const query = await ctx.scenario.redislogQuery(inst);
        const { replication_id: _dropped, ...without } = query;
        const observe = () => read(ctx, 'ListRedislog', { params: instanceParams(inst), query: { log_type: query.log_type! } }, 'listing run logs');
        await refusedAndUnchanged(ctx, rule, `collecting run logs of a ${inst.mode} instance without replication_id`, observe, () => refused(ctx, 'CreateRedislog', { params: instanceParams(inst), query: without }, refusal(spec, rule), `collecting run logs of a ${inst.mode} instance without replication_id`));
      },
    },
  ];
};
