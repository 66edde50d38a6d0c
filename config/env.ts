// Environment variables override the config file (CI keeps credentials in secrets, not in files).
// Empty values count as unset. Validation afterwards names the variable that set a bad value.
import { ConfigError } from './errors.ts';
import type { Mode, RemoteAuth, TargetConfig } from './schema.ts';

/** Variable -> what it sets (documented in config/README.md). */
export const ENV_VARS = {
  DCS_CONFIG: 'path of the config file',
  DCS_TARGET: 'name of the target to use',
  DCS_MODE: 'checking mode: strict or lenient',
  DCS_ENDPOINT: 'endpoint URL; turns the target into a remote one',
  DCS_PROJECT_ID: 'project ID (remote targets)',
  DCS_DOMAIN_ID: 'account (domain) ID, sent as X-Domain-Id',
  DCS_REGION: 'region name',
  DCS_TOKEN: 'IAM token (X-Auth-Token)',
  DCS_AK: 'access key ID for AK/SK signing',
  DCS_SK: 'secret access key for AK/SK signing',
  DCS_SECURITY_TOKEN: 'security token of temporary AK/SK',
} as const;

export type EnvVar = keyof typeof ENV_VARS;
export type Env = Partial<Record<string, string | undefined>>;

export interface EnvOverride {
  target: TargetConfig;
  /** Target field path -> the variable that set it. */
  provenance: Record<string, EnvVar>;
  /** Variables that took effect. */
  applied: EnvVar[];
}

export function envValue(env: Env, name: EnvVar): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

export function envMode(env: Env): Mode | undefined {
  const v = envValue(env, 'DCS_MODE');
  if (v === undefined) return undefined;
  if (v !== 'strict' && v !== 'lenient') throw new ConfigError('DCS_MODE', `must be "strict" or "lenient" (got "${v}")`, 'set DCS_MODE=strict to certify or DCS_MODE=lenient to explore, or unset it');
  return v;
}

const REMOTE_ONLY: EnvVar[] = ['DCS_PROJECT_ID', 'DCS_DOMAIN_ID', 'DCS_REGION', 'DCS_TOKEN', 'DCS_AK', 'DCS_SK', 'DCS_SECURITY_TOKEN'];

export function applyEnv(name: string, target: TargetConfig, env: Env): EnvOverride {
  const get = (v: EnvVar) => envValue(env, v);
  const applied: EnvVar[] = [];
  const provenance: Record<string, EnvVar> = {};
  const endpoint = get('DCS_ENDPOINT');

  if (target.kind === 'emulator' && !endpoint) {
    const stray = REMOTE_ONLY.find((v) => get(v) !== undefined);
    if (stray) {
      throw new ConfigError(stray, `is set, but target "${name}" is the embedded emulator, which makes its own project and credentials`, `set DCS_ENDPOINT to test a remote target, or unset ${stray}`);
    }
    return { target, provenance, applied };
  }

  // A remote target built from the environment, or the configured one with fields replaced.
  const remote: Record<string, unknown> = target.kind === 'remote' ? { ...target, auth: { ...target.auth } } : { kind: 'remote' };
  const set = (field: string, v: EnvVar) => {
    const value = get(v);
    if (value === undefined) return;
    remote[field] = value;
    provenance[field] = v;
    applied.push(v);
  };
  set('endpoint', 'DCS_ENDPOINT');
  set('projectId', 'DCS_PROJECT_ID');
  set('domainId', 'DCS_DOMAIN_ID');
  set('region', 'DCS_REGION');

  const token = get('DCS_TOKEN');
  const keys = (['DCS_AK', 'DCS_SK', 'DCS_SECURITY_TOKEN'] as const).filter((v) => get(v) !== undefined);
  if (token && keys.length) throw new ConfigError('DCS_TOKEN', `is set together with ${keys.join(', ')}`, 'authenticate one way: set DCS_TOKEN, or DCS_AK and DCS_SK');
  const current = (remote.auth ?? {}) as Partial<Record<string, string>>;
  if (token) {
    remote.auth = { token };
    provenance['auth.token'] = 'DCS_TOKEN';
    applied.push('DCS_TOKEN');
  } else if (keys.length) {
    const pair = 'ak' in current || 'sk' in current ? current : {};
    const auth: Record<string, string | undefined> = { ak: get('DCS_AK') ?? pair.ak, sk: get('DCS_SK') ?? pair.sk };
    const securityToken = get('DCS_SECURITY_TOKEN') ?? pair.securityToken;
    if (securityToken) auth.securityToken = securityToken;
    remote.auth = Object.fromEntries(Object.entries(auth).filter(([, v]) => v !== undefined)) as RemoteAuth;
    for (const [field, v] of [['auth.ak', 'DCS_AK'], ['auth.sk', 'DCS_SK'], ['auth.securityToken', 'DCS_SECURITY_TOKEN']] as const) {
      if (get(v) !== undefined) {
        provenance[field] = v;
        applied.push(v);
      }
    }
    // A half pair from the environment names the missing half's variable.
    if (auth.ak === undefined) provenance['auth.ak'] = 'DCS_AK';
    if (auth.sk === undefined) provenance['auth.sk'] = 'DCS_SK';
  }
  if (target.kind === 'emulator') {
    // Turned remote by DCS_ENDPOINT: what is missing can only come from the environment.
    provenance.projectId ??= 'DCS_PROJECT_ID';
    if (remote.auth === undefined) provenance.auth = 'DCS_TOKEN';
  }
  return { target: remote as unknown as TargetConfig, provenance, applied };
}
