// Reproducible property runs: a failure names the seed and the shrink path (a passing run prints
// nothing unless given `log`), so `DCS_SEED_FC=<seed> [DCS_PATH_FC=<path>] npx vitest run -t "<name>"` replays it.
import fc from 'fast-check';
import { InvalidSeedError, PropertyFailedError } from './errors.ts';

export interface PropertyRunOptions {
  /** Used when DCS_SEED_FC is unset; otherwise a fresh random seed. */
  seed?: number;
  /** Runs per property; DCS_RUNS_FC overrides it for a whole run (e.g. a nightly soak). */
  numRuns?: number;
  /** Shrink path of an earlier failure; DCS_PATH_FC overrides it. Combine with `-t` so it reaches one property. */
  path?: string;
  /** Where a `seed=<n>` line goes for every run, failing or not (default: nowhere; a failure's message holds the seed). */
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}

export interface PropertyParameters {
  seed: number;
  numRuns: number;
  path?: string;
  endOnFailure?: boolean;
}

const DEFAULT_RUNS = 100;

function intFrom(env: Record<string, string | undefined>, variable: string): number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) throw new InvalidSeedError(variable, raw);
  return Number(raw);
}

/** The environment wins over options so that a printed seed replays without editing any test. */
export function propertyParameters(options: PropertyRunOptions = {}): PropertyParameters {
  const env = options.env ?? process.env;
  const seed = intFrom(env, 'DCS_SEED_FC') ?? options.seed ?? ((Date.now() ^ (Math.random() * 0x100000000)) | 0);
  const numRuns = intFrom(env, 'DCS_RUNS_FC') ?? options.numRuns ?? DEFAULT_RUNS;
  if (numRuns < 1) throw new InvalidSeedError('numRuns', String(numRuns));
  const path = env.DCS_PATH_FC?.trim() || options.path;
  return { seed, numRuns, ...(path ? { path, endOnFailure: true } : {}) };
}

/**
 * fc.assert with a replayable failure. Works for sync and async properties.
 * Throws PropertyFailedError (code DCS_GEN_PROPERTY_FAILED) whose message holds seed, path and fast-check's report.
 */
export async function assertProperty<Ts>(name: string, property: fc.IRawProperty<Ts>, options: PropertyRunOptions = {}): Promise<PropertyParameters> {
  const params = propertyParameters(options);
  options.log?.(`[fc] ${name} seed=${params.seed} numRuns=${params.numRuns}${params.path ? ` path=${params.path}` : ''}`);
  try {
    await fc.assert(property, params);
  } catch (e) {
    const report = e instanceof Error ? e.message : String(e);
    // fast-check prints `{ seed: <n>, path: "<path>", endOnFailure: true }`; the path is the shrunk counterexample.
    const path = /path: "([^"]*)"/.exec(report)?.[1] ?? params.path;
    throw new PropertyFailedError(name, params.seed, path, report, { cause: e });
  }
  return params;
}
