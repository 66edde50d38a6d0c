// The case families of this folder, generated from the spec at collection time (no hand-listed
// operations): the contract (positive, negatives, quotas, not found, rule checks, fault gaps) and the
// state machine (transitions, refusals, lock expiry). suites/index.ts registers them with the others.
import type { Spec } from '../../spec/index.ts';
import type { Case } from '../engine/types.ts';
import { ruleNegativeCases, schemaNegativeCases } from './negative.ts';
import { notFoundCases } from './notFound.ts';
import { positiveCases } from './positive.ts';
import { quotaCases } from './quota.ts';
import { refusalCases, transitionCases } from './instanceStates.ts';
import { ruleCheckCases } from './rules/index.ts';
import { faultGapCases } from './faultGaps.ts';
import { lockExpiryCases } from './lockExpiry.ts';

/** The contract families, in the order a run goes through them. */
export const CONTRACT: readonly ((spec: Spec) => Case[])[] = [positiveCases, ruleNegativeCases, schemaNegativeCases, quotaCases, notFoundCases, ruleCheckCases, faultGapCases];

/** The state-machine families, in the order a run goes through them. */
export const STATE: readonly ((spec: Spec) => Case[])[] = [transitionCases, refusalCases, lockExpiryCases];

export const contractCases = (spec: Spec): Case[] => CONTRACT.flatMap((family) => family(spec));
export const stateCases = (spec: Spec): Case[] => STATE.flatMap((family) => family(spec));
