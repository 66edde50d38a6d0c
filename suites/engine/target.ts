// The target a run talks to, as plain data so it crosses into test workers: where it is, how to
// authenticate, the emulator's control API when it is the embedded emulator, and the extra identities
// the security checks use. startTarget() opens one from the config (starting the emulator if asked).
import { DEFAULT_REMOTE_RATE, loadConfig, type LoadOptions, type RemoteAuth } from '../../config/index.ts';
import { assertReachable, type AkSkCredentials, type Credentials } from '../../harness/index.ts';
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
  rateLimit?: { requestsPerSecond: number; burst?: number };
  timeoutMs?: number;
  network?: { vpc_id: string; subnet_id: string; security_group_id: string };
  headers: Record<string, string>;
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
        headers: { 'x-project-id': emu.projectId },
      },
      close: () => emu.close(),
    };
  }
  await assertReachable(t.endpoint, { timeoutMs: t.connectTimeoutMs ?? 3_000 });
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
      poll: { ...DEFAULT_POLL, ...t.poll },
      // Throttling is respected by default: a remote target gets the harness's polite rate.
      rateLimit: t.rateLimit ?? DEFAULT_REMOTE_RATE,
      ...(t.timeoutMs ? { timeoutMs: t.timeoutMs } : {}),
      ...(t.network ? { network: { vpc_id: t.network.vpcId, subnet_id: t.network.subnetId, security_group_id: t.network.securityGroupId } } : {}),
      headers: { 'x-project-id': t.projectId, ...(t.domainId ? { 'x-domain-id': t.domainId } : {}) },
    },
    close: async () => {},
  };
}
