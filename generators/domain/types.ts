// The shape every domain generator shares, so suites can iterate the registry without knowing a
// rule family: a valid side, an invalid side tagged per kind, the rule's own checker, and how the
// value goes into a request body.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Violation } from '../../spec/rules/index.ts';
import { RuleDataError } from '../errors.ts';
import { expectationFor, type Expectation } from '../expectations.ts';

/** A value that breaks exactly one rule, in exactly one way (`kind`, the checker's violation kind). */
export interface Invalid<T> {
  value: T;
  kind: string;
  expect: Expectation;
}

export interface DomainEntry<T = unknown> {
  /** Registry key: the rule id, with the section and variant where one rule has several ("name.instance@4.1.1/batch"). */
  id: string;
  /** Rule id in spec/src/rules/. */
  rule: string;
  /** The one section the entry is bound to, where the rule differs by section (names); else all it applies to. */
  section?: string;
  title: string;
  valid: fc.Arbitrary<T>;
  invalid: fc.Arbitrary<Invalid<T>>;
  invalidByKind: Readonly<Record<string, fc.Arbitrary<Invalid<T>>>>;
  /** The rule's own checker from spec/rules, bound to this entry's context (section, batch, account name…). */
  check(value: T): Violation[];
  /** The request-body fields this value fills (field names from the rule's appliesTo). */
  toBody(value: T): Record<string, unknown>;
  /** Other rules an invalid value of a kind also breaks (a flavor "not offered" is a capacity off the table). */
  alsoBreaks: Readonly<Record<string, readonly string[]>>;
}

export interface EntryDefinition<T> {
  id: string;
  rule: string;
  section?: string;
  valid: fc.Arbitrary<T>;
  /** Invalid values by violation kind; a kind the rule data makes impossible is simply left out. */
  kinds: Record<string, fc.Arbitrary<T>>;
  /** The code of a kind when the rule has per-field codes (backup policy, engine); default rule.errorCode. */
  codeOf?: (kind: string) => string | undefined;
  check(value: T): Violation[];
  toBody(value: T): Record<string, unknown>;
  alsoBreaks?: Record<string, string[]>;
}

export function defineEntry<T>(spec: Spec, def: EntryDefinition<T>): DomainEntry<T> {
  const invalidByKind = Object.fromEntries(
    Object.entries(def.kinds).map(([kind, arb]) => {
      const expect = expectationFor(spec, def.rule, kind, def.codeOf?.(kind));
      return [kind, arb.map((value): Invalid<T> => ({ value, kind, expect }))];
    }),
  );
  return {
    id: def.id,
    rule: def.rule,
    ...(def.section ? { section: def.section } : {}),
    title: spec.rules.byId(def.rule).title,
    valid: def.valid,
    invalid: fc.oneof(...Object.values(invalidByKind)),
    invalidByKind,
    check: def.check,
    toBody: def.toBody,
    alsoBreaks: def.alsoBreaks ?? {},
  };
}

/** The body fields a rule governs in one section (default: the first section it names). */
export function fieldsOf(spec: Spec, ruleId: string, section?: string): string[] {
  const applies = spec.rules.byId(ruleId).appliesTo ?? [];
  const s = section ?? applies[0]?.section;
  return applies.filter((a) => a.section === s).map((a) => a.field);
}

export function fieldOf(spec: Spec, ruleId: string, section?: string): string {
  const f = fieldsOf(spec, ruleId, section)[0];
  if (f === undefined) throw new RuleDataError(`rule ${ruleId} names no field${section ? ` in section ${section}` : ''}: add it to the rule's appliesTo in spec/src/rules/.`);
  return f;
}
