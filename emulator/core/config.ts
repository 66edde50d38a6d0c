// The emulator's tenants: projects, credentials and IAM policies. Defaults are derived from the seed
// so two emulators with one seed agree; a JSON file (--config) replaces them.
import { readFileSync } from 'node:fs';
import { IdSource } from './ids.ts';
import { validateRealism, type RealismOptions } from '../realism/options.ts';
import { EmulatorConfigError } from './errors.ts';

export interface EmulatorUser {
  name: string;
  token: string;
  ak: string;
  sk: string;
  /** Project ids this user's credentials are scoped to. */
  projects: string[];
  /** Allowed chapter-5 actions; "*" matches one segment, e.g. "dcs:*:*", "dcs:instance:get". */
  actions: string[];
}

export interface EmulatorQuota {
  instances: number;
  /** GB of cache memory. */
  ram: number;
}

export interface EmulatorConfig {
  projects: { id: string; name: string; quota: EmulatorQuota }[];
  users: EmulatorUser[];
  /** X-Sdk-Date tolerance, minutes (reference signing guide: 15). */
  sdkDateSkewMinutes: number;
  /** Virtual-time durations (ms) of the asynchronous transitions. */
  durations: Record<'create' | 'restart' | 'flush' | 'resize' | 'restore' | 'backup' | 'delete' | 'swap' | 'job' | 'task', number>;
  /** Serve /__emulator/* (clock, state). Off for a target that must look exactly like a cloud. */
  controlApi: boolean;
  /** Behave like a cloud endpoint: jitter, read lag, throttling (emulator/realism). Absent: a test double. */
  realism?: RealismOptions;
}

/** Durations of the default config: long enough to see every transitional status on a virtual clock. */
export const TEST_DOUBLE_DURATIONS: EmulatorConfig['durations'] = { create: 60_000, restart: 30_000, flush: 10_000, resize: 60_000, restore: 60_000, backup: 30_000, delete: 10_000, swap: 10_000, job: 5_000, task: 20_000 };

/** Durations of a cloud rehearsal (--realistic): each at least 1 s, so every wait of a run is a real one. */
export const CLOUD_DURATIONS: EmulatorConfig['durations'] = { create: 1500, restart: 1000, flush: 1000, resize: 1500, restore: 1000, backup: 1000, delete: 1000, swap: 1000, job: 1000, task: 1000 };

/**
 * The shortest time any state change of this config takes: what a target config declares as
 * consistency.minTransitionMs (the realism's jitter only stretches a duration, never shortens it).
 */
export const shortestTransitionMs = (config: Pick<EmulatorConfig, 'durations'>): number => Math.min(...Object.values(config.durations));

/** `realistic`: the cloud-like durations of emulator/realism (at least 1 s each) instead of the test double's. */
export function defaultConfig(seed = 1, opts: { realistic?: boolean } = {}): EmulatorConfig {
  const ids = new IdSource(seed ^ 0x5eed);
  const main = ids.projectId();
  const other = ids.projectId();
  const user = (name: string, projects: string[], actions: string[]): EmulatorUser => ({ name, token: `tok-${name}-${ids.hex(24)}`, ak: `AK${ids.hex(18).toUpperCase()}`, sk: ids.hex(40), projects, actions });
  return {
    projects: [
      { id: main, name: 'default', quota: { instances: 100, ram: 4096 } },
      { id: other, name: 'other', quota: { instances: 100, ram: 4096 } },
    ],
    users: [user('admin', [main], ['dcs:*:*']), user('readonly', [main], ['dcs:*:get', 'dcs:*:list', 'dcs:*:get*']), user('other', [other], ['dcs:*:*'])],
    sdkDateSkewMinutes: 15,
    durations: { ...(opts.realistic ? CLOUD_DURATIONS : TEST_DOUBLE_DURATIONS) },
    controlApi: true,
  };
}

/** Durations, realism and anything else the file leaves out come from defaultConfig(seed, opts). */
export function loadConfigFile(file: string, seed?: number, opts: { realistic?: boolean } = {}): EmulatorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EmulatorConfigError(file, `cannot read it as JSON (${(e as Error).message})`);
  }
  const base = defaultConfig(seed, opts);
  const cfg = { ...base, ...(raw as Partial<EmulatorConfig>), durations: { ...base.durations, ...(raw as Partial<EmulatorConfig>).durations } };
  validateConfig(cfg);
  return cfg;
}

export function validateConfig(cfg: EmulatorConfig): void {
  if (!Array.isArray(cfg.projects) || !cfg.projects.length) throw new EmulatorConfigError('projects', 'give at least one { "id", "name", "quota": { "instances", "ram" } }');
  const projectIds = new Set(cfg.projects.map((p) => p.id));
  cfg.projects.forEach((p, i) => {
    if (!/^[0-9a-f]{32}$/.test(p.id ?? '')) throw new EmulatorConfigError(`projects[${i}].id`, 'use 32 lower-case hex characters, as real project IDs are');
  });
  if (!Array.isArray(cfg.users) || !cfg.users.length) throw new EmulatorConfigError('users', 'give at least one user with token, ak, sk, projects and actions');
  cfg.users.forEach((u, i) => {
    for (const k of ['name', 'token', 'ak', 'sk'] as const) if (typeof u[k] !== 'string' || !u[k]) throw new EmulatorConfigError(`users[${i}].${k}`, 'must be a non-empty string');
    if (!Array.isArray(u.projects) || u.projects.some((p) => !projectIds.has(p))) throw new EmulatorConfigError(`users[${i}].projects`, `list ids from "projects" (${[...projectIds].join(', ')})`);
    if (!Array.isArray(u.actions)) throw new EmulatorConfigError(`users[${i}].actions`, 'list chapter-5 actions such as "dcs:*:*" or "dcs:instance:get"');
  });
  for (const [k, v] of Object.entries(cfg.durations)) if (!Number.isFinite(v) || v < 0) throw new EmulatorConfigError(`durations.${k}`, 'must be a non-negative number of milliseconds');
  if (cfg.realism !== undefined) validateRealism(cfg.realism);
}

/**
 * Whether the user's policy allows the operation: its chapter-5 action (stated or inferred in spec/),
 * or, for a read the spec leaves open to every user of the project, nothing. Fails closed: an
 * operation with neither is refused to everyone.
 */
export function actionAllowed(user: EmulatorUser, op: { action?: string; openToProject?: boolean }): boolean {
  const action = op.action;
  if (!action) return op.openToProject === true;
  return user.actions.some((pattern) => policyPattern(pattern).test(action));
}

// A policy's patterns are few and fixed: each is compiled once, not on every request it is matched on.
const compiledPatterns = new Map<string, RegExp>();
function policyPattern(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (!re) compiledPatterns.set(pattern, (re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\:]/g, '\\$&')).join('[^:]*')}$`)));
  return re;
}
