// Opening targets: the emulator through the injected startEmulator (a stand-in server here), remote
// endpoints with their credentials, and an unreachable target failing fast with a named error.
import { afterEach, expect, test, vi } from 'vitest';
import { resolveConfig } from '../config/load.ts';
import type { StartEmulator } from '../config/schema.ts';
import { ConfigError } from '../config/index.ts';
import { TargetUnreachableError } from './errors.ts';
import { openTarget } from './target.ts';
import { freePort, startTestServer, type TestServer } from './testing/server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fakeEmulator(srv: TestServer) {
  const close = vi.fn(async () => {});
  const start: StartEmulator = vi.fn(async () => ({ url: srv.url, projectId: 'emu-project', token: 'emu-token-1234', ak: 'EMUAK', sk: 'emu-sk-5678', close }));
  return { start, close };
}

test('the default target starts the emulator through the injected function, with token auth', async () => {
  server = await startTestServer();
  const { start, close } = fakeEmulator(server);
  const t = await openTarget(resolveConfig({ targets: { emulator: { kind: 'emulator', seed: 9, port: 0 } } }, { env: {} }), { startEmulator: start });
  expect(start).toHaveBeenCalledWith({ seed: 9, port: 0 });
  expect(t).toMatchObject({ kind: 'emulator', endpoint: server.url, projectId: 'emu-project', transport: { headers: { 'x-project-id': 'emu-project' } } });
  expect(t.auth.kind).toBe('token');
  expect(t.auth.secrets).toEqual([{ value: 'emu-token-1234', env: 'DCS_TOKEN' }]);
  await t.close();
  expect(close).toHaveBeenCalledOnce();
});

test('the emulator can be driven over AK/SK', async () => {
  server = await startTestServer();
  const t = await openTarget(resolveConfig({ targets: { emulator: { kind: 'emulator', auth: 'aksk' } } }, { env: {} }), { startEmulator: fakeEmulator(server).start });
  expect(t.auth.kind).toBe('aksk');
  expect(t.auth.secrets).toContainEqual({ value: 'emu-sk-5678', env: 'DCS_SK' });
});

test('an emulator target without startEmulator is a config error with the fix', async () => {
  await expect(openTarget(resolveConfig({}, { env: {} }))).rejects.toSatisfy((e: unknown) => e instanceof ConfigError && /startEmulator/.test(e.fix));
});

test('a remote target gets its credentials, headers and the default rate limit', async () => {
  server = await startTestServer();
  const cfg = resolveConfig({}, { env: { DCS_ENDPOINT: server.url, DCS_PROJECT_ID: 'p9', DCS_DOMAIN_ID: 'd9', DCS_AK: 'AK9', DCS_SK: 'SK9-secret' } });
  const t = await openTarget(cfg);
  expect(t).toMatchObject({ kind: 'remote', endpoint: server.url, projectId: 'p9', domainId: 'd9', transport: { headers: { 'x-project-id': 'p9', 'x-domain-id': 'd9' }, rateLimit: { requestsPerSecond: 5 } } });
  expect(t.auth.kind).toBe('aksk');
});

test('an unreachable remote target fails fast with TargetUnreachableError', async () => {
  const cfg = resolveConfig({}, { env: { DCS_ENDPOINT: `http://127.0.0.1:${await freePort()}`, DCS_PROJECT_ID: 'p', DCS_TOKEN: 't' } });
  const started = performance.now();
  await expect(openTarget(cfg)).rejects.toBeInstanceOf(TargetUnreachableError);
  expect(performance.now() - started).toBeLessThan(2_000);
});
