// dcs-conformance: one command line for the conformance suite. Each command is a module in
// cli/commands; this file dispatches, prints help, and maps errors to exit codes (2 for usage or
// config mistakes, 3 for an unreachable target) with messages that name the fix.
import { exitCodeOf } from './exitCode.ts';
import { didYouMean } from '../suites/engine/suggest.ts';
import { EXIT, type Command, type Io } from './types.ts';

/** Loaded on use: `run` does not pay for `explore`'s imports. The one-line summaries live here (the command
 * list needs no module loaded); a command's --help comes from its module. */
export const COMMANDS: readonly { name: string; summary: string; load(): Promise<Command> }[] = [
  { name: 'run', summary: 'run the conformance suite against the emulator (default) or a DCS endpoint', load: async () => (await import('./commands/run.ts')).runCommand },
  { name: 'emulator', summary: 'start the embedded DCS emulator (--port, --seed, --clock real|scaled:N|manual, --fault …)', load: async () => (await import('./commands/emulator.ts')).emulatorCommand },
  { name: 'explore', summary: 'long property runs against one operation: each distinct failure once, shrunk, as curl', load: async () => (await import('./commands/explore.ts')).exploreCommand },
  { name: 'replay', summary: 'run a failure again from its replay bundle, or --emit-test it as a regression test', load: async () => (await import('./commands/replay.ts')).replayCommand },
  { name: 'diff', summary: 'same generated requests to two targets: where their normalised answers differ', load: async () => (await import('./commands/diff.ts')).diffCommand },
  { name: 'spec', summary: 'spec stats | spec lint: what the spec holds, and whether it is consistent', load: async () => (await import('./commands/spec.ts')).specCommand },
  { name: 'curl', summary: 'run a pasted AK/SK reproduction: signs it now with $DCS_AK/$DCS_SK (--as NAME: another principal) and runs curl', load: async () => (await import('./commands/curl.ts')).curlCommand },
  { name: 'list', summary: 'list cases | checks | rules | faults: what a run would run (required or advisory), without contacting a target', load: async () => (await import('./commands/list.ts')).listCommand },
  { name: 'cleanup', summary: 'remove what an interrupted run left on the target: --run-id ID or --all-runs (--dry-run lists)', load: async () => (await import('./commands/cleanup.ts')).cleanupCommand },
  { name: 'report', summary: 'render a report folder again, or --merge shard folders into one report', load: async () => (await import('./commands/report.ts')).reportCommand },
];

const HELP = `Usage: dcs-conformance <command> [flags]

Contract conformance suite for the DCS REST API v2. \`npm run conformance -- [flags]\` is \`dcs-conformance run [flags]\`.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Every command takes --help; --version prints the harness and spec versions.
Exit codes: 0 conformant, 1 non-conformant, 2 usage or config error, 3 target unreachable, 4 incomplete
(nothing required failed, but required cases did not run: the run says what to add).`;

/** `dcs-conformance --version`: the harness, and the spec and reference it judges by. */
async function version(io: Io): Promise<number> {
  const [{ HARNESS_VERSION }, { loadSpec }] = await Promise.all([import('../reporters/report.ts'), import('../spec/index.ts')]);
  const spec = await loadSpec();
  const r = spec.reference;
  io.out(`dcs-conformance ${HARNESS_VERSION}\nspec sha256:${spec.hash.slice(0, 16)} (errata ${spec.errataVersion}): ${r.document}, Issue ${r.issue} (${r.date}), ${r.publisher}\nnode ${process.versions.node}`);
  return EXIT.ok;
}

export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') return version(io);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`dcs-conformance: unknown command "${name}".${didYouMean(name, COMMANDS.map((c) => c.name), 3)}\n\n${HELP}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return EXIT.ok;
  }
  return exitCodeOf(name, io, () => command.run(rest, io));
}

export function defaultIo(): Io {
  return {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    env: process.env,
    cwd: process.cwd(),
    tty: { out: !!process.stdout.isTTY, err: !!process.stderr.isTTY, ...(process.stderr.columns ? { columns: process.stderr.columns } : {}) },
    errWrite: (t) => void process.stderr.write(t),
  };
}
