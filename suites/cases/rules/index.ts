// contract › rule: one case per spec rule that the generated negatives cannot reach, because the
// rule is about the state of resources (an account still being created, a backup that did not
// succeed, the last replica IP, a migration task's status…) or about the instance a request acts on
// (its cache mode, engine version, password-free access), not about the shape of one field. Each case
// makes the situation through the public API, expects exactly the rule's status and code, and reads
// back that the refusal changed nothing; the positive rules (default account, account and migration
// task lifecycles, the LFU precondition of hot key analysis) are checked as behaviour.
//
// One file per rule family, registered below; what they share is in _internals/. Rules of the brief
// with no case, because no public API call can make their situation, say why in their table
// (`unreachable` in spec/src/rules/*.json, read as spec.rules.unreachable).
import type { Spec } from '../../../spec/index.ts';
import type { Case } from '../../engine/types.ts';
import { ruleCase, type Draft } from './_internals/draft.ts';
import { aclCases } from './acl.ts';
import { analysisCases } from './analysis.ts';
import { backupCases } from './backups.ts';
import { configCases } from './configs.ts';
import { replicaCases } from './replicas.ts';
import { templateCases } from './templates.ts';
import { logCases } from './logs.ts';
import { migrationCases } from './migration.ts';
import { passwordCases } from './passwords.ts';
import { protocolCases } from './protocol.ts';
import { instanceCases } from './instances.ts';
import { sslCases } from './ssl.ts';

/** The rule families, in the order a run goes through their cases. */
export const RULE_FAMILIES: readonly ((spec: Spec) => Draft[])[] = [aclCases, analysisCases, backupCases, configCases, replicaCases, templateCases, logCases, migrationCases, passwordCases, protocolCases, instanceCases, sslCases];

/** One contract case per rule the generated negatives do not reach (spec.rules.unreachable lists the rest). */
export function ruleCheckCases(spec: Spec): Case[] {
  return RULE_FAMILIES.flatMap((family) => family(spec)).map((d) => ruleCase(spec, d));
}
