// Every case of the conformance suite, generated from the spec at collection time (no hand-listed
// operations): contract (positive, negative, not found, quotas), state machine, security, stateful.
import type { Spec } from '../../spec/index.ts';
import type { Case } from '../engine/types.ts';
import { ruleNegativeCases, schemaNegativeCases } from './negative.ts';
import { notFoundCases } from './notFound.ts';
import { positiveCases } from './positive.ts';
import { quotaCases } from './quota.ts';
import { refusalCases, transitionCases } from './states.ts';
import { ruleCheckCases } from './rules/index.ts';
import { faultGapCases } from './faultGaps.ts';
import { lockExpiryCases } from './lockExpiry.ts';
import { securityCases } from '../security/index.ts';
import { statefulCases } from '../stateful/index.ts';

/** Suite families, in the order a run goes through them; each is one vitest entry file. */
export const FAMILIES = ['contract', 'state', 'security', 'stateful'] as const;
export type Family = (typeof FAMILIES)[number];

const builders: readonly ((spec: Spec) => Case[])[] = [positiveCases, ruleNegativeCases, schemaNegativeCases, quotaCases, notFoundCases, ruleCheckCases, faultGapCases, transitionCases, refusalCases, lockExpiryCases, securityCases, statefulCases];

const memo = new WeakMap<Spec, Case[]>();

export function allCases(spec: Spec): Case[] {
  let cases = memo.get(spec);
  if (!cases) {
    cases = builders.flatMap((b) => b(spec));
    const names = new Set<string>();
    for (const c of cases) {
      if (names.has(c.name)) throw new Error(`two cases are named "${c.name}": give one a qualifier`);
      names.add(c.name);
    }
    memo.set(spec, cases);
  }
  return cases;
}

export const familyOf = (c: Case): Family => FAMILIES.find((f) => c.tags.includes(f)) ?? 'contract';
