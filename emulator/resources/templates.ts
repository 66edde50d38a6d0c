// Parameter templates (reference 4.14): default (sys) templates, one per engine version and instance
// type that the list's filters offer, numbered and named after the reference's example; custom (user)
// templates derived from an existing template with parameter overrides. Instances created with a
// custom template_id start from its values (configs.ts).
import type { Spec } from '../../spec/index.ts';
import { ApiError, EmulatorSpecMismatchError } from '../core/errors.ts';
import { checkParamValues, customTemplatesOf, type ConfigTemplate } from './configs.ts';
import { type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

const queryEnum = (spec: Spec, name: string): string[] => (spec.operation('ListConfigTemplates').parameters.find((p) => p.name === name)?.schema.enum as string[] | undefined) ?? [];

const systemCache = new WeakMap<Spec, ConfigTemplate[]>();

/**
 * The default templates. The reference shows one (4.14.1: id "6", Default-Redis-4.0-single-generic-DRAM)
 * and creates a custom template from id "11" for single-node Redis 5.0 (4.14.2): numbering by version,
 * then by instance type in the order the cache_mode filter lists them, from the example's id, gives both.
 */
export function systemTemplates(spec: Spec): ConfigTemplate[] {
  const cached = systemCache.get(spec);
  if (cached) return cached;
  const value = spec.operation('ListConfigTemplates').responses.get(200)?.examples[0]?.value as { templates?: Omit<ConfigTemplate, 'params'>[] } | undefined;
  const example = value?.templates?.find((t) => t.type === 'sys');
  if (!example) throw new EmulatorSpecMismatchError('spec: the ListConfigTemplates 200 example no longer shows a default template to derive the others from');
  const versions = queryEnum(spec, 'engine_version');
  const modes = queryEnum(spec, 'cache_mode');
  const base = Number(example.template_id) - (versions.indexOf(example.engine_version) * modes.length + modes.indexOf(example.cache_mode));
  const list = versions.flatMap((version, vi) =>
    modes.map((mode, mi) => ({
      ...example,
      template_id: String(base + vi * modes.length + mi),
      engine_version: version,
      cache_mode: mode,
      name: example.name.replace(example.engine_version, version).replace(`-${example.cache_mode}-`, `-${mode}-`),
      params: {},
    })),
  );
  systemCache.set(spec, list);
  return list;
}

const allTemplates = (ctx: HandlerContext): ConfigTemplate[] => [...systemTemplates(ctx.spec), ...customTemplatesOf(ctx.project).values()];

export const listConfigTemplates: Handler = (ctx) => {
  const q = ctx.query as { type: string; name?: string; engine?: string; engine_version?: string; cache_mode?: string; offset?: number; limit?: number };
  // Custom templates in creation order, after the fixed default list.
  let list = allTemplates(ctx).filter((t) => t.type === q.type);
  if (q.name) list = list.filter((t) => t.name.toLowerCase().includes(q.name!.toLowerCase()));
  if (q.engine) list = list.filter((t) => t.engine === q.engine);
  if (q.engine_version) list = list.filter((t) => t.engine_version === q.engine_version);
  if (q.cache_mode) list = list.filter((t) => t.cache_mode === q.cache_mode);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return {
    body: {
      template_num: list.length,
      templates: list.slice(offset, offset + limit).map((t) => ({ ...t, params: undefined, created_at: t.created_at === undefined ? undefined : new Date(t.created_at).toISOString() })),
    },
  };
};

export const createCustomTemplate: Handler = (ctx) => {
  const b = ctx.body as { template_id: string; name: string; type: string; engine?: string; engine_version?: string; cache_mode?: string; description?: string; params: Record<string, string> };
  const templates = allTemplates(ctx);
  const source = templates.find((t) => t.template_id === b.template_id);
  if (!source) throw new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, 'template_id');
  const unique = ctx.spec.rules.byId('template.name-unique');
  if (b.name.trim() === '' || templates.some((t) => t.name === b.name)) throw new ApiError(unique.errorCode, 'name');
  for (const field of ['engine', 'engine_version', 'cache_mode'] as const) {
    if (b[field] !== undefined && b[field] !== source[field]) throw new ApiError(ctx.spec.rules.byId('template.matches-source').errorCode, field);
  }
  checkParamValues(ctx, b.params, 'params');
  // `type` is not checked: the reference's own example creates a custom template with "sys" (see the
  // 4.14.2 erratum); whatever it says, what is created is a custom (user) template.
  const template: ConfigTemplate = {
    ...source,
    template_id: ctx.store.ids.uuid(),
    name: b.name,
    type: 'user',
    description: b.description ?? null,
    created_at: ctx.now,
    params: { ...source.params, ...b.params },
  };
  customTemplatesOf(ctx.project).set(template.template_id, template);
  return { body: { id: template.template_id } };
};

export const templatesResource: Resource = {
  name: 'templates',
  handlers: {
    ListConfigTemplates: listConfigTemplates,
    CreateCustomTemplate: createCustomTemplate,
  },
};
