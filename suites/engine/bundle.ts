// A replay bundle: everything needed to run one failed case again and to show what it saw — the
// case, seed, fast-check path, profile, spec hash and errata version it ran against, the target (no
// credentials), and the exchanges it recorded, masked.
import type { Spec } from '../../spec/index.ts';
import type { Exchange } from '../../harness/index.ts';
import type { Case, CaseResult, Profile } from './types.ts';

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
  target: { name: string; kind: 'emulator' | 'remote'; endpoint: string };
  message?: string;
  reproduction?: string;
  exchanges: Exchange[];
  createdAt: string;
}

/** The bundle's path inside the report directory, from the case name. */
export const bundleFile = (name: string): string => `bundles/${name.replace(/[^\w.-]+/g, '_').replace(/_+/g, '_').slice(0, 150)}.json`;

export function replayBundle(spec: Spec, c: Case, r: CaseResult, run: { seed: number; runs?: number; profile: Profile; target: { name: string; kind: 'emulator' | 'remote'; endpoint: string } }): ReplayBundle {
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
    target: { name: run.target.name, kind: run.target.kind, endpoint: run.target.endpoint },
    ...(r.message ? { message: r.message } : {}),
    ...(r.reproduction ? { reproduction: r.reproduction } : {}),
    exchanges: r.exchanges,
    createdAt: new Date().toISOString(),
  };
}
