// startEmulator(): the embedded reference DCS server, in-process, for tests, suites and the CLI.
import { loadSpec } from '../spec/index.ts';
import { VirtualClock, type ClockMode } from './core/clock.ts';
import { defaultConfig, validateConfig, type EmulatorConfig } from './core/config.ts';
import { IdSource } from './core/ids.ts';
import { Scheduler } from './core/scheduler.ts';
import { Store } from './core/store.ts';
import { buildServer } from './http/server.ts';
import { loadHandlers } from './resources/index.ts';
import type { Handler } from './resources/context.ts';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  clock?: ClockMode;
  config?: EmulatorConfig;
  /** Replace handlers (the fault catalog does); keyed by operationId. */
  handlers?: Record<string, Handler>;
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
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = opts.seed ?? 1;
  const config = opts.config ?? defaultConfig(seed);
  validateConfig(config);
  const spec = await loadSpec();
  const store = new Store(config, new VirtualClock(opts.clock ?? { kind: 'manual' }), new IdSource(seed), new Scheduler());
  const app = buildServer({ spec, store, config, handlers: { ...(await loadHandlers()), ...opts.handlers }, ...(opts.wallNow ? { wallNow: opts.wallNow } : {}) });
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
    close: () => app.close(),
  };
}

export type { ClockMode } from './core/clock.ts';
export type { EmulatorConfig } from './core/config.ts';
