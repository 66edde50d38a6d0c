// The error the command line raises, on the common base (common/errors.ts DcsError), with a stable
// `code`. exitCode.ts turns it, and the other layers' errors that are the user's to fix, into exit 2.
//
// Codes: DCS_USAGE.
import { DcsError } from '../common/errors.ts';

/** A wrong flag or value: printed with the command's usage line, exit 2. */
export class UsageError extends DcsError {
  override readonly code = 'DCS_USAGE';
}
