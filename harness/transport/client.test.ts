// The transport against a throwaway local server: keep-alive, retries only where safe, bounded
// backoff, per-request timeout, unreachable targets, rate limit.
import { afterEach, describe, expect, test } from 'vitest';
import { InvalidArgumentError, RequestTimeoutError, TargetUnreachableError, TransportError } from '../errors.ts';
import { freePort, startTestServer, type Reply, type TestServer } from '../testing/server.ts';
import { createTransport, type Exchange, type Transport, type TransportOptions } from './client.ts';
import { RateLimiter } from './rateLimit.ts';

// Whatever a test opened, closed after it.
const open: { server?: TestServer; transport?: Transport } = {};
afterEach(async () => {
  await open.transport?.close();
  await open.server?.close();
  delete open.transport;
  delete open.server;
});

async function setup(handler: (i: number) => Reply, options: Partial<TransportOptions> = {}) {
  const server = (open.server = await startTestServer((_, i) => handler(i)));
  const exchanges: Exchange[] = [];
  const transport = (open.transport = createTransport({ endpoint: server.url, retry: { baseDelayMs: 5, maxDelayMs: 20 }, onExchange: (e) => exchanges.push(e), ...options }));
  return { server, transport, exchanges };
}

describe('requests and keep-alive', () => {
  test('sends JSON, parses JSON, and reuses keep-alive connections', async () => {
    const { server, transport } = await setup(() => ({ status: 200, body: { ok: true } }));
    for (let i = 0; i < 10; i++) {
      const res = await transport.send({ method: 'POST', path: '/v2/p/things', query: { limit: 2, tag: ['a', 'b'] }, json: { n: i } });
      expect(res).toMatchObject({ status: 200, json: { ok: true }, isJson: true, attempts: 1 });
    }
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/v2/p/things?limit=2&tag=a&tag=b' });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    expect(server.requests[4]!.body.toString()).toBe('{"n":4}');
    // undici may open a second socket while the first finishes its response; never one per request.
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  test('headers: later sources win (options, per attempt, per request, lower-cased), and any name is a header, __proto__ too', async () => {
    const { server, transport } = await setup(() => ({ status: 200, body: {} }), { headers: { 'X-Project-Id': 'from-options', 'x-a': 'options' }, attemptHeaders: () => ({ 'x-a': 'attempt', 'x-b': 'attempt' }) });
    const odd = JSON.parse('{"X-B": "request", "__proto__": "odd"}') as Record<string, string>;
    const res = await transport.send({ method: 'GET', path: '/x', headers: odd });
    expect(server.requests[0]!.headers).toMatchObject({ 'x-project-id': 'from-options', 'x-a': 'attempt', 'x-b': 'request', 'user-agent': 'dcs-conformance' });
    // Node's server cannot show a header of that name as a field; what was sent says it was one.
    expect(Object.keys(res.request.headers)).toContain('__proto__');
    expect(Object.getPrototypeOf(res.request.headers)).toBe(Object.prototype);
  });

  test('a raw body is sent byte for byte and wins over json', async () => {
    const { server, transport } = await setup(() => ({ status: 400, body: 'not json' }));
    const res = await transport.send({ method: 'PUT', path: '/x', body: '{"broken":', json: { ignored: true } });
    expect(server.requests[0]!.body.toString()).toBe('{"broken":');
    expect(res).toMatchObject({ status: 400, isJson: false, json: undefined, text: 'not json' });
  });

  test('bad arguments are named errors', async () => {
    expect(() => createTransport({ endpoint: 'dcs.example.com' })).toThrow(/not a URL.*Fix/);
    expect(() => createTransport({ endpoint: 'ftp://x' })).toThrow(/http\(s\)/);
    expect(() => createTransport({ endpoint: 'http://127.0.0.1:1', timeoutMs: -1 })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT' }));
    const { transport } = await setup(() => ({}));
    await expect(transport.send({ method: 'GET', path: 'no-slash' })).rejects.toMatchObject({ code: 'DCS_INVALID_ARGUMENT' });
  });
});

describe('retries', () => {
  const flaky = (status: number, failures = 2, body: object = {}) => (i: number): Reply => (i < failures ? { status, body } : { status: 200, body: { ok: true } });

  test.for(['GET', 'PUT', 'DELETE'])('%s is retried on 503 and 429', async (method) => {
    for (const status of [503, 429]) {
      const { server, transport } = await setup(flaky(status));
      const res = await transport.send({ method, path: '/r' });
      expect(res.status).toBe(200);
      expect(res.attempts).toBe(3);
      expect(server.requests).toHaveLength(3);
      await transport.close();
      await server.close();
    }
  });

  test('POST is never retried on 503 (it may have taken effect)', async () => {
    const { server, transport } = await setup(flaky(503));
    const res = await transport.send({ method: 'POST', path: '/r', json: {} });
    expect(res.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  test('a throttled request (429) was not processed: it is sent again whatever its method, after Retry-After', async () => {
    const { server, transport } = await setup((i) => (i < 1 ? { status: 429, headers: { 'retry-after': '1' }, body: {} } : { status: 200, body: { ok: true } }));
    const t0 = performance.now();
    const res = await transport.send({ method: 'POST', path: '/r', json: {} });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - t0).toBeGreaterThanOrEqual(990);
  });

  test('throttling retries are bounded: past throttle.maxRetries the 429 is the answer', async () => {
    const { server, transport } = await setup(() => ({ status: 429, body: {} }), { retry: { baseDelayMs: 1, maxDelayMs: 2, throttle: { statuses: [429], maxRetries: 3, maxDelayMs: 5 } } });
    expect((await transport.send({ method: 'POST', path: '/r', json: {} })).status).toBe(429);
    expect(server.requests).toHaveLength(4);
  });

  test('other statuses are not retried', async () => {
    for (const status of [500, 502, 400, 404]) {
      const { server, transport } = await setup(flaky(status));
      expect((await transport.send({ method: 'GET', path: '/r' })).status).toBe(status);
      expect(server.requests).toHaveLength(1);
      await transport.close();
      await server.close();
    }
  });

  test('a throttling error code is retried whatever the status; other codes are not', async () => {
    const { server, transport } = await setup(flaky(400, 1, { error_code: 'THROTTLED.1' }), { retry: { baseDelayMs: 1, maxDelayMs: 5, codes: ['THROTTLED.1'] } });
    expect((await transport.send({ method: 'GET', path: '/r' })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    await transport.close();
    await server.close();
    const other = await setup(flaky(400, 1, { error_code: 'DCS.4063' }), { retry: { codes: ['THROTTLED.1'] } });
    expect((await other.transport.send({ method: 'GET', path: '/r' })).status).toBe(400);
    expect(other.server.requests).toHaveLength(1);
  });

  test('retry: false sends exactly once; maxRetries bounds the attempts', async () => {
    const { server, transport } = await setup(() => ({ status: 503 }), { retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    expect((await transport.send({ method: 'GET', path: '/r', retry: false })).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    const res = await transport.send({ method: 'GET', path: '/r' });
    expect(res).toMatchObject({ status: 503, attempts: 4 });
    expect(server.requests).toHaveLength(5);
  });

  test('backoff is bounded by maxDelayMs, Retry-After included', async () => {
    const maxDelayMs = 60;
    const { server, transport } = await setup(() => ({ status: 503, headers: { 'retry-after': '3600' } }), { retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs } });
    const started = performance.now();
    const res = await transport.send({ method: 'GET', path: '/r' });
    const elapsed = performance.now() - started;
    expect(res.attempts).toBe(4);
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
    // Retry-After asks for an hour; each wait is capped at maxDelayMs (plus scheduling slack).
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(maxDelayMs - 5);
    for (const g of gaps) expect(g).toBeLessThan(maxDelayMs + 250);
    expect(elapsed).toBeLessThan(3 * maxDelayMs + 750);
  });
});

describe('timeouts and unreachable targets', () => {
  test('the per-request timeout fires with RequestTimeoutError, and is not retried', async () => {
    const { server, transport } = await setup(() => ({ status: 200, body: {}, delayMs: 2_000 }));
    const started = performance.now();
    const err = await transport.send({ method: 'GET', path: '/slow', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toMatchObject({ code: 'DCS_REQUEST_TIMEOUT', timeoutMs: 150 });
    expect((err as Error).message).toMatch(/Fix:/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  test('the timeout also bounds reading the body: headers came, the rest stalls', async () => {
    const { transport } = await setup(() => ({ status: 200, body: { items: 'x'.repeat(1000) }, stallBodyMs: 2_000 }));
    const started = performance.now();
    const err = await transport.send({ method: 'GET', path: '/stalls', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a refused connection fails fast with TargetUnreachableError', async () => {
    const port = await freePort();
    const transport = (open.transport = createTransport({ endpoint: `http://127.0.0.1:${port}` }));
    const started = performance.now();
    const err = await transport.send({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnreachableError);
    expect(err).toMatchObject({ code: 'DCS_TARGET_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a connect that never completes fails within connectTimeoutMs', async () => {
    // A DNS lookup that never answers stands in for a black-holed address, without leaving the machine.
    const transport = (open.transport = createTransport({ endpoint: 'http://black-hole.invalid:80', connectTimeoutMs: 300, timeoutMs: 10_000, lookup: () => undefined }));
    const started = performance.now();
    const err = await transport.send({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnreachableError);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test('a request still waiting for a connection fails at its own deadline, not when a connection frees', async () => {
    const { transport } = await setup((i) => (i === 0 ? { status: 200, body: {}, delayMs: 1_000 } : { status: 200, body: {} }), { connections: 1 });
    const slow = transport.send({ method: 'GET', path: '/slow', retry: false });
    const started = performance.now();
    const err = await transport.send({ method: 'GET', path: '/queued', timeoutMs: 150, retry: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(performance.now() - started).toBeLessThan(800);
    expect((await slow).status).toBe(200);
  });

  test('a request the HTTP client will not send is a named argument error, sent once, and leaves no connection stuck', async () => {
    const { server, transport, exchanges } = await setup(() => ({ status: 200, body: { ok: true } }), { connections: 1 });
    for (const headers of [{ 'x-name': '缓存' }, { 'x-bad': 'a\r\nInjected: 1' }, { 'bad name': 'x' }, { expect: '100-continue' }] as Record<string, string>[]) {
      const err = await transport.send({ method: 'GET', path: '/x', headers }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/was not sent: the HTTP client refuses it .*Fix:/);
    }
    expect(server.requests).toHaveLength(0);
    expect(exchanges.map((e) => e.error?.code)).toEqual(Array(4).fill('DCS_INVALID_ARGUMENT'));
    // With one connection, one refusal used to leave it marked busy for good: this waited forever.
    expect(await transport.send({ method: 'GET', path: '/x', timeoutMs: 2_000 })).toMatchObject({ status: 200, json: { ok: true } });
  });

  test('a connection dropped mid-request is retried for GET, not for POST', async () => {
    const { server, transport } = await setup((i) => (i === 0 ? { destroy: true } : { status: 200, body: { ok: true } }));
    const res = await transport.send({ method: 'GET', path: '/r' });
    expect(res).toMatchObject({ status: 200, attempts: 2 });
    await transport.close();
    await server.close();
    const post = await setup(() => ({ destroy: true }));
    const err = await post.transport.send({ method: 'POST', path: '/r', json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'DCS_TRANSPORT_FAILED', attempts: 1 });
    expect(post.server.requests).toHaveLength(1);
  });
});

describe('rate limit', () => {
  test('spaces requests to the configured rate', async () => {
    const { server, transport } = await setup(() => ({ status: 200 }), { rateLimit: { requestsPerSecond: 20 } });
    await Promise.all(Array.from({ length: 6 }, () => transport.send({ method: 'GET', path: '/r' })));
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(40);
    expect(server.requests.at(-1)!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(5 * 45);
  });

  test('a 429 pauses everyone sharing the limiter for its Retry-After and halves the rate', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 100, burst: 1 });
    const { server, transport } = await setup((i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: {} } : { status: 200, body: {} }), { limiter });
    const other = createTransport({ endpoint: server.url, limiter });
    const first = transport.send({ method: 'GET', path: '/r' });
    await new Promise((r) => setTimeout(r, 50));
    await other.send({ method: 'GET', path: '/other' });
    await first;
    await other.close();
    // The other transport's request waited out the Retry-After the first one was given.
    const otherAt = server.requests.find((r) => r.url === '/other')!.at;
    expect(otherAt - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(limiter.throttles).toBe(1);
    expect(limiter.currentRate).toBeLessThan(100);
  });

  test('without a limit the same requests are not spaced', async () => {
    const { server, transport } = await setup(() => ({ status: 200 }));
    await Promise.all(Array.from({ length: 6 }, () => transport.send({ method: 'GET', path: '/r' })));
    expect(server.requests.at(-1)!.at - server.requests[0]!.at).toBeLessThan(200);
  });
});

describe('exchanges', () => {
  test('every attempt is reported with what was sent and what came back', async () => {
    const { transport, exchanges } = await setup((i) => (i === 0 ? { status: 503 } : { status: 200, body: { ok: 1 } }));
    await transport.send({ method: 'GET', path: '/r' });
    expect(exchanges.map((e) => [e.attempt, e.response?.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(exchanges[0]!.request).toMatchObject({ method: 'GET', url: expect.stringMatching(/\/r$/) });
  });

  test('a failed attempt is reported with its error code', async () => {
    const port = await freePort();
    const exchanges: Exchange[] = [];
    const transport = (open.transport = createTransport({ endpoint: `http://127.0.0.1:${port}`, onExchange: (e) => exchanges.push(e) }));
    await expect(transport.send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(TargetUnreachableError);
    expect(exchanges[0]!.error?.code).toBe('DCS_TARGET_UNREACHABLE');
  });
});
