// Password faults: the complexity rule for instance passwords (reference 4.1.1, 4.2.2, 4.2.3).
import type { Fault } from './types.ts';
import { relaxSchema, withRules } from './overlay.ts';

export const passwordFaults: Fault[] = [
  {
    id: 'password.short-accepted',
    family: 'password',
    rule: 'password.instance',
    breaks: 'Instance passwords (CreateInstance password, UpdatePassword/ResetPassword new_password) are accepted below the minimum length and without the required character classes.',
    install(h) {
      h.overlaySpec((spec) => {
        const rule = spec.rules.password.instance;
        // The schema's minLength restates the rule: both go, the maximum and the charset stay.
        return withRules(relaxSchema(spec, rule.id, ['minLength']), { password: { ...spec.rules.password, instance: { ...rule, minLength: 1, minClasses: 0 } } });
      });
    },
  },
];
