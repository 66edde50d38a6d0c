// Where a domain value goes in a request body. The registry names a rule's fields after its first
// use (password, account_password); where the rule governs another field in this operation
// (new_password), the value goes there. An old password is never the one broken: it is checked
// against the stored one, not against the rule.
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { parseSpecCode } from '../../spec/rules/index.ts';

/** Context a value may carry that a request takes from the instance it acts on. */
const CONTEXT_KEYS = ['cache_mode', 'engine', 'engine_version'] as const;

export function placeInBody(spec: Spec, ruleId: string, op: OperationInfo, patch: Record<string, unknown>, accountName?: string): Record<string, unknown> {
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
  if (Object.keys(patch).every((k) => k in props)) return patch;
  const applies = spec.rules.byId(ruleId).appliesTo ?? [];
  // Context fields this operation also has stay (a flavor's capacity); the governed value is moved.
  const kept = Object.fromEntries(Object.entries(patch).filter(([k]) => k in props && k !== applies[0]!.field));
  const governed = patch[applies[0]!.field];
  const fields = applies.filter((a) => a.section === op.section).map((a) => a.field);
  const target = fields.find((f) => !f.startsWith('old_')) ?? fields[0]!;
  // An account password judged against its account: the generated name becomes the real account's.
  const generatedName = patch.account_name;
  const value = typeof governed === 'string' && typeof generatedName === 'string' && accountName ? governed.split(generatedName).join(accountName).split([...generatedName].reverse().join('')).join([...accountName].reverse().join('')) : governed;
  return { ...kept, [target]: value };
}

/**
 * A valid body with one rule broken: the optional fields the rule governs in this operation are
 * taken out first (a window "without its end" must not keep the base body's end), then the broken
 * value is placed.
 */
export function breakInBody(spec: Spec, ruleId: string, op: OperationInfo, base: Record<string, unknown>, patch: Record<string, unknown>, accountName?: string): Record<string, unknown> {
  const required = new Set((op.requestBody?.schema?.required ?? []) as string[]);
  const governed = (spec.rules.byId(ruleId).appliesTo ?? []).filter((a) => a.section === op.section && !required.has(a.field)).map((a) => a.field);
  const rest = Object.fromEntries(Object.entries(base).filter(([k]) => !governed.includes(k)));
  return { ...rest, ...placeInBody(spec, ruleId, op, patch, accountName) };
}

/**
 * The value as the target will judge it: context it cannot send in this body comes from where the
 * target takes it — the instance acted on (cache mode, engine, version), the flavor's own mode for a
 * create, the capacity and spec_code actually in the body. A generated value is used only if it still
 * breaks its rule in the tagged way once judged so (a "mode mismatch" cannot be said in a create body).
 */
export function stillBreaks(spec: Spec, entry: { check(v: never): { kind: string }[] }, kind: string, op: OperationInfo, value: unknown, body: Record<string, unknown>, inst: Record<string, unknown> | undefined): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
  const v = { ...(value as Record<string, unknown>) };
  if (inst) for (const k of CONTEXT_KEYS) if (k in v) v[k] = inst[k];
  const capacityField = [spec.rules.capacity.create, spec.rules.capacity.resize].flatMap((r) => spec.rules.byId(r.id).appliesTo ?? []).find((a) => a.section === op.section)?.field;
  if ('capacity' in v && capacityField && body[capacityField] !== undefined) v.capacity = body[capacityField];
  if ('spec_code' in v && body.spec_code !== undefined) v.spec_code = body.spec_code;
  if (!inst && 'cache_mode' in v && typeof v.spec_code === 'string') v.cache_mode = parseSpecCode(spec.rules.flavors, v.spec_code)?.cacheMode ?? v.cache_mode;
  return entry.check(v as never).some((x) => x.kind === kind);
}

/**
 * (entry, operation, kind) triples: every way of breaking every rule of the registry, on every
 * operation it governs — except where no generated value of the kind can be said in that
 * operation's body (a flavor "of another mode" in a create, where the spec_code is the mode).
 */
export function ruleBreaks<E extends { rule: string; section?: string; invalidByKind: Readonly<Record<string, fc.Arbitrary<{ value: unknown }>>>; toBody(v: never): Record<string, unknown>; check(v: never): { kind: string }[] }>(spec: Spec, registry: readonly E[]): { entry: E; op: OperationInfo; kind: string }[] {
  const expressible = (entry: E, op: OperationInfo, kind: string) =>
    op.parameters.some((p) => p.name === 'instance_id') || fc.sample(entry.invalidByKind[kind]!, { seed: 1, numRuns: 60 }).some((b) => stillBreaks(spec, entry, kind, op, b.value, entry.toBody(b.value as never), undefined));
  return registry.flatMap((entry) => {
    const rule = spec.rules.byId(entry.rule);
    const sections = [...new Set((rule.appliesTo ?? []).map((a) => a.section))].filter((sec) => !entry.section || entry.section === sec);
    return sections.flatMap((section) => {
      const op = spec.operations.find((o) => o.section === section)!;
      return Object.keys(entry.invalidByKind).filter((kind) => expressible(entry, op, kind)).map((kind) => ({ entry, op, kind }));
    });
  });
}

/**
 * Valid values of every registry entry that governs a body field of this operation, as body patches
 * (so a generated valid request satisfies the rules, not only the schema).
 */
export function domainPatches<E extends { rule: string; section?: string; valid: fc.Arbitrary<unknown>; toBody(v: never): Record<string, unknown> }>(spec: Spec, registry: readonly E[], op: OperationInfo): fc.Arbitrary<Record<string, unknown>>[] {
  const fields = Object.keys((op.requestBody?.schema?.properties ?? {}) as object);
  return registry
    .filter((e) => {
      const rule = spec.rules.byId(e.rule);
      return (e.section ?? rule.appliesTo?.find((a) => a.section === op.section)?.section) === op.section && rule.appliesTo?.some((a) => a.section === op.section && fields.includes(a.field));
    })
    .map((e) => e.valid.map((v) => placeInBody(spec, e.rule, op, e.toBody(v as never))));
}
