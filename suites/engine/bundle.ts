// A replay bundle: everything needed to run one failed case again and to show what it saw — the
// case, seed, fast-check path, profile, spec hash and errata version it ran against, the target it
// failed on (no credentials: kind, name, endpoint, project, emulator faults), and the exchanges it
// recorded, masked (the run's credentials as $DCS_… placeholders, other credentials ***). A bundle
// replays on the target it failed on unless told otherwise (replayTarget).
import { DEFAULT_TARGET } from '../../config/index.ts';
import type { Spec } from '../../spec/index.ts';
import type { Exchange } from '../../harness/index.ts';
import type { Case, CaseResult, Profile } from './types.ts';

/** The target a failure was found on: never credentials. */
export interface BundleTarget {
  name: string;
  kind: 'emulator' | 'remote';
  endpoint: string;
  /** The project the run used (every request's path names it anyway). */
  projectId?: string;
  /** Emulator only: the faults that were switched on (an emulator with faults is another target than a faithful one). */
  faults?: string[];
}

export interface ReplayBundle {
  format: 1;
  name: string;
  operationId: string;
  check: string;
  rules: string[];
  seed: number;
  /** fast-check's shrink path when the failure came from a property (model-based) run. */
  path?: string;
  runs?: number;
  profile: Profile;
  specHash: string;
  errataVersion: string;
  target: BundleTarget;
  message?: string;
  reproduction?: string;
  exchanges: Exchange[];
  createdAt: string;
}

/** The bundle's path inside the report directory, from the case name. */
export const bundleFile = (name: string): string => `bundles/${name.replace(/[^\w.-]+/g, '_').replace(/_+/g, '_').slice(0, 150)}.json`;

export function replayBundle(spec: Spec, c: Case, r: CaseResult, run: { seed: number; runs?: number; profile: Profile; faults?: readonly string[]; target: { name: string; kind: 'emulator' | 'remote'; endpoint: string; projectId?: string } }): ReplayBundle {
  const path = /path: "([^"]*)"|path=([\d:]+)/.exec(r.message ?? '');
  return {
    format: 1,
    name: c.name,
    operationId: c.operationId,
    check: c.check,
    rules: c.rules,
    seed: run.seed,
    ...(path ? { path: path[1] ?? path[2] } : {}),
    ...(run.runs ? { runs: run.runs } : {}),
    profile: run.profile,
    specHash: spec.hash,
    errataVersion: spec.errataVersion,
    target: {
      name: run.target.name,
      kind: run.target.kind,
      endpoint: run.target.endpoint,
      ...(run.target.projectId ? { projectId: run.target.projectId } : {}),
      ...(run.target.kind === 'emulator' && run.faults?.length ? { faults: [...run.faults] } : {}),
    },
    ...(r.message ? { message: r.message } : {}),
    ...(r.reproduction ? { reproduction: r.reproduction } : {}),
    exchanges: r.exchanges,
    createdAt: new Date().toISOString(),
  };
}

/** The target in words: `remote https://… (target "staging")` or `the embedded emulator with faults …`. */
export function describeTarget(t: Pick<BundleTarget, 'kind' | 'endpoint' | 'faults'> & { name?: string }): string {
  if (t.kind === 'emulator') return `the embedded emulator${t.faults?.length ? ` with faults ${t.faults.join(', ')}` : ' (faithful, no faults)'}`;
  // A URL given on the command line turns the default target remote: its name says nothing then.
  return `remote ${t.endpoint}${t.name && t.name !== DEFAULT_TARGET ? ` (target "${t.name}")` : ''}`;
}

type Env = Record<string, string | undefined>;

export interface ReplayTarget {
  /** The environment the config layer reads the target from (config/env.ts). */
  env: Env;
  /** Embedded emulator faults to switch on. */
  emulator?: { faults: string[] };
  /** False when the environment names another target than the one the failure was found on. */
  recorded: boolean;
  /** Where it replays, in words. */
  where: string;
}

/**
 * Where a bundle replays: on the target it failed on, unless the environment (or a --target flag the
 * command line turned into it) names another: DCS_ENDPOINT or DCS_TARGET. A remote target's
 * credentials come from the environment or the config (DCS_TOKEN, or DCS_AK/DCS_SK), never from the
 * bundle.
 */
export function replayTarget(b: Pick<ReplayBundle, 'target'>, env: Env): ReplayTarget {
  const t = b.target;
  const endpoint = env.DCS_ENDPOINT?.trim();
  const named = env.DCS_TARGET?.trim();
  if (endpoint || named) {
    const same = endpoint ? t.kind === 'remote' && sameEndpoint(endpoint, t.endpoint) : named === 'emulator' ? t.kind === 'emulator' && !t.faults?.length : t.kind === 'remote' && named === t.name;
    const where = endpoint ? `remote ${endpoint}` : named === 'emulator' ? describeTarget({ kind: 'emulator', endpoint: '' }) : `target "${named}" of the config`;
    return { env, recorded: same, where };
  }
  if (t.kind === 'remote') return { env: { ...env, DCS_ENDPOINT: t.endpoint, ...(t.projectId && !env.DCS_PROJECT_ID?.trim() ? { DCS_PROJECT_ID: t.projectId } : {}) }, recorded: true, where: describeTarget(t) };
  return { env, ...(t.faults?.length ? { emulator: { faults: [...t.faults] } } : {}), recorded: true, where: describeTarget(t) };
}

const sameEndpoint = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
