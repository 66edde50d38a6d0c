// Every error the reporters raise, on the common base (common/errors.ts DcsError), each with a stable
// `code`. The file errors are the user's to fix (the command line answers them with its usage exit
// code): the message names the file and what is wrong in it.
//
// Codes: DCS_REPORTERS_ERROR (the base), DCS_REPORT_MERGE, DCS_WAIVER_FILE_INVALID,
// DCS_BASELINE_FILE_INVALID, DCS_REPORTERS_INTERNAL.
import { DcsError } from '../common/errors.ts';

export class ReportersError extends DcsError {
  override readonly code: string = 'DCS_REPORTERS_ERROR';
}

/** Shard reports that cannot be merged into one (none given, of different specs, seeds or profiles, a case in two shards). */
export class MergeError extends ReportersError {
  override readonly code = 'DCS_REPORT_MERGE';
}

/** A --waivers file that cannot be read, or a waiver in it without a test or rule, a reason or a date. */
export class WaiverFileError extends ReportersError {
  override readonly code = 'DCS_WAIVER_FILE_INVALID';
}

/** A --baseline file that cannot be read or is not a baseline. */
export class BaselineFileError extends ReportersError {
  override readonly code = 'DCS_BASELINE_FILE_INVALID';
}

/** Cannot happen unless the reporters' code, or what it relies on in a dependency, is wrong. */
export class ReportersInternalError extends ReportersError {
  override readonly code = 'DCS_REPORTERS_INTERNAL';
}
