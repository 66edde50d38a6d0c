// The check that a request was served (the control of a refusal).
import type { OperationInfo } from '../../../spec/index.ts';
import type { CallResult } from '../../../harness/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { successStatuses } from '../../cases/common.ts';

/**
 * The request was served. Checked here as well as by the expectation because the harness excuses a
 * project-mismatch code at an erratum status whatever status was expected (see the report).
 */
export function served(ctx: SuiteContext, r: CallResult, op: OperationInfo, what: string, rule: string): void {
  if (!successStatuses(op).includes(r.status)) departure(ctx.client, r, `${what}: expected ${successStatuses(op).join(' or ')}, got ${r.status}`, rule);
  conforms(ctx.client, r, what);
}
