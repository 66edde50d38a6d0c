// The config file format: named targets (the embedded emulator or a remote DCS endpoint), the
// checking mode, and connection settings. validateConfig() rejects a bad file at once, naming the
// key and the fix, before anything connects.
import { ConfigError } from './errors.ts';

/** Which errata readings conform (spec/src/errata.json `resolution`): strict certifies, lenient explores. */
export type Mode = 'strict' | 'lenient';

export interface ConnectionSettings {
  /** Per-request timeout, connect to last byte (ms). */
  timeoutMs?: number;
  /** Connect timeout (ms); keep it short so an unreachable target fails fast. */
  connectTimeoutMs?: number;
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Requests per second; remote targets default to DEFAULT_REMOTE_RATE. */
  rateLimit?: { requestsPerSecond: number; burst?: number };
}

/** What the target runs, as the certificate names it (flags --implementation-name/-version override). */
export interface Implementation {
  name: string;
  version?: string;
}

export interface EmulatorTarget extends ConnectionSettings {
  implementation?: Implementation;
  kind: 'emulator';
  port?: number;
  seed?: number;
  /** How the harness authenticates to the emulator (default token). */
  auth?: 'token' | 'aksk';
}

export type RemoteAuth = { token: string } | { ak: string; sk: string; securityToken?: string };

export interface RemoteTarget extends ConnectionSettings {
  kind: 'remote';
  implementation?: Implementation;
  /** e.g. https://dcs.ap-southeast-1.myhuaweicloud.com */
  endpoint: string;
  projectId: string;
  /** Sent as X-Domain-Id when set. */
  domainId?: string;
  region?: string;
  auth: RemoteAuth;
  /** Bounded polling where the emulator would move its clock: how long a state change may take. */
  poll?: { timeoutMs?: number; intervalMs?: number };
  /** How stale the target's reads may be: a read-back counts only this long after the last write (default 2000 ms). */
  consistency?: {
    readLagMs?: number;
    /**
     * The shortest time any state change of the target takes (a restart, a resize, a create…), when it
     * is known. A status reported as already over before this is a skipped transitional status, a
     * failure; unknown (default), the first read after a change may show it over and proves nothing.
     */
    minTransitionMs?: number;
  };
  /** Independent cases run at once, each on fixtures of its own (default 4): wall time follows the longest chain of waits. On a virtual clock (control API) only cases no other lane's settle can change share the lanes. */
  concurrency?: number;
  /**
   * The emulator's control API (/__emulator/clock): 'auto' (default) uses it when the target serves it,
   * so an emulator started apart runs in virtual time; false never looks; true requires it.
   */
  control?: 'auto' | boolean;
  /** Extra identities for the security checks; the checks that need one are skipped without it. */
  principals?: {
    /** A user of the same project whose IAM policy lacks write actions. */
    readonly?: RemoteAuth;
    /** A user of another project (tenant isolation). */
    other?: { projectId: string; auth: RemoteAuth };
  };
  /** Networks the run's instances are created in (real targets check them). */
  network?: { vpcId: string; subnetId: string; securityGroupId: string };
}

export type TargetConfig = EmulatorTarget | RemoteTarget;

export interface DcsConformanceConfig {
  /** Name of the target to use (default "emulator"). */
  target?: string;
  mode?: Mode;
  targets?: Record<string, TargetConfig>;
}

/** The handle the embedded emulator gives back; wired in by whoever starts the run. */
export interface StartedEmulator {
  url: string;
  projectId: string;
  token: string;
  ak: string;
  sk: string;
  close(): Promise<void>;
}

export type StartEmulator = (opts: { port?: number; seed?: number }) => Promise<StartedEmulator>;

export const DEFAULT_TARGET = 'emulator';
export const DEFAULT_REMOTE_RATE = { requestsPerSecond: 5 } as const;
/** A remote target's reads are trusted this long after a write unless the config says otherwise. */
export const DEFAULT_READ_LAG_MS = 2_000;
/** Lanes of a remote run unless the config says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

/** Typed helper for dcs-conformance.config.ts: `export default defineConfig({ … })`. */
export function defineConfig(config: DcsConformanceConfig): DcsConformanceConfig {
  return config;
}

type Raw = Record<string, unknown>;
/** Maps a field path inside a target ("auth.sk") to the name to report (an env variable that set it). */
export type KeyNamer = (field: string) => string;

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function onlyKeys(obj: Raw, allowed: readonly string[], key: (k: string) => string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new ConfigError(key(k), 'is not a known setting', `remove it or correct the spelling; allowed here: ${allowed.join(', ')}`);
  }
}

function positive(obj: Raw, field: string, key: KeyNamer, example: string, integer = false): void {
  const v = obj[field];
  if (v === undefined) return;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new ConfigError(key(field), `must be a positive ${integer ? 'integer' : 'number'} (got ${JSON.stringify(v)})`, `set it to e.g. ${example}`);
  }
}

function nonEmptyString(obj: Raw, field: string, key: KeyNamer, fix: string, required: boolean): void {
  const v = obj[field];
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || !v.trim()) throw new ConfigError(key(field), v === undefined ? 'is missing' : `must be a non-empty string (got ${JSON.stringify(v)})`, fix);
}

function validateConnection(t: Raw, key: KeyNamer): void {
  positive(t, 'timeoutMs', key, '30000');
  positive(t, 'connectTimeoutMs', key, '3000');
  if (t.retry !== undefined) {
    if (!isObject(t.retry)) throw new ConfigError(key('retry'), 'must be an object', 'e.g. { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 2000 }');
    const r = t.retry;
    onlyKeys(r, ['maxRetries', 'baseDelayMs', 'maxDelayMs'], (k) => key(`retry.${k}`));
    if (r.maxRetries !== undefined && (!Number.isInteger(r.maxRetries) || (r.maxRetries as number) < 0 || (r.maxRetries as number) > 10)) {
      throw new ConfigError(key('retry.maxRetries'), `must be an integer from 0 to 10 (got ${JSON.stringify(r.maxRetries)})`, 'use a small bound such as 2 (0 disables retries)');
    }
    positive(r, 'baseDelayMs', (k) => key(`retry.${k}`), '200');
    positive(r, 'maxDelayMs', (k) => key(`retry.${k}`), '2000');
  }
  if (t.rateLimit !== undefined) {
    if (!isObject(t.rateLimit)) throw new ConfigError(key('rateLimit'), 'must be an object', 'e.g. { requestsPerSecond: 5 }');
    onlyKeys(t.rateLimit, ['requestsPerSecond', 'burst'], (k) => key(`rateLimit.${k}`));
    if (t.rateLimit.requestsPerSecond === undefined) throw new ConfigError(key('rateLimit.requestsPerSecond'), 'is missing', 'set it, e.g. { requestsPerSecond: 5 }, or remove rateLimit');
    positive(t.rateLimit, 'requestsPerSecond', (k) => key(`rateLimit.${k}`), '5');
    positive(t.rateLimit, 'burst', (k) => key(`rateLimit.${k}`), '1', true);
  }
}

const CONNECTION_KEYS = ['timeoutMs', 'connectTimeoutMs', 'retry', 'rateLimit'] as const;

/** A name or version for a certificate: printable, one line, not absurdly long. */
export function checkLabel(value: unknown, key: string, example: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new ConfigError(key, value === undefined ? 'is missing' : `must be a non-empty string (got ${JSON.stringify(value)})`, `set it, e.g. ${example}`);
  if (value.length > 120 || [...value].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) throw new ConfigError(key, `must be one printable line of at most 120 characters (got ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''})`, `shorten it, e.g. ${example}`);
  return value.trim();
}

function validateImplementation(t: Raw, key: KeyNamer): void {
  if (t.implementation === undefined) return;
  if (!isObject(t.implementation)) throw new ConfigError(key('implementation'), 'must be an object', 'e.g. { name: "Acme Cache", version: "7.2.1" }');
  onlyKeys(t.implementation, ['name', 'version'], (k) => key(`implementation.${k}`));
  checkLabel(t.implementation.name, key('implementation.name'), '"Acme Cache"');
  if (t.implementation.version !== undefined) checkLabel(t.implementation.version, key('implementation.version'), '"7.2.1"');
}

function validateAuth(auth: unknown, key: KeyNamer): void {
  const fix = 'set auth to { token: "<IAM token>" } or { ak: "<access key>", sk: "<secret key>" } (or the DCS_TOKEN / DCS_AK and DCS_SK environment variables)';
  if (!isObject(auth)) throw new ConfigError(key('auth'), auth === undefined ? 'is missing: a remote target needs credentials' : 'must be an object', fix);
  const hasToken = auth.token !== undefined;
  const hasKeys = auth.ak !== undefined || auth.sk !== undefined;
  if (hasToken && hasKeys) throw new ConfigError(key('auth'), 'has both a token and an AK/SK pair', 'keep one way of authenticating');
  if (hasToken) {
    onlyKeys(auth, ['token'], (k) => key(`auth.${k}`));
    nonEmptyString(auth, 'token', (k) => key(`auth.${k}`), fix, true);
    return;
  }
  if (!hasKeys) throw new ConfigError(key('auth'), 'has neither token nor ak/sk', fix);
  onlyKeys(auth, ['ak', 'sk', 'securityToken'], (k) => key(`auth.${k}`));
  nonEmptyString(auth, 'ak', (k) => key(`auth.${k}`), 'set the access key (AK) that goes with the secret key', true);
  nonEmptyString(auth, 'sk', (k) => key(`auth.${k}`), 'set the secret key (SK) that goes with the access key', true);
  nonEmptyString(auth, 'securityToken', (k) => key(`auth.${k}`), 'set the temporary security token, or remove it for permanent keys', false);
}

function validateRunSettings(t: Raw, key: KeyNamer): void {
  if (t.poll !== undefined) {
    if (!isObject(t.poll)) throw new ConfigError(key('poll'), 'must be an object', 'e.g. { timeoutMs: 900000, intervalMs: 10000 }');
    onlyKeys(t.poll, ['timeoutMs', 'intervalMs'], (k) => key(`poll.${k}`));
    positive(t.poll, 'timeoutMs', (k) => key(`poll.${k}`), '900000');
    positive(t.poll, 'intervalMs', (k) => key(`poll.${k}`), '10000');
  }
  if (t.consistency !== undefined) {
    if (!isObject(t.consistency)) throw new ConfigError(key('consistency'), 'must be an object', 'e.g. { readLagMs: 2000 }: how stale the target\'s reads may be');
    onlyKeys(t.consistency, ['readLagMs', 'minTransitionMs'], (k) => key(`consistency.${k}`));
    const lag = t.consistency.readLagMs;
    if (lag !== undefined && (typeof lag !== 'number' || !(lag >= 0) || !Number.isFinite(lag))) throw new ConfigError(key('consistency.readLagMs'), `must be a non-negative number of milliseconds (got ${JSON.stringify(lag)})`, 'e.g. 2000; 0 when every read shows every earlier write');
    const min = t.consistency.minTransitionMs;
    if (min !== undefined && (typeof min !== 'number' || !(min > 0) || !Number.isFinite(min))) throw new ConfigError(key('consistency.minTransitionMs'), `must be a positive number of milliseconds (got ${JSON.stringify(min)})`, 'e.g. 10000 when no restart, resize or create of the target ends sooner; leave it out when unknown');
  }
  positive(t, 'concurrency', key, '4', true);
  if (t.concurrency !== undefined && (t.concurrency as number) > 64) throw new ConfigError(key('concurrency'), `must be at most 64 (got ${t.concurrency})`, 'e.g. 4; each lane makes fixtures of its own');
  if (t.control !== undefined && t.control !== 'auto' && typeof t.control !== 'boolean') throw new ConfigError(key('control'), `must be "auto", true or false (got ${JSON.stringify(t.control)})`, 'leave it out: "auto" uses the emulator\'s control API when the target serves one');
  if (t.principals !== undefined) {
    if (!isObject(t.principals)) throw new ConfigError(key('principals'), 'must be an object', 'e.g. { readonly: { token: "…" }, other: { projectId: "…", auth: { token: "…" } } }');
    const p = t.principals;
    onlyKeys(p, ['readonly', 'other'], (k) => key(`principals.${k}`));
    if (p.readonly !== undefined) validateAuth(p.readonly, (k) => key(`principals.readonly${k.replace(/^auth/, '')}`));
    if (p.other !== undefined) {
      if (!isObject(p.other)) throw new ConfigError(key('principals.other'), 'must be an object', 'e.g. { projectId: "…", auth: { token: "…" } }');
      onlyKeys(p.other, ['projectId', 'auth'], (k) => key(`principals.other.${k}`));
      nonEmptyString(p.other, 'projectId', (k) => key(`principals.other.${k}`), 'set the project ID the other user belongs to', true);
      validateAuth(p.other.auth, (k) => key(`principals.other.${k}`));
    }
  }
  if (t.network !== undefined) {
    if (!isObject(t.network)) throw new ConfigError(key('network'), 'must be an object', 'e.g. { vpcId: "…", subnetId: "…", securityGroupId: "…" }');
    onlyKeys(t.network, ['vpcId', 'subnetId', 'securityGroupId'], (k) => key(`network.${k}`));
    for (const f of ['vpcId', 'subnetId', 'securityGroupId']) nonEmptyString(t.network, f, (k) => key(`network.${k}`), 'set the ID of an existing VPC, subnet and security group of the project', true);
  }
}

/** Checks one target; `key` names a field for messages (config path or environment variable). */
export function validateTarget(t: unknown, key: KeyNamer): TargetConfig {
  if (!isObject(t)) throw new ConfigError(key(''), 'must be an object with a kind', 'e.g. { kind: "emulator" } or { kind: "remote", endpoint, projectId, auth }');
  if (t.kind === 'emulator') {
    onlyKeys(t, ['kind', 'port', 'seed', 'auth', 'implementation', ...CONNECTION_KEYS], key);
    if (t.port !== undefined && (!Number.isInteger(t.port) || (t.port as number) < 0 || (t.port as number) > 65535)) {
      throw new ConfigError(key('port'), `must be an integer from 0 to 65535 (got ${JSON.stringify(t.port)})`, 'use 0 (or omit it) for a free port');
    }
    if (t.seed !== undefined && !Number.isInteger(t.seed)) throw new ConfigError(key('seed'), `must be an integer (got ${JSON.stringify(t.seed)})`, 'e.g. 1');
    if (t.auth !== undefined && t.auth !== 'token' && t.auth !== 'aksk') throw new ConfigError(key('auth'), `must be "token" or "aksk" (got ${JSON.stringify(t.auth)})`, 'omit it for token authentication');
  } else if (t.kind === 'remote') {
    onlyKeys(t, ['kind', 'endpoint', 'projectId', 'domainId', 'region', 'auth', 'poll', 'consistency', 'concurrency', 'control', 'principals', 'network', 'implementation', ...CONNECTION_KEYS], key);
    nonEmptyString(t, 'endpoint', key, 'set the DCS endpoint URL, e.g. https://dcs.ap-southeast-1.myhuaweicloud.com (or DCS_ENDPOINT)', true);
    let url: URL | undefined;
    try {
      url = new URL(t.endpoint as string);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConfigError(key('endpoint'), `must be an absolute http(s) URL (got ${JSON.stringify(t.endpoint)})`, 'write it with its scheme, e.g. https://dcs.ap-southeast-1.myhuaweicloud.com');
    }
    nonEmptyString(t, 'projectId', key, 'set the project ID of the region (IAM console, "My Credentials"), or DCS_PROJECT_ID', true);
    nonEmptyString(t, 'domainId', key, 'set the account (domain) ID, or remove domainId', false);
    nonEmptyString(t, 'region', key, 'set the region name, e.g. ap-southeast-1, or remove region', false);
    validateAuth(t.auth, key);
    validateRunSettings(t, key);
  } else {
    throw new ConfigError(key('kind'), `must be "emulator" or "remote" (got ${JSON.stringify(t.kind)})`, 'use kind "emulator" for the embedded emulator or "remote" for a DCS endpoint');
  }
  validateConnection(t, key);
  validateImplementation(t, key);
  return t as unknown as TargetConfig;
}

/** Checks a whole config file's value; `source` names the file in messages. */
export function validateConfig(raw: unknown, source = 'config'): DcsConformanceConfig {
  if (!isObject(raw)) throw new ConfigError(source, 'must export an object', 'export default defineConfig({ targets: { … } }) or write a JSON object');
  onlyKeys(raw, ['target', 'mode', 'targets', '$schema'], (k) => k);
  if (raw.mode !== undefined && raw.mode !== 'strict' && raw.mode !== 'lenient') {
    throw new ConfigError('mode', `must be "strict" or "lenient" (got ${JSON.stringify(raw.mode)})`, 'use "strict" to certify, "lenient" to explore');
  }
  if (raw.targets !== undefined) {
    if (!isObject(raw.targets)) throw new ConfigError('targets', 'must be an object of named targets', 'e.g. { targets: { prod: { kind: "remote", … } } }');
    for (const [name, t] of Object.entries(raw.targets)) {
      if (!/^[\w.-]+$/.test(name)) throw new ConfigError(`targets.${name}`, 'has an unusable name', 'use letters, digits, ".", "_" or "-"');
      validateTarget(t, (f) => (f ? `targets.${name}.${f}` : `targets.${name}`));
    }
  }
  if (raw.target !== undefined) {
    const names = [DEFAULT_TARGET, ...Object.keys((raw.targets as Raw | undefined) ?? {})];
    if (typeof raw.target !== 'string' || !names.includes(raw.target)) {
      throw new ConfigError('target', `names no target (got ${JSON.stringify(raw.target)})`, `use one of: ${[...new Set(names)].join(', ')}`);
    }
  }
  return raw as DcsConformanceConfig;
}
