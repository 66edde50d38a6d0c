// Spec overlays the faults share. Each returns a new Spec (shallow copies down to what changes): the
// shared loadSpec() object is used by everything else in the process and must stay the reference.
import type { ErrorObject } from 'ajv';
import type { JsonObject, RuleSet, Spec } from '../../spec/index.ts';

/** The spec with some rule families replaced. */
export function withRules(spec: Spec, rules: Partial<RuleSet>): Spec {
  return { ...spec, rules: { ...spec.rules, ...rules } };
}

/**
 * The spec whose request-body validation ignores `keywords` (e.g. minLength) of the top-level fields
 * governed by `ruleId` (x-dcs-rule): the schema restates parts of the rule tables, so relaxing a
 * rule means relaxing its schema too. Other breaches of the same fields (type, nested items) stay.
 */
export function relaxSchema(spec: Spec, ruleId: string, keywords: readonly string[]): Spec {
  const governed = new Map<string, Set<string>>();
  for (const op of spec.operations) {
    const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, JsonObject>;
    const paths = Object.entries(props)
      .filter(([, s]) => (s['x-dcs-rule'] as string[] | undefined)?.includes(ruleId))
      .map(([field]) => `/${field}`);
    if (paths.length) governed.set(op.id, new Set(paths));
  }
  if (!governed.size) throw new Error(`no request field of the spec is governed by rule ${ruleId}`);
  return {
    ...spec,
    validateRequestBody(id, body) {
      const check = spec.validateRequestBody(id, body);
      const paths = governed.get(id);
      if (check.valid || !paths) return check;
      // Object-level keywords (dependentRequired) report at the body, naming the field in params.property.
      const at = (e: ErrorObject) => e.instancePath || (typeof e.params.property === 'string' ? `/${e.params.property}` : '');
      const errors = check.errors.filter((e) => !(keywords.includes(e.keyword) && paths.has(at(e))));
      return { valid: errors.length === 0, errors };
    },
  };
}
