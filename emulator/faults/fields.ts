// Field faults: single-field rules with their own limits (spec/src/rules/fields.json): tags, port,
// instance_num, description.
import type { Fault } from './types.ts';
import { relaxSchema, withRules } from './overlay.ts';

const UNBOUNDED = { minimum: Number.NEGATIVE_INFINITY, maximum: Number.POSITIVE_INFINITY };

export const fieldFaults: Fault[] = [
  {
    id: 'fields.long-tag-key-accepted',
    family: 'fields',
    rule: 'tags.instance',
    alsoBreaks: ['tags.action'],
    breaks: 'Tag keys longer than the rule allows are accepted, on CreateInstance and BatchCreateOrDeleteTags (values, emptiness and uniqueness are still checked).',
    install(h) {
      h.overlaySpec((spec) => {
        const { instance, action } = spec.rules.tags;
        // The schema's maxLength on tags[].key restates keyMaxLength; the value's maxLength stays.
        const relaxed = relaxSchema(relaxSchema(spec, instance.id, ['maxLength'], { nested: true, leaf: 'key' }), action.id, ['maxLength'], { nested: true, leaf: 'key' });
        return withRules(relaxed, { tags: { instance: { ...instance, keyMaxLength: Number.POSITIVE_INFINITY }, action: { ...action, keyMaxLength: Number.POSITIVE_INFINITY } } });
      });
    },
  },
  {
    id: 'fields.port-out-of-range-accepted',
    family: 'fields',
    rule: 'port',
    breaks: 'CreateInstance and UpdateInstance accept a port outside the rule\'s range (0, 65536…); it must still be an integer.',
    install(h) {
      h.overlaySpec((spec) => withRules(relaxSchema(spec, spec.rules.port.id, ['minimum', 'maximum']), { port: { ...spec.rules.port, ...UNBOUNDED } }));
    },
  },
  {
    id: 'fields.instance-num-out-of-range-accepted',
    family: 'fields',
    rule: 'instance-num',
    breaks: 'CreateInstance accepts an instance_num outside the rule\'s range (0 creates one instance; above the maximum, as many as the quota allows).',
    install(h) {
      h.overlaySpec((spec) => withRules(relaxSchema(spec, spec.rules.instanceNum.id, ['minimum', 'maximum']), { instanceNum: { ...spec.rules.instanceNum, ...UNBOUNDED } }));
    },
  },
  {
    id: 'fields.long-description-accepted',
    family: 'fields',
    rule: 'description.instance',
    breaks: 'CreateInstance and UpdateInstance accept a description longer than the rule allows.',
    install(h) {
      h.overlaySpec((spec) => withRules(relaxSchema(spec, spec.rules.description.id, ['maxLength']), { description: { ...spec.rules.description, maxLength: Number.POSITIVE_INFINITY } }));
    },
  },
];
