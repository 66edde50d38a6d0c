// The error the project's test support raises, on the common base (common/errors.ts DcsError), with a
// stable `code`.
//
// Codes: DCS_TEST_NEED_MISSING.
import { DcsError } from '../common/errors.ts';

/** Under CI=true, a test needs something of the machine that is not there (needs.ts): the message says what to set. */
export class MissingNeedError extends DcsError {
  override readonly code = 'DCS_TEST_NEED_MISSING';
}
