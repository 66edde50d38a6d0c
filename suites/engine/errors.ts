// Every error the suites raise, on the common base (common/errors.ts DcsError), each with a stable
// `code`. Two are how a case ends other than passing (ConformanceFailure, CaseSkipped: runCase turns
// them into the case's result); the settings, selection and replay errors are the user's to fix (the
// command line answers them with its usage exit code); the rest say that a case cannot be built or run
// here and why. The harness's errors (harness/errors.ts) reach the suites as they are.
//
// Codes: DCS_SUITES_ERROR (the base), DCS_NONCONFORMANT, DCS_CASE_SKIPPED, DCS_CASE_FAILED,
// DCS_SETTINGS_INVALID, DCS_SELECTION_UNMATCHED, DCS_CASE_GONE, DCS_CASE_SETUP, DCS_MODEL_RUN,
// DCS_CONTROL_API, DCS_SUITE_SPEC_MISMATCH, DCS_SUITES_INTERNAL.
import { DcsError } from '../../common/errors.ts';

export class SuitesError extends DcsError {
  override readonly code: string = 'DCS_SUITES_ERROR';
}

/** A target departed from the reference; message says how, reproduction is a masked curl. */
export class ConformanceFailure extends SuitesError {
  override readonly code = 'DCS_NONCONFORMANT';
  constructor(
    message: string,
    readonly details: { rule?: string; reproduction?: string; status?: number; errorCode?: string } = {},
  ) {
    super(details.reproduction ? `${message}\nreproduce: ${details.reproduction}` : message);
  }
}

/** The case cannot run here (destructive on a remote target, capability the target lacks). */
export class CaseSkipped extends SuitesError {
  override readonly code = 'DCS_CASE_SKIPPED';
}

/** A case's result is failed: how a vitest entry file reports it (the message is the result's). */
export class CaseFailedError extends SuitesError {
  override readonly code = 'DCS_CASE_FAILED';
}

/** A run setting from the environment is wrong: the variable, the problem and the fix. */
export class SettingsError extends SuitesError {
  override readonly code = 'DCS_SETTINGS_INVALID';
  constructor(variable: string, problem: string, fix: string) {
    super(`${variable} ${problem}. Fix: ${fix}`);
  }
}

/** An --only token matches no case (a typo must not turn into an empty, green run). */
export class SelectionError extends SuitesError {
  override readonly code = 'DCS_SELECTION_UNMATCHED';
}

/** A replay names a case this version of the suite does not have. */
export class CaseGoneError extends SuitesError {
  override readonly code = 'DCS_CASE_GONE';
}

/** A case cannot make the request it means to send on this target (the value it needs is taken there). */
export class CaseSetupError extends SuitesError {
  override readonly code = 'DCS_CASE_SETUP';
}

/** A stateful model's run ended without a verdict, or on an error that is not the target's. */
export class ModelRunError extends SuitesError {
  override readonly code = 'DCS_MODEL_RUN';
}

/** The embedded emulator's control API did not answer 200 (switched off with --no-control?). */
export class ControlApiError extends SuitesError {
  override readonly code = 'DCS_CONTROL_API';
}

/** A case builder relies on a spec datum (a rule's data, an operation, a transition) that spec/ no longer has. */
export class SuiteSpecMismatchError extends SuitesError {
  override readonly code = 'DCS_SUITE_SPEC_MISMATCH';
}

/** Cannot happen unless the suite's code is wrong (two cases of one name, a lane pool without lanes). */
export class SuitesInternalError extends SuitesError {
  override readonly code = 'DCS_SUITES_INTERNAL';
}
