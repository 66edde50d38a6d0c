// Token and AK/SK providers through the real transport, verified by a local server with the
// sdkHmacSha256 primitives: every attempt signed afresh, every signed part tamper-evident.
import { afterEach, describe, expect, test } from 'vitest';
import { startTestServer, type Recorded, type TestServer } from '../testing/server.ts';
import { verifyAkSk } from '../testing/verify.ts';
import { createTransport, type Transport } from '../transport/client.ts';
import { akskAuth } from './aksk.ts';
import { authFromCredentials, noAuth } from './provider.ts';
import { tokenAuth } from './token.ts';

const AK = 'HPUA1EXAMPLEACCESSKEY';
const SK = 'sk-0123456789abcdefSECRET';

// Whatever a test opened, closed after it.
const open: { server?: TestServer; transport?: Transport } = {};
afterEach(async () => {
  await open.transport?.close();
  await open.server?.close();
  delete open.transport;
  delete open.server;
});

describe('token', () => {
  test('X-Auth-Token plus X-Project-Id / X-Domain-Id when configured; no signature', async () => {
    const server = (open.server = await startTestServer());
    const transport = (open.transport = createTransport({ endpoint: server.url, auth: tokenAuth('tok-123456'), headers: { 'X-Project-Id': 'p1', 'X-Domain-Id': 'd1' } }));
    await transport.send({ method: 'GET', path: '/v2/p1/instances' });
    const h = server.requests[0]!.headers;
    expect(h).toMatchObject({ 'x-auth-token': 'tok-123456', 'x-project-id': 'p1', 'x-domain-id': 'd1' });
    expect(h.authorization).toBeUndefined();
    expect(h['x-sdk-date']).toBeUndefined();
  });

  test('a request can drop credentials (security tests)', async () => {
    const server = (open.server = await startTestServer());
    const transport = (open.transport = createTransport({ endpoint: server.url, auth: tokenAuth('tok-123456') }));
    await transport.send({ method: 'GET', path: '/x', auth: noAuth });
    expect(server.requests[0]!.headers['x-auth-token']).toBeUndefined();
  });

  test('empty credentials are refused with the fix', () => {
    expect(() => tokenAuth('')).toThrow(/non-empty token.*Fix/);
    expect(() => akskAuth({ ak: 'a', sk: '' })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT' }));
    expect(() => authFromCredentials({} as never)).toThrow(/token.*ak, sk/);
    expect(authFromCredentials({ token: 't' }).kind).toBe('token');
    expect(authFromCredentials({ ak: 'a', sk: 's' }).kind).toBe('aksk');
  });
});

describe('AK/SK (SDK-HMAC-SHA256)', () => {
  async function signedRequests(handler?: Parameters<typeof startTestServer>[0], now?: () => number) {
    const server = (open.server = await startTestServer(handler));
    const transport = (open.transport = createTransport({
      endpoint: server.url,
      auth: akskAuth({ ak: AK, sk: SK }),
      headers: { 'X-Project-Id': 'proj', 'X-Domain-Id': 'dom' },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      ...(now ? { now } : {}),
    }));
    return { server, transport };
  }

  test('requests verify on the server; signed headers follow the Go SDK rule', async () => {
    const { server, transport } = await signedRequests();
    await transport.send({ method: 'POST', path: '/v2/proj/instances', query: { name: 'a b/c', lang: '一', flag: true }, json: { name: 'x', capacity: 0.125 } });
    await transport.send({ method: 'GET', path: '/v2/proj/instances/abc%20def' });
    await transport.send({ method: 'DELETE', path: '/v2/proj/instances', query: { all_failure: '' } });
    for (const req of server.requests) expect(verifyAkSk(req, SK)).toMatchObject({ ok: true });
    const { signedHeaders } = verifyAkSk(server.requests[0]!, SK);
    expect(signedHeaders).toEqual(['host', 'user-agent', 'x-domain-id', 'x-project-id', 'x-sdk-date']);
    expect(server.requests[0]!.headers.authorization).toMatch(new RegExp(`^SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=\\S+, Signature=[0-9a-f]{64}$`));
    expect(verifyAkSk(server.requests[0]!, 'wrong-sk').ok).toBe(false);
  });

  test('temporary credentials send and sign X-Security-Token', async () => {
    const server = (open.server = await startTestServer());
    const transport = (open.transport = createTransport({ endpoint: server.url, auth: akskAuth({ ak: AK, sk: SK, securityToken: 'sec-tok-999' }) }));
    await transport.send({ method: 'GET', path: '/v2/p/quota' });
    expect(server.requests[0]!.headers['x-security-token']).toBe('sec-tok-999');
    expect(verifyAkSk(server.requests[0]!, SK)).toMatchObject({ ok: true, signedHeaders: expect.arrayContaining(['x-security-token']) });
  });

  test('every retry is signed afresh with a new X-Sdk-Date', async () => {
    let clock = Date.UTC(2025, 4, 13, 8, 0, 0);
    const { server, transport } = await signedRequests(
      (_, i) => (i < 2 ? { status: 503 } : { status: 200, body: {} }),
      () => (clock += 1_000),
    );
    const res = await transport.send({ method: 'PUT', path: '/v2/proj/instances/i1', json: { description: 'd' } });
    expect(res.attempts).toBe(3);
    const dates = server.requests.map((r) => r.headers['x-sdk-date']);
    const sigs = server.requests.map((r) => r.headers.authorization);
    expect(new Set(dates).size).toBe(3);
    expect(new Set(sigs).size).toBe(3);
    for (const r of server.requests) expect(verifyAkSk(r, SK).ok).toBe(true);
    expect(res.request.headers['x-sdk-date']).toBe(dates[2]);
  });

  describe('tampering with any signed part breaks the signature', () => {
    let original: Recorded;

    async function capture() {
      const { server, transport } = await signedRequests();
      await transport.send({ method: 'PUT', path: '/v2/proj/instances/i1', query: { a: '1' }, json: { description: 'd' } });
      original = server.requests[0]!;
      expect(verifyAkSk(original, SK).ok).toBe(true);
    }

    const tamper: [string, (r: Recorded) => Recorded][] = [
      ['method', (r) => ({ ...r, method: 'POST' })],
      ['path', (r) => ({ ...r, url: r.url.replace('/i1', '/i2') })],
      ['query', (r) => ({ ...r, url: r.url.replace('a=1', 'a=2') })],
      ['added query parameter', (r) => ({ ...r, url: `${r.url}&b=1` })],
      ['body', (r) => ({ ...r, body: Buffer.from('{"description":"e"}') })],
      ['body whitespace', (r) => ({ ...r, body: Buffer.from(`${r.body.toString()}\n`) })],
      ['x-project-id', (r) => ({ ...r, headers: { ...r.headers, 'x-project-id': 'other' } })],
      ['x-domain-id', (r) => ({ ...r, headers: { ...r.headers, 'x-domain-id': 'other' } })],
      ['host', (r) => ({ ...r, headers: { ...r.headers, host: 'evil.example:443' } })],
      ['x-sdk-date', (r) => ({ ...r, headers: { ...r.headers, 'x-sdk-date': '20250101T000000Z' } })],
      ['user-agent', (r) => ({ ...r, headers: { ...r.headers, 'user-agent': 'curl/8' } })],
    ];
    test.for(tamper)('%s', async ([, change]) => {
      await capture();
      expect(verifyAkSk(change(original), SK)).toMatchObject({ ok: false });
    });

    test('content-type is not signed (Go SDK rule), so changing it keeps the signature valid', async () => {
      await capture();
      expect(verifyAkSk({ ...original, headers: { ...original.headers, 'content-type': 'text/plain' } }, SK).ok).toBe(true);
    });
  });
});
