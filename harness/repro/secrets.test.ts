// Done-when: credentials never appear in any output. Known credentials go through the client (token
// and AK/SK, retries, an echoed token, a failure), the curl renderer and the log writer into a temp
// folder; then every written file is searched for them. Passwords the suite generates are test data:
// they are written as sent (a report must show which password a target accepted).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadSpec, type Spec } from '../../spec/index.ts';
import { akskAuth } from '../auth/aksk.ts';
import { tokenAuth } from '../auth/token.ts';
import { createClient } from '../client.ts';
import { freePort, startTestServer, type TestServer } from '../testing/server.ts';
import { MASK } from './mask.ts';

const SECRETS = {
  token: 'MIIKtoken-0123456789abcdef',
  ak: 'AKID0123456789ABCDEF',
  sk: 'SKsecretkey0123456789XYZ',
  securityToken: 'securitytoken-zyx987654',
  subjectToken: 'MIIsubject-token-555',
};
const TEST_DATA = { password: 'Instance#Pass2025', newPassword: 'NewInstance#Pass2026' };

let spec: Spec;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  spec = await loadSpec();
  dir = mkdtempSync(join(tmpdir(), 'dcs-harness-secrets-'));
  server = await startTestServer((req, i) => {
    const body = req.body.length ? JSON.parse(req.body.toString()) : {};
    // First answer throttles (a retry is logged); later ones echo the request, password included.
    if (i === 0) return { status: 503, body: { error_code: 'X', error_msg: `busy, token ${req.headers['x-auth-token']}` } };
    return { status: 200, headers: { 'x-subject-token': SECRETS.subjectToken }, body: { echoed: body, note: `your password is ${body.password ?? body.new_password}, your token ${req.headers['x-auth-token']}` } };
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function files(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
}

test('no secret reaches any file the harness writes', async () => {
  const create = spec.byMethodPath('POST', '/v2/{project_id}/instances')!;
  const show = spec.byMethodPath('GET', '/v2/{project_id}/instances/{instance_id}')!;
  const changePassword = spec.byMethodPath('PUT', '/v2/{project_id}/instances/{instance_id}/password')!;

  const tokenClient = createClient({ spec, endpoint: server.url, projectId: 'proj', auth: tokenAuth(SECRETS.token), logDir: join(dir, 'token'), transport: { retry: { baseDelayMs: 1, maxDelayMs: 2 } } });
  const shown = await tokenClient.call(show.id, { params: { instance_id: 'i-1' } });
  expect(shown.attempts).toBe(2);
  const created = await tokenClient.call(create.id, { json: { name: 'n', password: TEST_DATA.password, capacity: 1 } });
  tokenClient.log!.attach('create.curl.sh', tokenClient.curl(created.request));
  tokenClient.log!.attach('create.response.json', created.json as object);
  tokenClient.log!.attach('findings.json', created.findings);
  tokenClient.log!.attach('raw.txt', `request headers: ${JSON.stringify(created.request.headers)}\nresponse: ${created.text}`);
  await tokenClient.close();

  const akskClient = createClient({ spec, endpoint: server.url, projectId: 'proj', auth: akskAuth({ ak: SECRETS.ak, sk: SECRETS.sk, securityToken: SECRETS.securityToken }), logDir: join(dir, 'aksk') });
  const changed = await akskClient.call(changePassword.id, { params: { instance_id: 'i-1' }, json: { old_password: TEST_DATA.password, new_password: TEST_DATA.newPassword } });
  akskClient.log!.attach('change.curl.sh', akskClient.curl(changed.request));
  akskClient.log!.attach('exchange.json', { request: changed.request, response: changed.text });
  await akskClient.close();

  const down = createClient({ spec, endpoint: `http://127.0.0.1:${await freePort()}`, projectId: 'proj', auth: tokenAuth(SECRETS.token), logDir: join(dir, 'down') });
  await expect(down.call(show.id, { params: { instance_id: 'i-1' } })).rejects.toMatchObject({ code: 'DCS_TARGET_UNREACHABLE' });
  await down.close();

  // The secrets really went over the wire…
  const wire = server.requests.map((r) => JSON.stringify(r.headers) + r.body.toString()).join('\n');
  for (const s of [SECRETS.token, SECRETS.ak, SECRETS.securityToken, TEST_DATA.password, TEST_DATA.newPassword]) expect(wire).toContain(s);
  // …and were written nowhere; the test data was.
  const written = files(dir);
  expect(written.length).toBeGreaterThanOrEqual(9);
  for (const f of written) {
    const text = readFileSync(f, 'utf8');
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, `${name} leaked into ${f}`).not.toContain(secret);
  }
  const everything = written.map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const value of Object.values(TEST_DATA)) expect(everything).toContain(value);
  // Where the run's credentials were, a reproduction reads them from the environment.
  expect(readFileSync(join(dir, 'token', 'create.curl.sh'), 'utf8')).toContain('-H "x-auth-token: $DCS_TOKEN"');
  expect(readFileSync(join(dir, 'aksk', 'change.curl.sh'), 'utf8')).toMatch(/^# AK\/SK-signed: .*\$DCS_AK, \$DCS_SK \(and \$DCS_SECURITY_TOKEN/);
  const log = readFileSync(join(dir, 'token', 'exchanges.jsonl'), 'utf8');
  expect(log.trim().split('\n')).toHaveLength(3);
  expect(log).toContain(MASK);
  expect(log).toContain('/v2/proj/instances/i-1');
  expect(readFileSync(join(dir, 'aksk', 'exchanges.jsonl'), 'utf8')).not.toMatch(/Signature=[0-9a-f]{8}/);
  expect(readFileSync(join(dir, 'down', 'exchanges.jsonl'), 'utf8')).toContain('DCS_TARGET_UNREACHABLE');
});
