// Resource tags: on create (tags.instance) and in batch add/delete requests (tags.action), whose
// limits differ (spec/src/rules/fields.json and the errata).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkTags } from '../../spec/rules/index.ts';
import type { FieldRule } from '../../spec/rules/fields.ts';
import { RuleDataError } from '../errors.ts';
import { stringOf } from './chars.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export interface Tag {
  key: string;
  value?: string;
}

export interface TagsChoice {
  /** Only for rules with actions (tags.action): create or delete. */
  action?: string;
  tags: Tag[];
}

type TagRule = FieldRule & { keyMaxLength: number; valueMaxLength: number; keysUnique: boolean; valueRequiredFor?: string[]; actions?: string[] };

// The reference limits lengths only; keys and values stay in a plain character set.
const TAG_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.'];

/** The body property of the rule's operation whose enum is the rule's action list. */
function actionField(spec: Spec, rule: TagRule): string {
  const section = spec.rules.byId(rule.id).appliesTo?.[0]?.section;
  const props = (spec.operations.find((o) => o.section === section)?.requestBody?.schema?.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  const hit = Object.entries(props).find(([, p]) => JSON.stringify(p.enum) === JSON.stringify(rule.actions));
  if (!hit) throw new RuleDataError(`rule ${rule.id} lists actions ${JSON.stringify(rule.actions)} but no body property of section ${section} has that enum: align spec/src/rules/fields.json with the operation.`);
  return hit[0];
}

export function tagsEntry(spec: Spec, rule: TagRule): DomainEntry<TagsChoice> {
  const key = (min: number, max: number) => stringOf(TAG_CHARS, min, max);
  const value = (min: number, max: number) => stringOf(TAG_CHARS, min, max);
  const modestKey = key(1, Math.min(rule.keyMaxLength, 16));
  const keyArb = fc.oneof({ arbitrary: modestKey, weight: 9 }, { arbitrary: key(rule.keyMaxLength, rule.keyMaxLength), weight: 1 });
  const valueArb = fc.oneof({ arbitrary: value(0, Math.min(rule.valueMaxLength, 16)), weight: 9 }, { arbitrary: value(rule.valueMaxLength, rule.valueMaxLength), weight: 1 });
  const actions = rule.actions ?? [undefined];
  const needsValue = (action?: string) => !!action && !!rule.valueRequiredFor?.includes(action);
  const tagsFor = (action: string | undefined, keys: fc.Arbitrary<string> = keyArb) =>
    fc.uniqueArray(fc.record({ key: keys, value: valueArb }, { requiredKeys: needsValue(action) ? ['key', 'value'] : ['key'] }), { minLength: 1, maxLength: 4, selector: (t) => t.key });
  const choice = (make: (action: string | undefined) => fc.Arbitrary<Tag[]>) =>
    fc.oneof(...actions.map((action) => make(action).map((tags): TagsChoice => ({ ...(action !== undefined ? { action } : {}), tags }))));
  const replaceOne = (tags: Tag[], k: number, patch: (t: Tag) => Tag) => tags.map((t, i) => (i === k % tags.length ? patch(t) : t));
  const kinds: Record<string, fc.Arbitrary<TagsChoice>> = {
    'key-empty': choice((a) => fc.tuple(tagsFor(a), fc.nat()).map(([ts, k]) => replaceOne(ts, k, (t) => ({ ...t, key: '' })))),
    'key-length': choice((a) => fc.tuple(tagsFor(a), key(rule.keyMaxLength + 1, rule.keyMaxLength + 8), fc.nat()).map(([ts, long, k]) => replaceOne(ts, k, (t) => ({ ...t, key: long })))),
    'value-length': choice((a) => fc.tuple(tagsFor(a), value(rule.valueMaxLength + 1, rule.valueMaxLength + 8), fc.nat()).map(([ts, long, k]) => replaceOne(ts, k, (t) => ({ ...t, value: long })))),
  };
  if (rule.keysUnique) kinds['duplicate-key'] = choice((a) => fc.tuple(tagsFor(a), fc.nat()).map(([ts, k]) => [...ts, { ...ts[k % ts.length]! }]));
  const valueRequired = actions.filter(needsValue);
  if (valueRequired.length) {
    kinds['value-missing'] = fc.tuple(fc.constantFrom(...valueRequired), fc.nat()).chain(([action, k]) =>
      tagsFor(action).map((ts): TagsChoice => ({ action: action!, tags: replaceOne(ts, k, (t) => ({ key: t.key })) })),
    );
  }
  const tagsField = fieldOf(spec, rule.id);
  const actField = rule.actions ? actionField(spec, rule) : undefined;
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: choice((a) => tagsFor(a)),
    kinds,
    check: (v) => checkTags(rule, v.tags, v.action),
    toBody: (v) => ({ ...(actField && v.action !== undefined ? { [actField]: v.action } : {}), [tagsField]: v.tags }),
  });
}

export function tagsEntries(spec: Spec): DomainEntry<TagsChoice>[] {
  return [tagsEntry(spec, spec.rules.tags.instance), tagsEntry(spec, spec.rules.tags.action)];
}
