// Rule cases: Instance parameters (spec/src/rules/configs.json): values within their range, one update at a
// time.
import type { Spec } from '../../../spec/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import { CaseSkipped } from '../../engine/errors.ts';
import { successStatuses } from '../common.ts';
import { data, refusal, instanceParams, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { configOf, param, setParam } from './_internals/reads.ts';
import type { Draft } from './_internals/draft.ts';

export const configCases = (spec: Spec): Draft[] => {
  interface Param {
    param_name: string;
    value_range: string;
  }
  const params = () => data<{ parameters: Param[] }>(spec, 'config.param-value').parameters;
  /** The first parameter whose value_range is a numeric range "min-max", with its bounds. */
  const numeric = () => {
    for (const p of params()) {
      const m = /^(-?\d+)-(-?\d+)$/.exec(p.value_range);
      if (m) return { name: p.param_name, min: Number(m[1]), max: Number(m[2]) };
    }
    throw new CaseSkipped('config.param-value lists no parameter with a numeric range');
  };
  return [
    {
      op: 'UpdateConfigurations',
      rule: 'config.param-value',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        await ctx.clock.settle();
        const n = numeric();
        const out = [String(n.max + 1), String(n.min - 1)].map((value) => ({ name: n.name, value }));
        // A value outside a listed parameter's value list (every listed value glued together is none of them).
        const list = params().find((p) => !/^(-?\d+)-(-?\d+)$/.test(p.value_range));
        if (list) out.push({ name: list.param_name, value: list.value_range.split(',').join('') });
        for (const { name, value } of out) {
          const p = await param(ctx, inst, name);
          await refusedAndUnchanged(ctx, rule, `${name} = ${value}`, () => configOf(ctx, inst), () => refused(ctx, 'UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: value }] } }, refusal(spec, rule), `setting ${name} to ${value}`));
        }
      },
    },
    {
      op: 'UpdateConfigurations',
      rule: 'config.updating',
      also: successStatuses(spec.operation('UpdateConfigurations')),
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        await ctx.clock.settle();
        const n = numeric();
        const p = await param(ctx, inst, n.name);
        const [first, second] = [n.min, n.min + 1, n.min + 2].map(String).filter((v) => v !== p.param_value);
        await setParam(ctx, inst, p, first!, `setting ${n.name} to ${first}`);
        const r = await ctx.client.call('UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: second }] }, expect: refusal(spec, rule) });
        if (!ctx.clock.virtual && r.status < 300) {
          // Elsewhere the first modification may have ended already; accepting the second is a departure
          // only while the first is still being applied (its value not in place yet).
          const now = (await configOf(ctx, inst)).find((x) => x.param_name === n.name)?.param_value;
          await ctx.clock.settle();
          await setParam(ctx, inst, p, p.param_value, `restoring ${n.name}`);
          await ctx.clock.settle();
          if (now === p.param_value) departure(ctx.client, r, `a second modification was accepted while the first (${n.name} = ${first}) was still being applied`, rule);
          throw new CaseSkipped(`the first modification of ${n.name} was applied before a second one could be sent`);
        }
        conforms(ctx.client, r, `a second modification while ${n.name} = ${first} is being applied`);
        await ctx.clock.settle();
        const applied = (await configOf(ctx, inst)).find((x) => x.param_name === n.name)?.param_value;
        if (applied !== first) departure(ctx.client, r, `once settled ${n.name} is ${applied}, expected ${first} (the refused ${second} must not apply)`, rule);
        await setParam(ctx, inst, p, p.param_value, `restoring ${n.name}`);
        await ctx.clock.settle();
      },
    },
  ];
};
