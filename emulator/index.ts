// startEmulator(): the embedded reference DCS server, in-process, for tests, suites and the CLI.
import { loadSpec } from '../spec/index.ts';
import { VirtualClock, type ClockMode } from './core/clock.ts';
import { defaultConfig, validateConfig, type EmulatorConfig } from './core/config.ts';
import { IdSource } from './core/ids.ts';
import { Scheduler } from './core/scheduler.ts';
import { Store } from './core/store.ts';
import { faultsById, installFaults } from './faults/index.ts';
import { buildServer } from './http/server.ts';
import { loadHandlers } from './resources/index.ts';
import type { Handler } from './resources/context.ts';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  clock?: ClockMode;
  config?: EmulatorConfig;
  /** Replace handlers; keyed by operationId. */
  handlers?: Record<string, Handler>;
  /** Fault ids (emulator/faults) to switch on: deliberate departures from the reference. Unknown ids throw. */
  faults?: string[];
  wallNow?: () => number;
}

export interface RunningEmulator {
  url: string;
  projectId: string;
  token: string;
  ak: string;
  sk: string;
  config: EmulatorConfig;
  store: Store;
  /** The faults switched on (empty: the faithful emulator). */
  faults: string[];
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = opts.seed ?? 1;
  const config = opts.config ?? defaultConfig(seed);
  validateConfig(config);
  const faults = faultsById(opts.faults ?? []);
  const { spec, handlers, hooks } = installFaults(faults, { spec: await loadSpec(), handlers: { ...(await loadHandlers()), ...opts.handlers } });
  const store = new Store(config, new VirtualClock(opts.clock ?? { kind: 'manual' }), new IdSource(seed), new Scheduler());
  const app = buildServer({ spec, store, config, handlers, ...(hooks ? { hooks } : {}), ...(opts.wallNow ? { wallNow: opts.wallNow } : {}) });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const admin = config.users[0]!;
  return {
    url: `http://${host}:${port}`,
    projectId: admin.projects[0]!,
    token: admin.token,
    ak: admin.ak,
    sk: admin.sk,
    config,
    store,
    faults: faults.map((f) => f.id),
    close: () => app.close(),
  };
}

export type { ClockMode } from './core/clock.ts';
export type { EmulatorConfig } from './core/config.ts';
