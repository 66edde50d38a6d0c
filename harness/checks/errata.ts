// The errata the checker applies, read from spec/ by id: which readings conform in which mode, and the
// protocol rules (codes) they concern. Each helper answers "does this erratum excuse this response?".
import type { Spec } from '../../spec/index.ts';
import { SpecMismatchError } from '../errors.ts';
import type { Mode } from '../../config/index.ts';
import type { CheckContext, Expectation } from './types.ts';

export const UNDOCUMENTED_404 = 'undocumented-404';
export const PROJECT_TOKEN_MISMATCH = 'project-token-mismatch-status';

/** True when `reading` (optionally "reading@section") conforms in `mode`. */
export function accepts(spec: Spec, erratumId: string, reading: string, mode: Mode): boolean {
  const erratum = spec.errata.find((e) => e.id === erratumId);
  if (!erratum) throw new SpecMismatchError(`erratum ${erratumId} is not in spec/src/errata.json, but the response checker applies it. Fix: restore it or update harness/checks/errata.ts.`);
  return erratum.resolution[mode].some((r) => r === reading || r.startsWith(`${reading}@`));
}

function protocolCodes(spec: Spec, ruleId: string): string[] {
  return spec.errors.equivalents(spec.rules.protocol(ruleId).errorCode);
}

const hasInstanceId = (ctx: CheckContext) => ctx.operation.parameters.some((p) => p.in === 'path' && p.name === 'instance_id');

/** undocumented-404, reading "catalog": 404 with the instance-not-found code on an {instance_id} operation. */
export function isCatalogInstanceNotFound(ctx: CheckContext): boolean {
  return (
    ctx.status === 404 &&
    hasInstanceId(ctx) &&
    ctx.errorCode !== undefined &&
    protocolCodes(ctx.spec, 'resource.instance-not-found').includes(ctx.errorCode) &&
    accepts(ctx.spec, UNDOCUMENTED_404, 'catalog', ctx.mode)
  );
}

/** undocumented-404, reading "status-table" (lenient): an expected instance-not-found answered 400 with any catalog code. */
export function isStatusTableInstanceNotFound(ctx: CheckContext): boolean {
  const notFound = protocolCodes(ctx.spec, 'resource.instance-not-found');
  return (
    ctx.status === 400 &&
    (ctx.expect?.codes ?? []).some((c) => notFound.includes(c)) &&
    ctx.errorCode !== undefined &&
    ctx.spec.errors.get(ctx.errorCode) !== undefined &&
    accepts(ctx.spec, UNDOCUMENTED_404, 'status-table', ctx.mode)
  );
}

/**
 * project-token-mismatch-status: the project-mismatch code at a status whose reading conforms in this
 * mode. Only where a mismatch is what the suite expects (or it expects nothing): a request the suite
 * expects to succeed is not excused by answering a mismatch.
 */
export function isProjectMismatchStatusExcused(ctx: CheckContext): boolean {
  const mismatch = protocolCodes(ctx.spec, 'auth.project-mismatch');
  const expected = !ctx.expect || ctx.expect.rule === 'auth.project-mismatch' || (ctx.expect.codes ?? []).some((c) => mismatch.includes(c));
  return expected && ctx.errorCode !== undefined && mismatch.includes(ctx.errorCode) && accepts(ctx.spec, PROJECT_TOKEN_MISMATCH, String(ctx.status), ctx.mode);
}

export function expectedStatuses(expect: Expectation | undefined): number[] | undefined {
  return expect?.status === undefined ? undefined : [expect.status].flat();
}
