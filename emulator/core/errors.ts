// Every error the emulator raises, on the common base (common/errors.ts DcsError), each with a stable
// `code`. ApiError is the one a handler throws to answer: a catalog code (appendix 6.2), whose HTTP
// status and message come from the catalog, so no handler restates either; the others are for whoever
// starts the emulator (a wrong config, clock or fault name) or say its spec data or wiring is wrong.
//
// Codes: DCS_EMULATOR_ERROR (the base), DCS_EMULATOR_API_ANSWER, DCS_EMULATOR_CONFIG,
// DCS_EMULATOR_CLOCK_MODE, DCS_EMULATOR_UNKNOWN_FAULT, DCS_EMULATOR_SPEC_MISMATCH, DCS_EMULATOR_INTERNAL.
import { DcsError } from '../../common/errors.ts';
import type { ErrorCatalog } from '../../spec/index.ts';

export class EmulatorError extends DcsError {
  override readonly code: string = 'DCS_EMULATOR_ERROR';
}

/** What a handler answers: the catalog's `errorCode` (e.g. DCS.4961), its status and message. */
export class ApiError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_API_ANSWER';
  constructor(
    readonly errorCode: string,
    /** Fills the catalog message's {0} placeholder (e.g. the invalid parameter's name). */
    readonly detail?: string,
  ) {
    super(detail ? `${errorCode}: ${detail}` : errorCode);
  }
}

/** An emulator config (file or code) has a wrong key or value: `key` and the fix. */
export class EmulatorConfigError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_CONFIG';
  constructor(key: string, fix: string) {
    super(`emulator config: ${key}: ${fix}`);
  }
}

/** --clock names no clock mode. */
export class ClockModeError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_CLOCK_MODE';
  constructor(text: string) {
    super(`--clock must be real, manual or scaled:N (N > 0), got "${text}"`);
  }
}

/** A fault id that is not in the catalog (emulator/faults): the message lists the known ones. */
export class UnknownFaultError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_UNKNOWN_FAULT';
  constructor(id: string, known: readonly string[]) {
    super(`unknown fault "${id}" (known: ${known.join(', ')})`);
  }
}

/** The emulator relies on a spec datum (a rule's field or limit, an example, a catalog code) that spec/ no longer has. */
export class EmulatorSpecMismatchError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_SPEC_MISMATCH';
}

/** Cannot happen unless the emulator's code is wrong (two handlers for one operation, a fault that breaks its contract). */
export class EmulatorInternalError extends EmulatorError {
  override readonly code = 'DCS_EMULATOR_INTERNAL';
}

export interface ErrorReply {
  status: number;
  body: { error_code: string; error_msg: string; error_ext_msg: null };
}

export function errorReply(catalog: ErrorCatalog, err: ApiError): ErrorReply {
  const entry = catalog.require(err.errorCode);
  const message = entry.message.includes('{0}') || entry.message.includes('{}') ? entry.message.replace(/\{0?\}/, err.detail ?? 'request') : entry.message;
  return { status: entry.status, body: { error_code: entry.code, error_msg: message, error_ext_msg: null } };
}

/** Throws the error a handler means; narrows for TypeScript. */
export function fail(code: string, detail?: string): never {
  throw new ApiError(code, detail);
}
