// The one answer to "which code does a server give when a request breaks its schema here?": the code
// of the rule that governs the field (x-dcs-rule; a per-field code where the rule has one, as the
// backup policy does), else the generic invalid-parameter code. The emulator answers with it and the
// generators expect it, so the two cannot drift apart.

/** The two look-ups of the rule set (index.ts's RuleSet) that the answer needs. */
export interface RuleCodes {
  byId(id: string): { errorCode: string; errorCodes?: Record<string, string> };
  protocol(id: string): { errorCode: string };
}

export function schemaBreachCode(rules: RuleCodes, ruleIds: readonly string[] | undefined, leaf: string | undefined): { rule: string; code: string } {
  const id = ruleIds?.[0];
  if (!id) return { rule: 'request.invalid-parameter', code: rules.protocol('request.invalid-parameter').errorCode };
  const rule = rules.byId(id);
  return { rule: id, code: (leaf !== undefined && rule.errorCodes?.[leaf]) || rule.errorCode };
}
