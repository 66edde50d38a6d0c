// Response rewriting the faults share: recognising an answer by its catalog code (any code of the
// same meaning, so a twin is recognised too), and answering another catalog code the way the
// faithful pipeline does (catalog status and message).
import type { ErrorCatalog } from '../../spec/index.ts';
import { ApiError, errorReply } from '../core/errors.ts';
import type { FaultResponse } from './types.ts';

/** The body as a JSON object, or undefined (no body, an array, a scalar). */
export function objectBody(res: FaultResponse): Record<string, unknown> | undefined {
  return res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as Record<string, unknown>) : undefined;
}

/** True when the response is an error answering `code` or a code of the same meaning. */
export function answers(errors: ErrorCatalog, res: FaultResponse, code: string): boolean {
  const got = objectBody(res)?.error_code;
  return res.status >= 400 && typeof got === 'string' && errors.sameMeaning(code, got);
}

/** The same response, answering catalog `code` instead (status, body), headers kept. */
export function answerWith(errors: ErrorCatalog, res: FaultResponse, code: string, detail?: string): FaultResponse {
  const r = errorReply(errors, new ApiError(code, detail));
  return { ...res, status: r.status, body: r.body };
}
