// What the security cases read from the spec: a protocol rule's documented answer, and the operations the
// one-off cases aim at (a GET list of the project, a change of one instance, a read of one instance).
import type { OperationInfo, RuleEntry, Spec } from '../../../spec/index.ts';
import type { Expectation } from '../../../harness/index.ts';
import { exampleBody, needsNoResource } from '../../cases/common.ts';
import { SuiteSpecMismatchError } from '../../engine/errors.ts';

export const SUITE = 'security';

// Reading the spec

export interface Answer {
  rule: string;
  status: number;
  codes: string[];
  expect: Expectation;
}

/** The documented answer of a protocol rule: its status (or its code's catalog status) and code. */
export function answer(spec: Spec, ruleId: string): Answer {
  const r: RuleEntry = spec.rules.protocol(ruleId);
  const status = r.status ?? spec.errors.require(r.errorCode).status;
  return { rule: r.id, status, codes: [r.errorCode], expect: { status, codes: [r.errorCode], rule: r.id } };
}

export const idParams = (op: OperationInfo) => op.parameters.filter((p) => p.in === 'path' && p.name !== 'project_id');
export const hasProject = (op: OperationInfo) => op.parameters.some((p) => p.in === 'path' && p.name === 'project_id');

/**
 * Whether a read-only user is denied this operation, from its chapter-5 action alone. A read-only
 * user (config principals.readonly; the emulator's `readonly`) holds the get/list actions of every
 * resource type (dcs:*:get, dcs:*:get*, dcs:*:list): an action whose verb is neither lacks in its
 * policy, whatever the HTTP method (POST …/ssl-certs/download is dcs:ssl:get). Every write has an
 * action, stated or inferred (the spec bundle refuses one without); an operation with none is a read
 * the spec leaves open to every user of the project (OperationInfo.openToProject), never denied.
 */
export function readonlyLacks(action: string | undefined): boolean {
  if (!action) return false;
  const verb = action.split(':').at(-1) ?? '';
  return !/^(get|list)/.test(verb);
}

/** The operation the one-off cases (AK/SK, routing, read-only control) use: a GET list of the project. */
export function listOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'GET' && needsNoResource(o) && hasProject(o) && !o.parameters.some((p) => p.in === 'query' && p.required) && !readonlyLacks(o.action));
  if (!op) throw new SuiteSpecMismatchError('the spec has no GET list operation of the project without required query parameters');
  return op;
}

/** A change of one instance with a JSON body: signed-body checks aim it at an instance that does not exist. */
export function instanceBodyOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'PUT' && exampleBody(o) !== undefined && idParams(o).map((p) => p.name).join() === 'instance_id');
  if (!op) throw new SuiteSpecMismatchError('the spec has no PUT on one {instance_id} with an example body');
  return op;
}

/** A read of one instance by ID (malformed instance IDs). */
export function instanceGetOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'GET' && hasProject(o) && idParams(o).map((p) => p.name).join() === 'instance_id' && !o.parameters.some((p) => p.in === 'query' && p.required));
  if (!op) throw new SuiteSpecMismatchError('the spec has no GET of one {instance_id}');
  return op;
}
