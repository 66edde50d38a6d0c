// Password faults: the complexity rules for instance and ACL passwords and the change rule
// (reference 4.1.1, 4.2.2, 4.2.3, 4.10.1).
import { validPassword, type PasswordRule } from '../../spec/rules/index.ts';
import type { Spec } from '../../spec/index.ts';
import type { Fault } from './types.ts';
import { relaxSchema, withRules } from './overlay.ts';

const withPassword = (spec: Spec, which: 'instance' | 'acl', patch: Partial<PasswordRule>): Spec =>
  withRules(spec, { password: { ...spec.rules.password, [which]: { ...spec.rules.password[which], ...patch } } });

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
        return withPassword(relaxSchema(spec, rule.id, ['minLength']), 'instance', { minLength: 1, minClasses: 0 });
      });
    },
  },
  {
    id: 'password.weak-accepted',
    family: 'password',
    rule: 'password.instance',
    breaks: 'Instance passwords of an allowed length are accepted with a single character class (all lower case, all digits…), fewer classes than the rule requires.',
    install(h) {
      h.overlaySpec((spec) => withPassword(spec, 'instance', { minClasses: 1 }));
    },
  },
  {
    id: 'password.acl-account-name-accepted',
    family: 'password',
    rule: 'password.acl',
    breaks: 'ACL account passwords that contain the account name, forwards or backwards, are accepted.',
    install(h) {
      h.overlaySpec((spec) => withPassword(spec, 'acl', { accountName: undefined }));
    },
  },
  {
    id: 'password.new-equals-old-accepted',
    family: 'password',
    rule: 'password.new-differs',
    breaks: 'UpdatePassword accepts a new password equal to the old one (answers success, the password stays).',
    install(h) {
      // Served as two real changes, old -> temporary -> old: verification, lockout and status checks
      // stay the faithful ones, and the password ends where the request asked.
      h.wrapHandler('UpdatePassword', (inner) => async (ctx) => {
        const b = ctx.body as { old_password?: unknown; new_password?: unknown };
        if (typeof b.old_password !== 'string' || b.new_password !== b.old_password) return inner(ctx);
        const temporary = validPassword(ctx.spec.rules.password.instance, [b.old_password]);
        const first = await inner({ ...ctx, body: { ...b, new_password: temporary } });
        if ((first.body as { result?: string } | undefined)?.result !== successResult(ctx.spec)) return first;
        return inner({ ...ctx, body: { ...b, old_password: temporary, new_password: b.old_password } });
      });
    },
  },
];

/** The UpdatePassword result value of a change that succeeded: the first of its response enum. */
function successResult(spec: Spec): string | undefined {
  const ok = [...spec.operation('UpdatePassword').responses.values()].find((r) => r.status < 300);
  return ((ok?.schema?.properties as Record<string, { enum?: string[] }> | undefined)?.result?.enum ?? [])[0];
}
