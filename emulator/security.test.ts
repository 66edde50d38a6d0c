// Authentication, IAM, tenant isolation and concurrency, as a cloud endpoint must behave.
import { afterAll, describe, expect, test } from 'vitest';
import { authorizationHeader, bodySha256, canonicalRequest, CONTENT_SHA256, formatSdkDate, signature, stringToSign, UNSIGNED_PAYLOAD } from '../common/signing/sdkHmacSha256.ts';
import { loadSpec } from '../spec/index.ts';
import { testClient } from '../testing/emulatorClient.ts';
import { createInstanceBody } from '../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 11 });
afterAll(() => c.close());

const code = (id: string) => spec.rules.protocol(id).errorCode;

/** Sends a request signed with AK/SK over exactly the given headers. */
async function signed(method: string, path: string, body: string, opts: { signed?: string[]; extra?: Record<string, string>; date?: number; tamper?: (h: Record<string, string>, b: string) => [Record<string, string>, string]; sk?: string } = {}) {
  const url = new URL(c.emu.url + path);
  const headers: Record<string, string> = { host: url.host, 'content-type': 'application/json', 'x-sdk-date': formatSdkDate(opts.date ?? Date.now()), ...opts.extra };
  const signedHeaders = (opts.signed ?? ['host', 'x-sdk-date']).toSorted();
  const cr = canonicalRequest({ method, path: url.pathname, query: [...url.searchParams.entries()], headers, signedHeaders, body });
  headers.authorization = authorizationHeader(c.emu.ak, signedHeaders, signature(opts.sk ?? c.emu.sk, stringToSign(cr, headers['x-sdk-date']!)));
  const [h, b] = opts.tamper ? opts.tamper(headers, body) : [headers, body];
  const { host: _host, ...sendHeaders } = h;
  const res = await fetch(url, { method, headers: sendHeaders, ...(b ? { body: b } : {}) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

describe('AK/SK signatures', () => {
  const list = () => `/v2/${c.emu.projectId}/instances`;

  test('a request signed over host and X-Sdk-Date is served', async () => {
    expect((await signed('GET', list(), '')).status).toBe(200);
  });

  test('clients sign different header sets: the verifier uses exactly the listed ones', async () => {
    expect((await signed('GET', list(), '', { signed: ['x-sdk-date'] })).status).toBe(200);
    expect((await signed('GET', list(), '', { signed: ['content-type', 'host', 'x-sdk-date', 'x-project-id'], extra: { 'x-project-id': c.emu.projectId } })).status).toBe(200);
    expect((await signed('GET', list(), '', { signed: ['x-sdk-date'], extra: { 'x-project-id': c.emu.projectId } })).status).toBe(200);
  });

  test('a JSON body is hashed as sent, trailing newline included', async () => {
    const body = `${JSON.stringify(createInstanceBody(spec, { name: 'signed-1' }))}\n`;
    expect((await signed('POST', list(), body)).status).toBe(200);
    const r = await signed('POST', list(), body, { tamper: (h, b) => [h, b.trimEnd()] });
    expect([r.status, r.body.error_code]).toEqual([401, code('auth.invalid-token')]);
  });

  type Tamper = (h: Record<string, string>, b: string) => [Record<string, string>, string];
  test.for<[string, Tamper]>([
    ['signed header', (h, b) => [{ ...h, 'x-project-id': 'ffffffffffffffffffffffffffffffff' }, b]],
    ['date', (h, b) => [{ ...h, 'x-sdk-date': formatSdkDate(Date.now() - 1000) }, b]],
    ['signature', (h, b) => [{ ...h, authorization: h.authorization!.replace(/.$/, (x) => (x === '0' ? '1' : '0')) }, b]],
  ])('changing the %s breaks it', async ([, tamper]) => {
    const r = await signed('GET', list(), '', { signed: ['host', 'x-project-id', 'x-sdk-date'], extra: { 'x-project-id': c.emu.projectId }, tamper });
    expect([r.status, r.body.error_code]).toEqual([401, code('auth.invalid-token')]);
  });

  test('changing the path or query breaks it', async () => {
    const r = await signed('GET', list(), '', { tamper: (h, b) => [h, b] });
    expect(r.status).toBe(200);
    const url = new URL(c.emu.url + list());
    const headers: Record<string, string> = { host: url.host, 'x-sdk-date': formatSdkDate(Date.now()) };
    const cr = canonicalRequest({ method: 'GET', path: url.pathname, query: [], headers, signedHeaders: ['host', 'x-sdk-date'], body: '' });
    const authorization = authorizationHeader(c.emu.ak, ['host', 'x-sdk-date'], signature(c.emu.sk, stringToSign(cr, headers['x-sdk-date']!)));
    for (const sent of [`${list()}?limit=5`, `/v2/${c.emu.projectId}/instances/status`]) {
      const res = await fetch(c.emu.url + sent, { headers: { 'x-sdk-date': headers['x-sdk-date']!, authorization } });
      expect(res.status, sent).toBe(401);
    }
  });

  test('X-Sdk-Date more than 15 minutes off is refused; wrong SK is refused', async () => {
    const skew = c.emu.config.sdkDateSkewMinutes * 60_000;
    const late = await signed('GET', list(), '', { date: Date.now() - skew - 60_000 });
    expect([late.status, late.body.error_code]).toEqual([401, code('auth.token-expired')]);
    expect((await signed('GET', list(), '', { date: Date.now() + skew - 60_000 })).status).toBe(200);
    expect((await signed('GET', list(), '', { sk: 'not-the-secret' })).status).toBe(401);
  });
});

describe('AK/SK: the body is authenticated by the bytes received (issue 13)', () => {
  const list = () => `/v2/${c.emu.projectId}/instances`;
  const create = (name: string) => `${JSON.stringify(createInstanceBody(spec, { name }))}\n`;
  const named = async (name: string) => ((await c.call('GET', `/v2/{project_id}/instances?name=${name}`)).body.instances as { name: string }[]).filter((i) => i.name === name);
  const refused = (r: { status: number; body: any }) => expect([r.status, r.body?.error_code]).toEqual([401, code('auth.invalid-token')]);

  test('a tampered body beside the signed body\'s hash in an unsigned X-Sdk-Content-Sha256 is refused, and makes nothing', async () => {
    const signedBody = create('signed-name');
    const r = await signed('POST', list(), signedBody, { tamper: (h) => [{ ...h, [CONTENT_SHA256]: bodySha256(signedBody) }, create('TAMPERED-name')] });
    refused(r);
    expect(await named('TAMPERED-name')).toEqual([]);
    expect(await named('signed-name')).toEqual([]);
  });

  test('an unsigned X-Sdk-Content-Sha256, true or not, changes nothing: the bytes received are hashed', async () => {
    const body = create('unsigned-hash-ok');
    expect((await signed('POST', list(), body, { extra: { [CONTENT_SHA256]: bodySha256('something else') } })).status).toBe(200);
  });

  test('a signed X-Sdk-Content-Sha256 must be the hash of the body received', async () => {
    const body = create('signed-hash-ok');
    const withHash = { signed: ['host', CONTENT_SHA256, 'x-sdk-date'], extra: { [CONTENT_SHA256]: bodySha256(body) } };
    expect((await signed('POST', list(), body, withHash)).status).toBe(200);
    refused(await signed('POST', list(), create('signed-hash-1'), { ...withHash, tamper: (h) => [h, create('signed-hash-2')] }));
    expect(await named('signed-hash-2')).toEqual([]);
  });

  test('UNSIGNED-PAYLOAD only for a body that is neither JSON nor BSON, as the SDK sends it', async () => {
    const marker = (type: string) => ({ signed: ['host', CONTENT_SHA256, 'x-sdk-date'], extra: { [CONTENT_SHA256]: UNSIGNED_PAYLOAD, 'content-type': type } });
    refused(await signed('POST', list(), create('unsigned-json'), marker('application/json')));
    refused(await signed('POST', list(), create('unsigned-json'), marker('application/json;charset=utf-8')));
    expect(await named('unsigned-json')).toEqual([]);
    expect((await signed('POST', list(), create('unsigned-octets'), marker('application/octet-stream'))).status).toBe(200);
  });
});

describe('projects, tenants and IAM', () => {
  const other = () => c.emu.config.users.find((u) => u.name === 'other')!;
  const readonly = () => c.emu.config.users.find((u) => u.name === 'readonly')!;

  test("a token used on another project's path gets the project-mismatch code", async () => {
    const r = await c.call('GET', `/v2/${other().projects[0]}/instances`);
    expect([r.status, r.body.error_code]).toEqual([401, code('auth.project-mismatch')]);
  });

  test('tenants are isolated: nothing of project B is visible or changeable from A', async () => {
    const mine = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'tenant-a' }));
    const theirs = await c.call('POST', `/v2/${other().projects[0]}/instances`, createInstanceBody(spec, { name: 'tenant-b' }), { token: other().token });
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    const theirId = theirs.body.instances[0].instance_id;
    const listA = await c.call('GET', '/v2/{project_id}/instances?limit=1000');
    expect(listA.body.instances.map((i: { name: string }) => i.name)).not.toContain('tenant-b');
    const peek = await c.call('GET', `/v2/{project_id}/instances/${theirId}`);
    expect([peek.status, peek.body.error_code]).toEqual([404, code('resource.instance-not-found')]);
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${theirId}`)).status).toBe(404);
    expect((await c.call('GET', `/v2/${other().projects[0]}/instances/${theirId}`, undefined, { token: other().token })).status).toBe(200);
  });

  test('a policy without the chapter-5 action gets 403', async () => {
    const ro = readonly();
    expect((await c.call('GET', '/v2/{project_id}/instances', undefined, { token: ro.token })).status).toBe(200);
    const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'ro-1' }), { token: ro.token });
    expect([r.status, r.body.error_code]).toEqual([403, code('iam.action-denied')]);
    expect(spec.operation('CreateInstance').action).toBe('dcs:instance:create');
  });
});

describe('concurrency', () => {
  test('parallel creates hand out unique IDs and all are listed; parallel deletes lose nothing', async () => {
    const n = 40;
    const made = await Promise.all(Array.from({ length: n }, (_, k) => c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `par-${k}` }))));
    expect(made.every((r) => r.status === 200)).toBe(true);
    const ids = made.map((r) => r.body.instances[0].instance_id as string);
    expect(new Set(ids).size).toBe(n);
    await c.advance(c.emu.config.durations.create);
    const listed = (await c.call('GET', '/v2/{project_id}/instances?limit=1000')).body.instances.map((i: { instance_id: string }) => i.instance_id);
    for (const id of ids) expect(listed).toContain(id);
    const half = ids.slice(0, n / 2);
    const [deletes, updates] = await Promise.all([
      Promise.all(half.map((id) => c.call('DELETE', `/v2/{project_id}/instances/${id}`))),
      Promise.all(ids.slice(n / 2).map((id, k) => c.call('PUT', `/v2/{project_id}/instances/${id}`, { description: `d-${k}` }))),
    ]);
    expect(deletes.every((r) => r.status === 204) && updates.every((r) => r.status === 204)).toBe(true);
    await c.advance(c.emu.config.durations.delete);
    const after = (await c.call('GET', '/v2/{project_id}/instances?limit=1000')).body.instances as { instance_id: string; description: string }[];
    for (const id of half) expect(after.map((i) => i.instance_id)).not.toContain(id);
    ids.slice(n / 2).forEach((id, k) => expect(after.find((i) => i.instance_id === id)?.description).toBe(`d-${k}`));
  });
});
