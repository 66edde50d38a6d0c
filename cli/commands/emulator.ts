// `dcs-conformance emulator`: the embedded DCS emulator as a server (same flags as npm run emulator).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../types.ts';

export const emulatorCommand: Command = {
  name: 'emulator',
  help: `Usage: dcs-conformance emulator [--port N] [--host H] [--seed N] [--clock real|scaled:N|manual] [--config FILE] [--realistic] [--no-control] [--json] [--fault ID]… [--list-faults]

Starts the embedded DCS emulator and prints its URL, project id and credentials; Ctrl-C stops it.
Flags are those of \`npm run emulator -- --help\` (emulator/cli.ts), which this runs.`,
  async run(argv) {
    // emulator/cli.ts reads process.argv and keeps the process alive while it serves.
    process.argv = [process.argv[0]!, fileURLToPath(new URL(`../../emulator/cli${extname(import.meta.url)}`, import.meta.url)), ...argv];
    await import('../../emulator/cli.ts');
    return new Promise<number>(() => {});
  },
};
