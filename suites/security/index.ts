// security: authentication, tenant isolation, IAM and routing, for every operation of the spec.
// Authentication and authorisation are decided from the credential, the path's project and the
// operation's action before any resource is looked up, so these cases aim at well-formed IDs that
// name nothing and the reference's example bodies: they make nothing on a conforming target and
// need no prerequisites. Whatever a departing target creates anyway is tracked and removed.
//
// One file per family of security cases, registered below; what they share is in _internals/.
import type { OperationInfo, Spec } from '../../spec/index.ts';
import type { Case } from '../engine/types.ts';
import { credentialCases } from './credentials.ts';
import { otherProjectCases } from './otherProject.ts';
import { iamCases, readonlyControlCases } from './iam.ts';
import { akskCases } from './aksk.ts';
import { routingCases } from './routing.ts';

/** Families with cases for every operation, in the order each operation's cases run. */
export const PER_OPERATION: readonly ((spec: Spec, op: OperationInfo) => Case[])[] = [credentialCases, otherProjectCases, iamCases];

/** Families of one-off cases, run after every operation's. */
export const ONE_OFF: readonly ((spec: Spec) => Case[])[] = [readonlyControlCases, akskCases, routingCases];

export function securityCases(spec: Spec): Case[] {
  return [...spec.operations.flatMap((op) => PER_OPERATION.flatMap((family) => family(spec, op))), ...ONE_OFF.flatMap((family) => family(spec))];
}
