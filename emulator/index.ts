// startEmulator(): the embedded reference DCS server, in-process, for tests, suites and the CLI.
import { loadSpec } from '../spec/index.ts';
import { VirtualClock, type ClockMode } from './core/clock.ts';
import { defaultConfig, validateConfig, type EmulatorConfig } from './core/config.ts';
import { IdSource } from './core/ids.ts';
import { Scheduler } from './core/scheduler.ts';
import { Store } from './core/store.ts';
import { faultsById, installFaults } from './faults/index.ts';
import { buildServer } from './http/server.ts';
import { jitteredDurations } from './realism/jitter.ts';
import { realistic } from './realism/preset.ts';
import { ReadLag } from './realism/readLag.ts';
import { Throttle } from './realism/throttle.ts';
import { handlersOf } from './resources/index.ts';
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
  /**
   * Play a cloud endpoint (emulator/realism): no control API, real-time clock, durations of at least
   * 1 s with jitter, stale reads up to 500 ms, throttling. A `config` keeps its durations and realism.
   */
  realistic?: boolean;
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
  // A config given in code keeps its own durations (start from REALISTIC.durations for cloud-like ones).
  const given = opts.config ?? defaultConfig(seed, { realistic: !!opts.realistic });
  const config = opts.realistic ? realistic(given) : given;
  validateConfig(config);
  const faults = faultsById(opts.faults ?? []);
  const { spec, handlers, hooks } = installFaults(faults, { spec: await loadSpec(), handlers: { ...handlersOf(), ...opts.handlers } });
  // Randomness of the cloud's timing has its own source, so IDs stay the same for a seed.
  const chance = new IdSource(seed ^ 0x7a11);
  const random = () => chance.next();
  const r = config.realism;
  const serving = r ? { ...config, durations: jitteredDurations(config.durations, r.jitter, random) } : config;
  const clock = opts.clock ?? (opts.realistic ? { kind: 'real' as const } : { kind: 'manual' as const });
  const store = new Store(serving, new VirtualClock(clock), new IdSource(seed), new Scheduler());
  const realism = r ? { ...(r.readLagMs > 0 ? { readLag: new ReadLag(r.readLagMs, random) } : {}), ...(r.throttle ? { throttle: new Throttle(r.throttle) } : {}) } : undefined;
  const app = buildServer({ spec, store, config: serving, handlers, ...(hooks ? { hooks } : {}), ...(opts.wallNow ? { wallNow: opts.wallNow } : {}), ...(realism ? { realism } : {}) });
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
export type { RealismOptions } from './realism/options.ts';
export { REALISTIC } from './realism/preset.ts';
export type { EmulatorConfig } from './core/config.ts';
export { CONTROL_PREFIX, PENDING_HEADER, SEQ_HEADER, SETTLE_HEADER } from './http/controlProtocol.ts';
