// Instance and ACL-account passwords (spec/src/rules/passwords.json). Character classes are read
// off the rule's own charClass over printable ASCII, so a change of the special set follows here.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { charClass, checkPassword, type PasswordRule } from '../../spec/rules/index.ts';
import type { CharClass } from '../../spec/rules/passwords.ts';
import { charsWhere, insertAt, PRINTABLE, PROBES } from './chars.ts';
import { nameArbitrary } from './names.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

type Pools = Map<CharClass, string[]>;

function poolsOf(rule: PasswordRule, exclude = ''): Pools {
  const pools: Pools = new Map();
  for (const ch of PRINTABLE) {
    const c = charClass(ch, rule.special);
    if (!c || (rule.forbidden ?? []).includes(ch) || exclude.includes(ch)) continue;
    pools.set(c, [...(pools.get(c) ?? []), ch]);
  }
  return pools;
}

/** Every set of classes of a given size range, largest first. */
function classSets(classes: CharClass[], min: number, max: number): CharClass[][] {
  const out: CharClass[][] = [];
  const walk = (i: number, acc: CharClass[]) => {
    if (i === classes.length) return void (acc.length >= min && acc.length <= max && out.push(acc));
    walk(i + 1, [...acc, classes[i]!]);
    walk(i + 1, acc);
  };
  walk(0, []);
  return out;
}

/** Passwords using exactly the classes `set` (one character of each, the rest from their union). */
function passwordOf(pools: Pools, set: CharClass[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  const union = set.flatMap((c) => pools.get(c) ?? []);
  const unit = fc.constantFrom(...union);
  const fill = { minLength: Math.max(0, minLength - set.length), maxLength: maxLength - set.length };
  const filler = fc.oneof({ arbitrary: fc.array(unit, fill), weight: 4 }, { arbitrary: fc.array(unit, { ...fill, size: 'max' }), weight: 1 });
  return fc
    .tuple(fc.tuple(...set.map((c) => fc.constantFrom(...pools.get(c)!))), filler, fc.array(fc.nat(), { minLength: set.length, maxLength: set.length }))
    .map(([must, rest, positions]) => {
      const out = [...rest];
      must.forEach((ch, i) => out.splice(positions[i]! % (out.length + 1), 0, ch));
      return out.join('');
    });
}

function oneOfSets(pools: Pools, sets: CharClass[][], minLength: number, maxLength: number): fc.Arbitrary<string> | undefined {
  const arbs = sets.filter((s) => s.length <= maxLength).map((s) => passwordOf(pools, s, Math.max(minLength, s.length), maxLength));
  return arbs.length ? fc.oneof(...arbs) : undefined;
}

/** Valid passwords; `exclude` keeps characters out (an ACL password must not contain the account name). */
export function passwordArbitrary(rule: PasswordRule, exclude = ''): fc.Arbitrary<string> {
  const pools = poolsOf(rule, exclude);
  const classes = [...pools.keys()];
  return oneOfSets(pools, classSets(classes, rule.minClasses, classes.length), rule.minLength, rule.maxLength)!;
}

/** Invalid passwords by kind, each breaking only that part of the rule (the account-name kind is ACL-only, below). */
export function invalidPasswords(rule: PasswordRule, exclude = ''): Record<string, fc.Arbitrary<string>> {
  const pools = poolsOf(rule, exclude);
  const classes = [...pools.keys()];
  const enough = classSets(classes, rule.minClasses, classes.length);
  const kinds: Record<string, fc.Arbitrary<string>> = {};
  const tooShort = rule.minLength > 1 ? oneOfSets(pools, enough, 1, rule.minLength - 1) : undefined;
  const tooLong = oneOfSets(pools, enough, rule.maxLength + 1, rule.maxLength + 16)!;
  kinds.length = tooShort ? fc.oneof(tooShort, tooLong) : tooLong;
  const fewer = oneOfSets(pools, classSets(classes, 1, rule.minClasses - 1), rule.minLength, rule.maxLength);
  if (fewer) kinds.classes = fewer;
  // One character outside the classes (or a forbidden one) in an otherwise valid password.
  const withOne = (chars: string[]) => fc.tuple(oneOfSets(pools, enough, rule.minLength, rule.maxLength - 1)!, fc.constantFrom(...chars), fc.nat()).map(([pw, ch, pos]) => insertAt(pw, ch, pos));
  const outside = charsWhere((ch) => !charClass(ch, rule.special) && !(rule.forbidden ?? []).includes(ch) && !exclude.includes(ch), PROBES);
  if (rule.forbidCharsOutsideClasses && outside.length) kinds.charset = withOne(outside);
  if (rule.forbidden?.length) kinds['forbidden-char'] = withOne(rule.forbidden);
  return kinds;
}

export function instancePasswordEntry(spec: Spec): DomainEntry<string> {
  const rule = spec.rules.password.instance;
  const field = fieldOf(spec, rule.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: passwordArbitrary(rule),
    kinds: invalidPasswords(rule),
    check: (pw) => checkPassword(rule, pw),
    toBody: (pw) => ({ [field]: pw }),
  });
}

export interface AclCredentials {
  accountName: string;
  password: string;
}

/** Both cases of the name's first character: no password without it can contain the name either way round. */
const firstCharOf = (name: string) => `${name[0]!.toLowerCase()}${name[0]!.toUpperCase()}`;

export function aclPasswordEntry(spec: Spec): DomainEntry<AclCredentials> {
  const rule = spec.rules.password.acl;
  const nameRule = spec.rules.name.aclAccount;
  const nameSection = Object.keys(nameRule.first)[0]!;
  const names = nameArbitrary(nameRule, { section: nameSection });
  const paired = (make: (exclude: string) => fc.Arbitrary<string>) => names.chain((accountName) => make(firstCharOf(accountName)).map((password) => ({ accountName, password })));
  // Built once per excluded character (at most one per letter), not once per generated name.
  const cache = new Map<string, Record<string, fc.Arbitrary<string>>>();
  const invalidFor = (ex: string) => cache.get(ex) ?? cache.set(ex, invalidPasswords(rule, ex)).get(ex)!;
  const validCache = new Map<string, fc.Arbitrary<string>>();
  const validFor = (ex: string) => validCache.get(ex) ?? validCache.set(ex, passwordArbitrary(rule, ex)).get(ex)!;
  const kinds: Record<string, fc.Arbitrary<AclCredentials>> = Object.fromEntries(Object.keys(invalidFor('')).map((k) => [k, paired((ex) => invalidFor(ex)[k]!)]));
  const an = rule.accountName;
  if (an) {
    // A short account name, spelled forwards or backwards inside an otherwise valid password.
    const shortNames = nameArbitrary(nameRule, { section: nameSection }, { minLength: nameRule.single.minLength, maxLength: Math.min(8, nameRule.single.maxLength) }).filter((n) => [...n].every((ch) => charClass(ch, rule.special)));
    const forms = [an.forwards && 'forwards', an.backwards && 'backwards'].filter((f): f is string => !!f);
    kinds['account-name'] = shortNames.chain((accountName) =>
      fc.tuple(passwordBetween(rule, rule.minLength, rule.maxLength - accountName.length), fc.constantFrom(...forms), fc.nat()).map(([core, form, pos]) => {
        const spelled = form === 'forwards' ? accountName : [...accountName].reverse().join('');
        const at = pos % (core.length + 1);
        return { accountName, password: core.slice(0, at) + spelled + core.slice(at) };
      }),
    );
  }
  const fields = { name: fieldOf(spec, nameRule.id), password: fieldOf(spec, rule.id) };
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: paired(validFor),
    kinds,
    check: (v) => checkPassword(rule, v.password, v.accountName),
    toBody: (v) => ({ [fields.name]: v.accountName, [fields.password]: v.password }),
  });
}

function passwordBetween(rule: PasswordRule, minLength: number, maxLength: number): fc.Arbitrary<string> {
  const pools = poolsOf(rule);
  const classes = [...pools.keys()];
  return oneOfSets(pools, classSets(classes, rule.minClasses, classes.length), minLength, maxLength)!;
}
