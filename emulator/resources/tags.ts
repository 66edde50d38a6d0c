// Tags (reference 4.7): an instance's tags live on inst.tags (CreateInstance sets them too); the
// batch action adds or removes them under the 'tags.action' rule; the tenant view is the union of
// the tags of every instance of the project, one entry per key with all its values.
import { checkTags } from '../../spec/rules/index.ts';
import { enforce, instanceOf, requireStatus, type Handler } from './context.ts';
import type { Resource } from './resource.ts';

interface TagInput {
  key: string;
  value?: string;
}

export const showTags: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  return { body: { tags: inst.tags.map((t) => ({ key: t.key, value: t.value ?? '' })) } };
};

export const batchCreateOrDeleteTags: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as { action: string; tags: TagInput[] };
  const rule = ctx.spec.rules.tags.action;
  enforce(checkTags(rule, b.tags, b.action), 'tags');
  // The rule lists the actions as [create, delete].
  const [create] = rule.actions ?? [];
  if (b.action === create) {
    // The text is silent on an existing key: a key is unique per resource, so its value is replaced.
    for (const t of b.tags) {
      const existing = inst.tags.find((x) => x.key === t.key);
      if (existing) existing.value = t.value!;
      else inst.tags.push({ key: t.key, value: t.value! });
    }
  } else {
    // Deleting removes the key; when a value is given only a matching tag goes (the reference's
    // delete example sends one). A key the instance does not have is already absent: no error.
    inst.tags = inst.tags.filter((x) => !b.tags.some((t) => t.key === x.key && (t.value === undefined || t.value === x.value)));
  }
  inst.version++;
  return { status: 204 };
};

export const listTagsOfTenant: Handler = (ctx) => {
  const byKey = new Map<string, Set<string>>();
  for (const inst of ctx.project.instances.values()) {
    for (const t of inst.tags) {
      if (!byKey.has(t.key)) byKey.set(t.key, new Set());
      byKey.get(t.key)!.add(t.value ?? '');
    }
  }
  const tags = [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, values]) => ({ key, values: [...values].sort() }));
  return { body: { tags } };
};

export const tagsResource: Resource = {
  name: 'tags',
  handlers: {
    ListTagsOfTenant: listTagsOfTenant,
    BatchCreateOrDeleteTags: batchCreateOrDeleteTags,
    ShowTags: showTags,
  },
};
