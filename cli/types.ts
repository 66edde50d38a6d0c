// What every command of the dcs-conformance command line is: a name, its help, and a run function that
// returns the exit code. Commands print through Io so tests can capture what a user would see.

/**
 * 0 conformant, 1 non-conformant (or new failures against the baseline), 2 usage or config error,
 * 3 target unreachable, 4 incomplete (nothing required failed, but required cases did not run), 5 the run broke
 * (planned cases got no result: a suite file did not load, a worker died; the verdict is FAIL and names the error),
 * 130 stopped by a signal.
 */
export const EXIT = { ok: 0, nonConformant: 1, usage: 2, unreachable: 3, incomplete: 4, broken: 5, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout and stderr are terminals (colour, progress redrawn in place); absent: neither is. */
  tty?: { out: boolean; err: boolean; columns?: number };
  /** stderr without a line end added (a progress line redrawn in place); absent: progress prints lines through err(). */
  errWrite?(text: string): void;
}

export interface Command {
  name: string;
  /** The full --help text. */
  help: string;
  run(argv: string[], io: Io): Promise<number>;
}
