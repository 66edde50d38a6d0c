// Rule cases: Big and hot key analysis (spec/src/rules/analysis.json): one at a time, the LFU policy of hot
// keys, scheduled times.
import type { Spec } from '../../../spec/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../../engine/errors.ts';
import { ok, successStatuses, wholePage } from '../common.ts';
import { data, refusal, instanceParams, refused, read, refusedAndUnchanged } from './_internals/refusals.ts';
import { param, setParam } from './_internals/reads.ts';
import type { Draft } from './_internals/draft.ts';

export const analysisCases = (spec: Spec): Draft[] => [
  {
    op: 'CreateBigkeyScanTask',
    rule: 'analysis.bigkey-running',
    also: successStatuses(spec.operation('CreateBigkeyScanTask')),
    async run(ctx, rule) {
      const { activeStatuses } = data<{ activeStatuses: string[] }>(spec, rule);
      const inst = await ctx.scenario.main();
      await ctx.clock.settle();
      const params = instanceParams(inst);
      const first = await ok(ctx, 'CreateBigkeyScanTask', { params }, 'starting a big key analysis');
      const id = (first.json as { id: string }).id;
      const shown = await read(ctx, 'ShowBigkeyScanTaskDetails', { params: { ...params, bigkey_id: id } }, `reading big key task ${id}`);
      if (!activeStatuses.includes(shown?.status)) {
        if (ctx.clock.virtual) departure(ctx.client, first, `right after it was started, big key task ${id} is ${shown?.status}, expected ${activeStatuses.join(' or ')}`, rule);
        throw new CaseSkipped(`big key task ${id} finished (${shown?.status}) before a second one could be requested`);
      }
      const tasks = async () => ((await read(ctx, 'ListBigkeyScanTasks', { params, query: { limit: wholePage(ctx.spec, 'ListBigkeyScanTasks') } }, 'listing big key tasks'))?.records ?? []).map((t: { id: string }) => t.id);
      const before = await tasks();
      const r = await refused(ctx, 'CreateBigkeyScanTask', { params }, refusal(spec, rule), `a second big key analysis while ${id} is ${shown.status}`);
      const after = await tasks();
      if (JSON.stringify(after) !== JSON.stringify(before)) departure(ctx.client, r, `the refused analysis was recorded (${before.length} -> ${after.length} tasks)`, rule);
      await ctx.clock.settle();
    },
  },
  {
    op: 'CreateHotkeyScanTask',
    rule: 'analysis.hotkey-lfu-policy',
    also: successStatuses(spec.operation('CreateHotkeyScanTask')),
    async run(ctx, rule) {
      const lfu = data<{ parameter: string; policies: string[] }>(spec, rule);
      const range = data<{ parameters: { param_name: string; value_range: string }[] }>(spec, 'config.param-value').parameters.find((p) => p.param_name === lfu.parameter)?.value_range.split(',');
      const other = range?.find((v) => !lfu.policies.includes(v));
      if (!other) throw new CaseSkipped(`config.param-value lists no value of ${lfu.parameter} outside ${lfu.policies.join(', ')}`);
      // A fresh instance: the shared one may have been given an LFU policy already.
      const inst = await ctx.scenario.instance();
      const params = instanceParams(inst);
      const p = await param(ctx, inst, lfu.parameter);
      if (lfu.policies.includes(p.param_value)) {
        await setParam(ctx, inst, p, other, `setting ${lfu.parameter} to ${other}`);
        await ctx.clock.settle();
      }
      const tasks = async () => ((await read(ctx, 'ListHotKeyScanTasks', { params, query: { limit: wholePage(ctx.spec, 'ListHotKeyScanTasks') } }, 'listing hot key tasks'))?.records ?? []).map((t: { id: string }) => t.id);
      await refusedAndUnchanged(ctx, rule, `hot key analysis without an LFU ${lfu.parameter}`, tasks, () => refused(ctx, 'CreateHotkeyScanTask', { params }, refusal(spec, rule), `hot key analysis with ${lfu.parameter} not LFU`));
      // With an LFU policy the same request is allowed.
      for (const policy of lfu.policies) {
        await setParam(ctx, inst, p, policy, `setting ${lfu.parameter} to ${policy}`);
        await ctx.clock.settle();
        const r = await ctx.client.call('CreateHotkeyScanTask', { params, expect: { status: successStatuses(spec.operation('CreateHotkeyScanTask')), rule } });
        conforms(ctx.client, r, `hot key analysis with ${lfu.parameter} ${policy}`);
        await ctx.clock.settle();
      }
    },
  },
  {
    op: 'UpdateBigkeyAutoscanConfig',
    rule: 'analysis.schedule-at',
    async run(ctx, rule) {
      const { pattern, appliesTo } = data<{ pattern: string }>(spec, rule);
      const re = new RegExp(pattern);
      // Times of day written in ways the HH:mm pattern refuses (hour past the day, unpadded, 12-hour).
      const bad = ['24:00', '7:05', '9pm'].filter((t) => !re.test(t));
      // Nothing to send is the spec's data gone missing, not a pass.
      if (!appliesTo?.length || !bad.length) throw new SuiteSpecMismatchError(`${rule}: no operation in appliesTo, or the pattern accepts every bad time (${bad.length} left)`);
      const inst = await ctx.scenario.main();
      for (const { section } of appliesTo) {
        const update = spec.operations.find((o) => o.section === section && o.method === 'PUT')!;
        const show = spec.operations.find((o) => o.method === 'GET' && o.path === update.path)!;
        const observe = () => read(ctx, show.id, { params: instanceParams(inst) }, `reading ${show.id}`);
        for (const t of bad) {
          await refusedAndUnchanged(ctx, rule, `${update.id} with schedule_at ${t}`, observe, () => refused(ctx, update.id, { params: instanceParams(inst), json: { enable_auto_scan: true, schedule_at: [t] } }, refusal(spec, rule), `${update.id} with schedule_at ${t}`));
        }
      }
    },
  },
];
