// How a command talks to its user: human text on stdout — or on stderr with --json, whose one JSON
// object is then all of stdout —, --quiet (the verdict and warnings only) or --verbose (every case),
// colour on a terminal unless --no-color or NO_COLOR, and the progress sink (redrawn in place when
// stderr is a terminal, plain lines otherwise), fed by the run's collector; vitest's own output goes
// where the human text goes.
import { Writable } from 'node:stream';
import { ResultCollector, type PlannedResult } from '../reporters/collector.ts';
import { colourWanted, paint, type Palette } from '../reporters/colour.ts';
import { Progress, type ProgressSink } from '../reporters/progress.ts';
import type { Weight } from '../reporters/types.ts';
import type { FlagSpec, Parsed } from './args.ts';
import { UsageError } from './errors.ts';
import type { Io } from './types.ts';

export const OUTPUT_FLAGS: Record<string, FlagSpec> = {
  json: { kind: 'bool', description: 'print one JSON summary on stdout (the human text goes to stderr)' },
  quiet: { kind: 'bool', description: 'print only the verdict line, warnings and errors (no progress, no coverage table)' },
  verbose: { kind: 'bool', description: 'print every case as it finishes, every failure and skip reason' },
  'no-color': { kind: 'bool', description: 'no colour (also: the NO_COLOR environment variable); colour is on when printing to a terminal' },
};

export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly palette: Palette;
  /** A line for a person (suppressed by --quiet). */
  say(line: string): void;
  /** The verdict line: shown even with --quiet. */
  verdict(line: string): void;
  /** A warning: always, on stderr. */
  warn(line: string): void;
  /** The JSON summary (with --json; ignored otherwise). */
  result(value: unknown): void;
  /** Where progress goes, or undefined with --quiet. */
  progress(): ProgressSink | undefined;
}

export function outputOf(p: Parsed, io: Io): Output {
  const json = !!p.json;
  const quiet = !!p.quiet;
  const verbose = !!p.verbose;
  if (quiet && verbose) throw new UsageError('--quiet and --verbose contradict each other: give one');
  const human = json ? io.err : io.out;
  const tty = json ? !!io.tty?.err : !!io.tty?.out;
  const palette = paint(colourWanted({ tty, noColorFlag: !!p['no-color'], env: io.env }));
  const errColour = colourWanted({ tty: !!io.tty?.err, noColorFlag: !!p['no-color'], env: io.env });
  return {
    json,
    quiet,
    verbose,
    palette,
    say: (line) => {
      if (!quiet) human(line);
    },
    verdict: (line) => human(line),
    warn: (line) => io.err(`${paint(errColour).yellow('warning:')} ${line}`),
    result: (value) => {
      if (json) io.out(JSON.stringify(value));
    },
    progress: () => {
      if (quiet) return undefined;
      const inPlace = !!io.tty?.err && !!io.errWrite;
      // Without a raw stream, whole lines through err() (it adds the line end).
      const write = inPlace ? io.errWrite! : (t: string) => t.split('\n').filter(Boolean).forEach((l) => io.err(l));
      return { write, tty: inPlace, colour: errColour, ...(io.tty?.columns ? { columns: io.tty.columns } : {}) };
    },
  };
}

/** The progress the user sees and the collector feeding it (--max-failures counts failures that decide). */
export function collectorFor(o: Output, plan: readonly (PlannedResult & { weight: Weight })[], options: { maxFailures?: number; known?: ReadonlySet<string> }): ResultCollector {
  const sink = o.progress();
  const progress = sink ? new Progress(sink, { total: plan.length, verbose: o.verbose }) : undefined;
  const required = new Set(plan.filter((c) => c.weight === 'required').map((c) => c.name));
  return new ResultCollector(progress, { ...options, decides: (name) => required.has(name), planned: plan });
}

/** vitest's own output (its reporters' notes, a crash) goes where the human text goes, never into --json's stdout. */
export function vitestStreams(io: Io, o: Output): { stdout: Writable; stderr: Writable } {
  const lines = (to: (line: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) to(l);
        done();
      },
    });
  return { stdout: lines(o.say), stderr: lines(io.err) };
}
