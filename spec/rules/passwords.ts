// Instance and ACL-account password complexity (spec/src/rules/passwords.json).
import { violation, type Violation } from './violation.ts';
import { SpecDataError } from '../errors.ts';

export interface PasswordRule {
  id: string;
  minLength: number;
  maxLength: number;
  minClasses: number;
  special: string;
  specialVariants: { section: string; lines: [number, number]; set: string }[];
  forbidden?: string[];
  accountName?: { forwards: boolean; backwards: boolean; match: 'contains' | 'equals'; caseSensitive: boolean };
  forbidCharsOutsideClasses: boolean;
  errorCode: string;
}

export type CharClass = 'lower' | 'upper' | 'digit' | 'special';

export function charClass(ch: string, special: string): CharClass | undefined {
  if (/[a-z]/.test(ch)) return 'lower';
  if (/[A-Z]/.test(ch)) return 'upper';
  if (/[0-9]/.test(ch)) return 'digit';
  return special.includes(ch) ? 'special' : undefined;
}

export function checkPassword(rule: PasswordRule, password: string, accountName?: string): Violation[] {
  const out: Violation[] = [];
  const v = (kind: string, message: string) => out.push(violation(rule.id, rule.errorCode, kind, message));
  const chars = [...password];
  if (chars.length < rule.minLength || chars.length > rule.maxLength) v('length', `must be ${rule.minLength} to ${rule.maxLength} characters (got ${chars.length})`);
  for (const f of rule.forbidden ?? []) if (password.includes(f)) v('forbidden-char', `must not contain "${f}"`);
  const classes = new Set<CharClass>();
  const outside = new Set<string>();
  for (const ch of chars) {
    const c = charClass(ch, rule.special);
    if (c) classes.add(c);
    else if (!(rule.forbidden ?? []).includes(ch)) outside.add(ch);
  }
  if (classes.size < rule.minClasses) v('classes', `must contain at least ${rule.minClasses} of lowercase, uppercase, digits, special characters (got ${classes.size})`);
  if (rule.forbidCharsOutsideClasses && outside.size) v('charset', `contains characters outside the allowed set: ${[...outside].map((c) => JSON.stringify(c)).join(' ')}`);
  const an = rule.accountName;
  if (an && accountName) {
    const norm = (s: string) => (an.caseSensitive ? s : s.toLowerCase());
    const pw = norm(password);
    const forms = [an.forwards && norm(accountName), an.backwards && norm([...accountName].reverse().join(''))].filter((s): s is string => !!s);
    if (forms.some((f) => (an.match === 'contains' ? pw.includes(f) : pw === f))) v('account-name', 'must not contain the account name forwards or backwards');
  }
  return out;
}

/**
 * A password the rule accepts (length, classes, specials common to every variant of the set, no
 * forbidden character, not the account name), different from every value in `avoid`.
 */
export function validPassword(rule: PasswordRule, avoid: readonly unknown[] = [], accountName?: string): string {
  // The specials of the rule that every variant of the set also lists.
  const specials = [...rule.special].filter((ch) => rule.specialVariants.every((v) => [...v.set].includes(ch)) && !(rule.forbidden ?? []).includes(ch));
  for (let i = 0; i < 100; i++) {
    const pw = `Dcs${i}${specials[i % specials.length]}emu`.padEnd(rule.minLength, 'x');
    if (!avoid.includes(pw) && !checkPassword(rule, pw, accountName).length) return pw;
  }
  throw new SpecDataError(`no password satisfies rule ${rule.id}: check spec/src/rules/passwords.json`);
}
