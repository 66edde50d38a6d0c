// The error config/ raises: the key that is wrong and the fix, with a stable code (the command line
// turns it into the usage exit code).
//
// Codes: DCS_CONFIG_INVALID.
import { DcsError } from '../common/errors.ts';

/** A config file or environment variable is wrong; `key` names it, `fix` says what to write. */
export class ConfigError extends DcsError {
  override readonly code = 'DCS_CONFIG_INVALID';
  constructor(
    readonly key: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`config ${key}: ${problem}. Fix: ${fix}`);
  }
}
