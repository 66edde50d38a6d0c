// Rule cases: Custom parameter templates (spec/src/rules/configs.json): the source instance's engine, unique
// names.
import type { Spec } from '../../../spec/index.ts';
import { CaseSkipped } from '../../engine/errors.ts';
import { validRequest, wholePage } from '../common.ts';
import { refusal, refused, read, refusedAndUnchanged } from './_internals/refusals.ts';
import { userTemplates } from './_internals/reads.ts';
import type { Draft } from './_internals/draft.ts';

export const templateCases = (spec: Spec): Draft[] => {
  const create = spec.operation('CreateCustomTemplate');
  return [
    {
      op: 'CreateCustomTemplate',
      rule: 'template.matches-source',
      async run(ctx, rule) {
        const req = await validRequest(ctx, create);
        const body = req.body as Record<string, unknown>;
        // The source template's own values, as the listing shows them.
        const sys = await read(ctx, 'ListConfigTemplates', { query: { type: ctx.scenario.enumOf('ListConfigTemplates', 'type'), limit: wholePage(ctx.spec, 'ListConfigTemplates') } }, 'listing default templates');
        const source = ((sys?.templates ?? []) as { template_id: string; cache_mode: string; engine_version: string }[]).find((t) => t.template_id === body.template_id);
        if (!source) throw new CaseSkipped(`default template ${String(body.template_id)} is not listed`);
        const props = create.requestBody!.schema!.properties as Record<string, { enum?: string[] }>;
        let tried = 0;
        for (const field of ['cache_mode', 'engine_version'] as const) {
          const other = props[field]?.enum?.find((v) => v !== source[field]);
          if (!other) continue;
          tried++;
          const bad = { ...body, name: ctx.scenario.name('tpl'), [field]: other };
          await refusedAndUnchanged(ctx, rule, `${field} ${other} on a ${source[field]} template`, () => userTemplates(ctx, bad.name), () => refused(ctx, create.id, { json: bad }, refusal(spec, rule), `a custom template with ${field} ${other} from a ${source[field]} default template`));
        }
        if (!tried) throw new CaseSkipped(`CreateCustomTemplate's schema offers no cache_mode or engine_version other than template ${String(body.template_id)}'s`);
      },
    },
    {
      op: 'CreateCustomTemplate',
      rule: 'template.name-unique',
      async run(ctx, rule) {
        // The run's shared custom template holds the name; a second template under it is refused.
        const existing = await ctx.scenario.customTemplate();
        const taken = (await userTemplates(ctx)).find((t) => t.template_id === existing)?.name;
        if (!taken) throw new CaseSkipped(`custom template ${existing} is not listed`);
        const req = await validRequest(ctx, create);
        await refusedAndUnchanged(ctx, rule, `a second template named ${taken}`, () => userTemplates(ctx, taken), () => refused(ctx, create.id, { json: { ...(req.body as object), name: taken } }, refusal(spec, rule), `a custom template named ${taken}, which exists`));
      },
    },
  ];
};
