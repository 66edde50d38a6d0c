// Name faults: instance and ACL account names (reference 4.1.1, 4.1.6, 4.10.1).
import type { NameRule } from '../../spec/rules/index.ts';
import type { Spec } from '../../spec/index.ts';
import type { Fault } from './types.ts';
import { relaxSchema, withRules } from './overlay.ts';

/** Any character anywhere, first included; the lengths stay. The schema's pattern restates charset and first character. */
function anyCharacters(spec: Spec, which: 'instance' | 'aclAccount'): Spec {
  const rule: NameRule = spec.rules.name[which];
  // An empty pattern matches every string; no first-character rule at all.
  return withRules(relaxSchema(spec, rule.id, ['pattern']), { name: { ...spec.rules.name, [which]: { ...rule, charset: '', first: {} } } });
}

export const nameFaults: Fault[] = [
  {
    id: 'name.bad-instance-name-accepted',
    family: 'name',
    rule: 'name.instance',
    breaks: 'Instance names with characters outside the allowed set (spaces, dots, non-ASCII…) or a wrong first character are accepted (the length is still checked).',
    install(h) {
      h.overlaySpec((spec) => anyCharacters(spec, 'instance'));
    },
  },
  {
    id: 'name.bad-account-name-accepted',
    family: 'name',
    rule: 'name.acl-account',
    breaks: 'ACL account names with characters outside the allowed set or a wrong first character are accepted (the length is still checked).',
    install(h) {
      h.overlaySpec((spec) => anyCharacters(spec, 'aclAccount'));
    },
  },
];
