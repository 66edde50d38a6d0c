// Errors the emulator answers with: a catalog code (appendix 6.2), whose HTTP status and message
// come from the catalog, so no handler restates either.
import type { ErrorCatalog } from '../../spec/index.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    /** Fills the catalog message's {0} placeholder (e.g. the invalid parameter's name). */
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export interface ErrorReply {
  status: number;
  body: { error_code: string; error_msg: string; error_ext_msg: null };
}

export function errorReply(catalog: ErrorCatalog, err: ApiError): ErrorReply {
  const entry = catalog.require(err.code);
  const message = entry.message.includes('{0}') || entry.message.includes('{}') ? entry.message.replace(/\{0?\}/, err.detail ?? 'request') : entry.message;
  return { status: entry.status, body: { error_code: entry.code, error_msg: message, error_ext_msg: null } };
}

/** Throws the error a handler means; narrows for TypeScript. */
export function fail(code: string, detail?: string): never {
  throw new ApiError(code, detail);
}
