// Errors a command throws, turned into the exit codes users and CI read (cli/types.ts EXIT).
import { EXIT, type Io } from './types.ts';

/**
 * Errors that are the user's to fix (flags, config, files): exit 2 with the message. Matched by code
 * (each class's own, in its layer's errors module), which also holds for an error that crossed a module
 * boundary; exitCode.test.ts throws each class through exitCodeOf.
 */
const USAGE_CODES = new Set([
  'DCS_USAGE', // cli/errors.ts UsageError
  'DCS_CONFIG_INVALID', // config/errors.ts ConfigError
  'DCS_EMULATOR_CONFIG', // emulator/core/errors.ts EmulatorConfigError
  'DCS_SETTINGS_INVALID', // suites/engine/errors.ts SettingsError
  'DCS_SELECTION_UNMATCHED', // suites/engine/errors.ts SelectionError
  'DCS_CASE_GONE', // suites/engine/errors.ts CaseGoneError
  'DCS_REPORT_MERGE', // reporters/errors.ts MergeError
  'DCS_WAIVER_FILE_INVALID', // reporters/errors.ts WaiverFileError
  'DCS_BASELINE_FILE_INVALID', // reporters/errors.ts BaselineFileError
]);

/** Runs a command body and answers the exit code for its errors: main() for every command, and commands whose tests call run() directly. */
export async function exitCodeOf(command: string, io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'DCS_TARGET_UNREACHABLE') {
      io.err(`dcs-conformance ${command}: target unreachable: ${err.message}`);
      return EXIT.unreachable;
    }
    if ((err.code && USAGE_CODES.has(err.code)) || err.name === 'ConfigError') {
      io.err(`dcs-conformance ${command}: ${err.message}\n(see dcs-conformance ${command} --help)`);
      return EXIT.usage;
    }
    throw e;
  }
}
