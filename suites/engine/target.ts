// The target a run talks to, as plain data so it crosses into test workers: where it is, how to
// authenticate, the emulator's control API when it is the embedded emulator, and the extra identities
// the security checks use. startTarget() opens one from the config (starting the emulator if asked).
import { request } from 'undici';
import { DEFAULT_CONCURRENCY, DEFAULT_READ_LAG_MS, DEFAULT_REMOTE_RATE, loadConfig, type LoadOptions, type RemoteAuth } from '../../config/index.ts';
import { loadSpec } from '../../spec/index.ts';
import { assertReachable, authFromCredentials, createClient, RequestTimeoutError, TargetUnreachableError, type AkSkCredentials, type Credentials } from '../../harness/index.ts';
import { LANE_FOOTPRINT, VIRTUAL_CLOCK_LANES } from './lanes.ts';
import { remainingFrom } from './quota.ts';
import { startEmulator, type EmulatorOptions } from '../../emulator/index.ts';
import { DEFAULT_POLL, type PollSettings } from './driver.ts';

export interface TargetDescriptor {
  kind: 'emulator' | 'remote';
  name: string;
  endpoint: string;
  projectId: string;
  credentials: Credentials;
  /** Emulator only: base URL of the control API (the clock). */
  control?: string;
  principals: {
    readonly?: Credentials;
    other?: { projectId: string; credentials: Credentials };
    /** The run's own access key pair, when there is one (AK/SK signature checks). */
    aksk?: AkSkCredentials;
  };
  poll: PollSettings;
  /** How stale the target's reads may be: 0 on the embedded emulator, whose reads are always fresh. */
  consistency: { readLagMs: number; minTransitionMs?: number };
  /** Cases run at once, each on fixtures of its own; on a virtual clock only those that are clockFree (lanes.ts runsAlone). */
  concurrency: number;
  rateLimit?: { requestsPerSecond: number; burst?: number };
  timeoutMs?: number;
  network?: { vpc_id: string; subnet_id: string; security_group_id: string };
  headers: Record<string, string>;
  /** What opening the target decided that a user should read (concurrency lowered to fit the quota…). */
  notes?: string[];
}

const EMULATOR_POLL: PollSettings = { timeoutMs: 5_000, intervalMs: 20 };

export interface StartedTarget {
  descriptor: TargetDescriptor;
  close(): Promise<void>;
}

export interface StartTargetOptions extends LoadOptions {
  /** Options for the embedded emulator (seed, faults, clock). */
  emulator?: EmulatorOptions;
}

const creds = (a: RemoteAuth): Credentials => ('token' in a ? { token: a.token } : { ak: a.ak, sk: a.sk, ...(a.securityToken ? { securityToken: a.securityToken } : {}) });

/** Starts the embedded emulator or checks the remote endpoint answers (fast, named failure when not). */
export async function startTarget(options: StartTargetOptions = {}): Promise<StartedTarget> {
  const config = await loadConfig(options);
  const t = config.target;
  if (t.kind === 'emulator') {
    const emu = await startEmulator({ ...(t.port !== undefined ? { port: t.port } : {}), ...(t.seed !== undefined ? { seed: t.seed } : {}), ...options.emulator });
    const user = (name: string) => emu.config.users.find((u) => u.name === name);
    const readonly = user('readonly');
    const other = user('other');
    return {
      descriptor: {
        kind: 'emulator',
        name: config.targetName,
        endpoint: emu.url,
        projectId: emu.projectId,
        credentials: t.auth === 'aksk' ? { ak: emu.ak, sk: emu.sk } : { token: emu.token },
        ...(emu.config.controlApi === false ? {} : { control: emu.url }),
        principals: {
          ...(readonly ? { readonly: { token: readonly.token } } : {}),
          ...(other ? { other: { projectId: other.projects[0]!, credentials: { token: other.token } } } : {}),
          aksk: { ak: emu.ak, sk: emu.sk },
        },
        // settle() finishes everything on the emulator: a prerequisite still not ready is a bug, found in seconds.
        poll: EMULATOR_POLL,
        consistency: { readLagMs: 0 },
        concurrency: VIRTUAL_CLOCK_LANES,
        headers: { 'x-project-id': emu.projectId },
      },
      close: () => emu.close(),
    };
  }
  await assertReachable(t.endpoint, { timeoutMs: t.connectTimeoutMs ?? 3_000 });
  // An emulator started apart (a CI service container) still has its clock: run in virtual time.
  const control = t.control === false ? undefined : (await serveControl(t.endpoint, t.connectTimeoutMs ?? 3_000)) ? t.endpoint : undefined;
  if (t.control === true && !control) throw new TargetUnreachableError(t.endpoint, 'control: true, but it does not serve the emulator control API at /__emulator/clock');
  const headers = { 'x-project-id': t.projectId, ...(t.domainId ? { 'x-domain-id': t.domainId } : {}) };
  const wanted = t.concurrency ?? (control ? VIRTUAL_CLOCK_LANES : DEFAULT_CONCURRENCY);
  const lanes = wanted > 1 ? await lanesForQuota(wanted, { endpoint: t.endpoint, projectId: t.projectId, credentials: creds(t.auth), headers, ...(t.timeoutMs ? { timeoutMs: t.timeoutMs } : {}) }) : { lanes: wanted, notes: [] };
  return {
    descriptor: {
      kind: 'remote',
      name: config.targetName,
      endpoint: t.endpoint,
      projectId: t.projectId,
      credentials: creds(t.auth),
      principals: {
        ...(t.principals?.readonly ? { readonly: creds(t.principals.readonly) } : {}),
        ...(t.principals?.other ? { other: { projectId: t.principals.other.projectId, credentials: creds(t.principals.other.auth) } } : {}),
        ...('ak' in t.auth ? { aksk: creds(t.auth) as AkSkCredentials } : {}),
      },
      ...(control ? { control } : {}),
      poll: control ? EMULATOR_POLL : { ...DEFAULT_POLL, ...t.poll },
      consistency: { readLagMs: control ? 0 : (t.consistency?.readLagMs ?? DEFAULT_READ_LAG_MS), ...(t.consistency?.minTransitionMs ? { minTransitionMs: t.consistency.minTransitionMs } : {}) },
      concurrency: lanes.lanes,
      ...(lanes.notes.length ? { notes: lanes.notes } : {}),
      // Throttling is respected by default: a remote target gets the harness's polite rate.
      rateLimit: t.rateLimit ?? DEFAULT_REMOTE_RATE,
      ...(t.timeoutMs ? { timeoutMs: t.timeoutMs } : {}),
      ...(t.network ? { network: { vpc_id: t.network.vpcId, subnet_id: t.network.subnetId, security_group_id: t.network.securityGroupId } } : {}),
      headers,
    },
    close: async () => {},
  };
}

/**
 * Lanes that fit the tenant's instance quota (LANE_FOOTPRINT each): a run must not starve itself into
 * quota refusals. Unreadable quota: the lanes asked for.
 */
async function lanesForQuota(wanted: number, t: { endpoint: string; projectId: string; credentials: Credentials; headers: Record<string, string>; timeoutMs?: number }): Promise<{ lanes: number; notes: string[] }> {
  const spec = await loadSpec();
  const client = createClient({ spec, endpoint: t.endpoint, projectId: t.projectId, auth: authFromCredentials(t.credentials), transport: { headers: t.headers, ...(t.timeoutMs ? { timeoutMs: t.timeoutMs } : {}) } });
  try {
    const r = await client.call('ShowQuotaOfTenant').catch((e: unknown) => {
      // Connections accepted, no answer: the target is not usable, and a run would only time out.
      if (e instanceof RequestTimeoutError) throw new TargetUnreachableError(new URL(t.endpoint).origin, `it accepted the connection but did not answer ShowQuotaOfTenant within ${e.timeoutMs} ms`);
      throw e;
    });
    if (r.status !== 200) return { lanes: wanted, notes: [`could not read the tenant quota (${r.status}): running ${wanted} case(s) at once as configured`] };
    const left = remainingFrom(spec, r.json).instances;
    const fit = Math.max(1, Math.floor(left / LANE_FOOTPRINT));
    return fit >= wanted ? { lanes: wanted, notes: [] } : { lanes: fit, notes: [`concurrency ${wanted} lowered to ${fit}: the tenant has ${left} instance(s) of quota left, and each lane may hold ${LANE_FOOTPRINT}`] };
  } finally {
    await client.close();
  }
}

/** Whether the endpoint serves the emulator's control clock (GET /__emulator/clock answers its state). */
export async function serveControl(endpoint: string, timeoutMs: number): Promise<boolean> {
  try {
    const url = new URL(`${endpoint.replace(/\/+$/, '')}/__emulator/clock`);
    const r = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await r.body.text();
    if (r.statusCode !== 200) return false;
    const body = JSON.parse(text) as { now?: unknown; pending?: unknown };
    return typeof body.now === 'number' && typeof body.pending === 'number';
  } catch {
    return false;
  }
}
