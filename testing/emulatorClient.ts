// A small client for the tests that run against an in-process emulator (the emulator's and the
// generators'): token auth, JSON in and out, the control clock. It is a scenario Driver
// (harness/scenario/driver.ts), so those tests build prerequisites with the same Scenario the suites use.
import type { Spec } from '../spec/index.ts';
import { type CallInit, type Driver, Scenario } from '../harness/index.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index.ts';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestClient extends Driver {
  emu: RunningEmulator;
  /** `path` may use {project_id}; it is filled with the emulator's project. */
  call(method: string, path: string, body?: unknown, init?: CallInit): Promise<Reply>;
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function testClient(opts: EmulatorOptions = {}): Promise<TestClient> {
  const emu = await startEmulator(opts);
  const call: TestClient['call'] = async (method, path, body, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? emu.token : init.token;
    if (token !== null) headers['x-auth-token'] = token;
    const payload = init.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(emu.url + path.replace('{project_id}', emu.projectId), { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    emu,
    projectId: emu.projectId,
    call,
    advance: async (ms) => void (await call('POST', `/__emulator/clock/advance?ms=${ms}`, undefined, { token: null })),
    settle: async () => void (await call('POST', '/__emulator/clock/settle', undefined, { token: null })),
    now: async () => ((await call('GET', '/__emulator/clock', undefined, { token: null })).body as { now: number }).now,
    diagnosis: (instanceId) => call('POST', `/__emulator/projects/${emu.projectId}/instances/${instanceId}/diagnosis`, undefined, { token: null }),
    close: () => emu.close(),
  };
}

/** A Scenario on a fresh in-process emulator. */
export async function emulatorScenario(spec: Spec, seed: number, opts: EmulatorOptions = {}): Promise<Scenario<TestClient>> {
  return new Scenario(await testClient({ seed, ...opts }), spec);
}
