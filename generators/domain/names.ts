// Instance names (single and batch, per section: create allows a leading digit, modify does not)
// and ACL account names, from the name rules (spec/src/rules/names.json).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkName, type NameRule } from '../../spec/rules/index.ts';
import { RuleDataError } from '../errors.ts';
import { charsMatching, charsWhere, insertAt, PROBES, stringOf } from './chars.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export interface NameContext {
  section: string;
  batch?: boolean;
}

function limitsOf(rule: NameRule, batch?: boolean): { minLength: number; maxLength: number } {
  return batch && rule.batch ? rule.batch : rule.single;
}

function pools(rule: NameRule, section: string): { first: string[]; rest: string[] } {
  const rest = charsMatching(rule.charset);
  const firstRe = rule.first[section] ?? Object.values(rule.first)[0];
  const first = firstRe ? rest.filter((ch) => new RegExp(firstRe).test(ch)) : rest;
  if (!first.length) throw new RuleDataError(`rule ${rule.id}: no character may start a name in section ${section}; check "first" and "charset" in spec/src/rules/names.json.`);
  return { first, rest };
}

/** Valid names of a length in [min, max] (default: the rule's limits for the context). */
export function nameArbitrary(rule: NameRule, ctx: NameContext, length = limitsOf(rule, ctx.batch)): fc.Arbitrary<string> {
  const { first, rest } = pools(rule, ctx.section);
  return fc.tuple(fc.constantFrom(...first), stringOf(rest, Math.max(0, length.minLength - 1), length.maxLength - 1)).map(([f, r]) => f + r);
}

export function nameEntry(spec: Spec, rule: NameRule, ctx: NameContext, id: string): DomainEntry<string> {
  const { minLength, maxLength } = limitsOf(rule, ctx.batch);
  const { first, rest } = pools(rule, ctx.section);
  const kinds: Record<string, fc.Arbitrary<string>> = {};
  const tooLong = nameArbitrary(rule, ctx, { minLength: maxLength + 1, maxLength: maxLength + 8 });
  // A name of zero characters also breaks the charset; the shortest single-kind breach has one.
  kinds.length = minLength > 1 ? fc.oneof(nameArbitrary(rule, ctx, { minLength: 1, maxLength: minLength - 1 }), tooLong) : tooLong;
  const charsetRe = new RegExp(rule.charset);
  const outside = charsWhere((ch) => !charsetRe.test(ch), PROBES);
  if (outside.length) {
    // Never at position 0, where it would also break the first-character rule.
    kinds.charset = fc.tuple(nameArbitrary(rule, ctx, { minLength: Math.max(1, minLength - 1), maxLength: maxLength - 1 }), fc.constantFrom(...outside), fc.nat()).map(([n, ch, pos]) => insertAt(n, ch, pos, 1));
  }
  const badFirst = rest.filter((ch) => !first.includes(ch));
  if (badFirst.length) kinds['first-char'] = fc.tuple(fc.constantFrom(...badFirst), stringOf(rest, minLength - 1, maxLength - 1)).map(([f, r]) => f + r);
  const field = fieldOf(spec, rule.id, ctx.section);
  return defineEntry(spec, {
    id,
    rule: rule.id,
    section: ctx.section,
    valid: nameArbitrary(rule, ctx),
    kinds,
    check: (name) => checkName(rule, name, ctx),
    // A batch name is judged by the batch limits only when several instances are asked for.
    toBody: (name) => (ctx.batch ? { [field]: name, [fieldOf(spec, spec.rules.instanceNum.id, ctx.section)]: 2 } : { [field]: name }),
  });
}

/** One entry per section of each name rule, and a batch entry where several instances are created at once. */
export function nameEntries(spec: Spec): DomainEntry<string>[] {
  const out: DomainEntry<string>[] = [];
  const batchSections = new Set(spec.rules.byId(spec.rules.instanceNum.id).appliesTo?.map((a) => a.section));
  for (const rule of [spec.rules.name.instance, spec.rules.name.aclAccount]) {
    const sections = Object.keys(rule.first);
    for (const section of sections) {
      const id = sections.length > 1 ? `${rule.id}@${section}` : rule.id;
      out.push(nameEntry(spec, rule, { section }, id));
      if (rule.batch && batchSections.has(section)) out.push(nameEntry(spec, rule, { section, batch: true }, `${id}/batch`));
    }
  }
  return out;
}
