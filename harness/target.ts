// Opens the configured target: starts the embedded emulator through the injected function, or
// builds credentials for a remote endpoint, then checks it answers on TCP before anything runs.
import { ConfigError, DEFAULT_REMOTE_RATE, type ResolvedConfig, type StartEmulator } from '../config/index.ts';
import { akskAuth } from './auth/aksk.ts';
import { authFromCredentials } from './auth/provider.ts';
import type { AuthProvider } from './auth/types.ts';
import { tokenAuth } from './auth/token.ts';
import type { TransportOptions } from './transport/client.ts';
import { assertReachable } from './transport/reachable.ts';

export interface OpenTarget {
  name: string;
  kind: 'emulator' | 'remote';
  endpoint: string;
  projectId: string;
  domainId?: string;
  region?: string;
  auth: AuthProvider;
  /** Transport settings from the config (X-Project-Id / X-Domain-Id headers included). */
  transport: Omit<TransportOptions, 'endpoint' | 'auth'>;
  close(): Promise<void>;
}

export interface OpenTargetDeps {
  /** Starts the embedded emulator; required when the target's kind is "emulator". */
  startEmulator?: StartEmulator;
}

export async function openTarget(config: ResolvedConfig, deps: OpenTargetDeps = {}): Promise<OpenTarget> {
  const t = config.target;
  const common = {
    ...(t.timeoutMs !== undefined ? { timeoutMs: t.timeoutMs } : {}),
    connectTimeoutMs: t.connectTimeoutMs ?? 3_000,
    ...(t.retry ? { retry: t.retry } : {}),
  };
  if (t.kind === 'emulator') {
    if (!deps.startEmulator) {
      throw new ConfigError(`targets.${config.targetName}`, 'is the embedded emulator, but no startEmulator function was given', 'pass { startEmulator } to openTarget/connect, or select a remote target (DCS_ENDPOINT or DCS_TARGET)');
    }
    const emu = await deps.startEmulator({ ...(t.port !== undefined ? { port: t.port } : {}), ...(t.seed !== undefined ? { seed: t.seed } : {}) });
    try {
      await assertReachable(emu.url, { timeoutMs: common.connectTimeoutMs });
    } catch (e) {
      await emu.close();
      throw e;
    }
    return {
      name: config.targetName,
      kind: 'emulator',
      endpoint: emu.url,
      projectId: emu.projectId,
      auth: t.auth === 'aksk' ? akskAuth({ ak: emu.ak, sk: emu.sk }) : tokenAuth(emu.token),
      transport: { ...common, ...(t.rateLimit ? { rateLimit: t.rateLimit } : {}), headers: { 'x-project-id': emu.projectId } },
      close: () => emu.close(),
    };
  }
  await assertReachable(t.endpoint, { timeoutMs: common.connectTimeoutMs });
  return {
    name: config.targetName,
    kind: 'remote',
    endpoint: t.endpoint,
    projectId: t.projectId,
    ...(t.domainId ? { domainId: t.domainId } : {}),
    ...(t.region ? { region: t.region } : {}),
    auth: authFromCredentials(t.auth),
    transport: { ...common, rateLimit: t.rateLimit ?? DEFAULT_REMOTE_RATE, headers: { 'x-project-id': t.projectId, ...(t.domainId ? { 'x-domain-id': t.domainId } : {}) } },
    close: async () => {},
  };
}
