// The suite registry: every family of cases of the conformance suite, in the order a run goes through
// them, each generated from the spec at collection time (no hand-listed operations). The engine, the
// vitest entry files and the cli receive the cases from here; nothing below this file lists them.
import type { Spec } from '../spec/index.ts';
import type { Case } from './engine/types.ts';
import { contractCases, stateCases } from './cases/index.ts';
import { securityCases } from './security/index.ts';
import { statefulCases } from './stateful/index.ts';
import { SuitesInternalError } from './engine/errors.ts';

/** Suite families, in the order a run goes through them; each is one vitest entry file. */
export const FAMILIES = ['contract', 'state', 'security', 'stateful'] as const;
export type Family = (typeof FAMILIES)[number];

/** The cases of each family (contract and state: suites/cases/; security: suites/security/; stateful: suites/stateful/). */
const SUITES: Readonly<Record<Family, (spec: Spec) => Case[]>> = {
  contract: contractCases,
  state: stateCases,
  security: securityCases,
  stateful: statefulCases,
};

const memo = new WeakMap<Spec, Case[]>();

/** Every case of the suite, family by family; case names are unique (a replay finds a case by name). */
export function allCases(spec: Spec): Case[] {
  let cases = memo.get(spec);
  if (!cases) {
    cases = FAMILIES.flatMap((family) => SUITES[family](spec));
    const names = new Set<string>();
    for (const c of cases) {
      if (names.has(c.name)) throw new SuitesInternalError(`two cases are named "${c.name}": give one a qualifier`);
      names.add(c.name);
    }
    memo.set(spec, cases);
  }
  return cases;
}

export const familyOf = (c: Case): Family => FAMILIES.find((f) => c.tags.includes(f)) ?? 'contract';
