// A small client for the emulator's own tests: token auth, JSON in and out, the control clock.
// (Suites use harness/; this stays minimal so emulator tests do not depend on the harness.)
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../index.ts';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestClient {
  emu: RunningEmulator;
  /** `path` may use {project_id}; it is filled with the emulator's project. */
  call(method: string, path: string, body?: unknown, init?: { headers?: Record<string, string>; raw?: string; token?: string | null }): Promise<Reply>;
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
    call,
    advance: async (ms) => void (await call('POST', `/__emulator/clock/advance?ms=${ms}`, undefined, { token: null })),
    settle: async () => void (await call('POST', '/__emulator/clock/settle', undefined, { token: null })),
    close: () => emu.close(),
  };
}
