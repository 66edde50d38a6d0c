import { afterEach, expect, test } from 'vitest';
import { TargetUnreachableError } from '../errors.ts';
import { freePort, startTestServer, type TestServer } from '../testing/server.ts';
import { assertReachable } from './reachable.ts';

let server: TestServer | undefined;
afterEach(async () => server?.close());

test('a listening target passes', async () => {
  server = await startTestServer();
  await expect(assertReachable(server.url)).resolves.toBeUndefined();
});

test('a refused port fails at once with TargetUnreachableError', async () => {
  const started = performance.now();
  const err = await assertReachable(`http://127.0.0.1:${await freePort()}`).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TargetUnreachableError);
  expect(err).toMatchObject({ code: 'DCS_TARGET_UNREACHABLE', message: expect.stringMatching(/ECONNREFUSED.*Fix:/) });
  expect(performance.now() - started).toBeLessThan(1_000);
});

test('a connect that hangs fails within the timeout', async () => {
  const started = performance.now();
  const err = await assertReachable('https://black-hole.invalid', { timeoutMs: 200, lookup: () => undefined }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TargetUnreachableError);
  expect((err as Error).message).toMatch(/within 200 ms/);
  expect(performance.now() - started).toBeLessThan(1_000);
});

test('a malformed endpoint is an argument error', async () => {
  await expect(assertReachable('not a url')).rejects.toMatchObject({ code: 'DCS_INVALID_ARGUMENT' });
});
