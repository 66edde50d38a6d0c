// Spec overlays the faults share. Each returns a new Spec (shallow copies down to what changes): the
// shared loadSpec() object is used by everything else in the process and must stay the reference.
import type { ErrorObject } from 'ajv';
import type { JsonObject, RuleSet, Spec } from '../../spec/index.ts';
import { StateMachine } from '../../spec/rules/index.ts';
import type { StatesData } from '../../spec/rules/instanceStates.ts';
import { EmulatorSpecMismatchError } from '../core/errors.ts';

/** The spec with some rule families replaced. */
export function withRules(spec: Spec, rules: Partial<RuleSet>): Spec {
  return { ...spec, rules: { ...spec.rules, ...rules } };
}

/**
 * The spec whose request-body validation ignores `keywords` (e.g. minLength) of the top-level fields
 * governed by `ruleId` (x-dcs-rule): the schema restates parts of the rule tables, so relaxing a
 * rule means relaxing its schema too. Other breaches of the same fields (type, nested items) stay,
 * unless `nested` also relaxes what lies inside the fields (array items, their properties), and
 * `leaf` narrows that to one property name (tags/0/key, not tags/0/value).
 */
export function relaxSchema(spec: Spec, ruleId: string, keywords: readonly string[], options: { nested?: boolean; leaf?: string } = {}): Spec {
  const governed = new Map<string, Set<string>>();
  for (const op of spec.operations) {
    const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, JsonObject>;
    const paths = Object.entries(props)
      .filter(([, s]) => (s['x-dcs-rule'] as string[] | undefined)?.includes(ruleId))
      .map(([field]) => `/${field}`);
    if (paths.length) governed.set(op.id, new Set(paths));
  }
  if (!governed.size) throw new EmulatorSpecMismatchError(`no request field of the spec is governed by rule ${ruleId}`);
  const relaxed = (paths: Set<string>, at: string) => {
    if (paths.has(at)) return options.leaf === undefined;
    if (!options.nested) return false;
    const top = `/${at.split('/')[1]}`;
    return paths.has(top) && (options.leaf === undefined || at.split('/').findLast((seg) => !/^\d+$/.test(seg)) === options.leaf);
  };
  const validateRequestBody: Spec['validateRequestBody'] = (id, body) => {
    const check = spec.validateRequestBody(id, body);
    const paths = governed.get(id);
    if (check.valid || !paths) return check;
    // Object-level keywords (dependentRequired) report at the body, naming the field in params.property.
    const at = (e: ErrorObject) => e.instancePath || (typeof e.params.property === 'string' ? `/${e.params.property}` : '');
    const errors = check.errors.filter((e) => !(keywords.includes(e.keyword) && relaxed(paths, at(e))));
    return { valid: errors.length === 0, errors };
  };
  return {
    ...spec,
    validateRequestBody,
    checkRequestBody(id, body) {
      const first = spec.checkRequestBody(id, body);
      if (first.valid || !governed.has(id)) return first;
      // A relaxed error may stand before others: judge by them all, and report the first left.
      const all = validateRequestBody(id, body);
      return { valid: all.valid, errors: all.errors.slice(0, 1) };
    },
  };
}

/** The spec with the state machine's data patched (lockout limits, transitions…). */
export function withStates(spec: Spec, patch: Partial<StatesData>): Spec {
  return withRules(spec, { states: new StateMachine({ ...spec.rules.states.data, ...patch }) });
}

/** The request-body schema pattern of the first field governed by `ruleId` that has one (the form the schema alone allows). */
export function schemaPattern(spec: Spec, ruleId: string): string {
  for (const op of spec.operations) {
    for (const s of Object.values((op.requestBody?.schema?.properties ?? {}) as Record<string, JsonObject>)) {
      if ((s['x-dcs-rule'] as string[] | undefined)?.includes(ruleId) && typeof s.pattern === 'string') return s.pattern;
    }
  }
  throw new EmulatorSpecMismatchError(`no request field governed by rule ${ruleId} has a schema pattern`);
}
