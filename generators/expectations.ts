// What a conforming server must answer to an invalid value or request: the rule it breaks, the HTTP
// status and the error codes it may use. Codes come from the rule tables, statuses from the catalog,
// and every code is widened to its equivalents (the DCS.xxxx code and its numeric twin).
import { schemaBreachCode } from '../spec/rules/index.ts';
import type { ErrorCode, RuleEntry, Spec } from '../spec/index.ts';
import type { Violation } from '../spec/rules/index.ts';
import { ExpectationLookupError } from './errors.ts';

export interface Expectation {
  /** Rule id in spec/src/rules/ (e.g. "password.instance", "request.malformed-json"). */
  rule: string;
  /** What kind of breach: the checker's violation kind, or a mutation kind. */
  kind: string;
  status: number;
  /** Every code a conforming server may answer (spec.errors.equivalents of the rule's code). */
  errorCodes: string[];
}

export function expectationFor(spec: Spec, ruleId: string, kind: string, code?: string): Expectation {
  const rule = spec.rules.byId(ruleId);
  const chosen = code ?? rule.errorCode;
  const entry = spec.errors.get(chosen);
  if (!entry) throw new ExpectationLookupError(`rule ${ruleId} names code ${chosen}, which is not in the error catalog: fix the rule in spec/src/rules/${rule.file}.`);
  // A rule may name codes a conforming server may also answer where rules overlap (capacity and spec_code).
  const also = (rule.alsoAccepted ?? []).flatMap((c) => spec.errors.equivalents(c));
  return { rule: ruleId, kind, status: entry.status, errorCodes: [...new Set([...spec.errors.equivalents(chosen), ...also])] };
}

export function fromViolation(spec: Spec, v: Violation): Expectation {
  return expectationFor(spec, v.rule, v.kind, v.errorCode);
}

/**
 * The rule whose code answers a parameter or body field that breaks its schema when no rule of its
 * own governs it. It is the protocol rule "request.invalid-parameter" (catalog DCS.4063 "Invalid {0}
 * parameter in the request."): the same code the single-field rules without a code of their own
 * (port, instance_num, tags, whitelist) name, which a test pins.
 */
export function genericInvalidParameterRule(spec: Spec): RuleEntry {
  return spec.rules.protocol('request.invalid-parameter');
}

export function genericInvalidParameter(spec: Spec, kind: string): Expectation {
  return expectationFor(spec, genericInvalidParameterRule(spec).id, kind);
}

/** The DCS-family catalog code whose message matches; the numeric twin comes with equivalents(). */
export function catalogCodeByMessage(spec: Spec, message: RegExp | string): ErrorCode {
  const hits = spec.errors.codes.filter((c) => c.family === 'DCS' && (typeof message === 'string' ? c.message === message : message.test(c.message)));
  const first = hits[0];
  if (!first || hits.some((h) => h.meaning !== first.meaning)) {
    throw new ExpectationLookupError(`${hits.length ? 'several meanings' : 'no DCS code'} in the error catalog for message ${String(message)}: check spec/src/errorCatalog.json or refine the message.`);
  }
  return first;
}

/** A catalog-derived expectation, tagged with the rule that names the same meaning when there is one. */
function catalogExpectation(spec: Spec, message: RegExp | string, kind: string): Expectation {
  const code = catalogCodeByMessage(spec, message);
  const rule = spec.rules.all.find((r) => spec.errors.sameMeaning(r.errorCode, code.code));
  return { rule: rule?.id ?? `catalog:${code.code}`, kind, status: code.status, errorCodes: spec.errors.equivalents(code.code) };
}

/** A body that is not JSON: the catalog row whose message says the message body "is not in JSON format" (not DCS.4037's one parameter). */
export function malformedJson(spec: Spec): Expectation {
  return catalogExpectation(spec, /message body .*not in JSON format/, 'malformed-json');
}

/** A required body that is missing or empty: the catalog row "Empty request body.". */
export function emptyBody(spec: Spec): Expectation {
  return catalogExpectation(spec, 'Empty request body.', 'empty-body');
}

/**
 * A body property that breaks its schema: the first rule its nearest `x-dcs-rule` names (the
 * rule's per-field code when it has one, e.g. backup-policy's save_days), else the generic code.
 */
export function bodyFieldExpectation(spec: Spec, ruleIds: readonly string[] | undefined, field: string | undefined, kind: string): Expectation {
  const { rule, code } = schemaBreachCode(spec.rules, ruleIds, field);
  return rule === 'request.invalid-parameter' ? genericInvalidParameter(spec, kind) : expectationFor(spec, rule, kind, code);
}
