// The client: operations by id with paths from spec/, project filled in, every response checked.
import { afterEach, beforeAll, expect, test } from 'vitest';
import { loadSpec, type OperationInfo, type Spec } from '../spec/index.ts';
import { resolveConfig } from '../config/load.ts';
import { tokenAuth } from './auth/token.ts';
import { connect, createClient, operationPath, throttlingCodes } from './client.ts';
import { startTestServer, type TestServer } from './testing/server.ts';

let spec: Spec;
let show: OperationInfo;
let server: TestServer | undefined;
beforeAll(async () => {
  spec = await loadSpec();
  show = spec.byMethodPath('GET', '/v2/{project_id}/instances/{instance_id}')!;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('call() fills the path from the spec and checks the response', async () => {
  const example = show.responses.get(200)!.examples[0]!.value as object;
  server = await startTestServer((_, i) => (i === 0 ? { status: 200, body: example } : { status: 200, body: { ...example, max_memory: 'lots' } }));
  const client = createClient({ spec, endpoint: server.url, projectId: 'proj-1', auth: tokenAuth('tok-abcdef') });
  const good = await client.call(show.id, { params: { instance_id: 'a/b c' } });
  expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v2/proj-1/instances/a%2Fb%20c' });
  expect(good.findings).toEqual([]);
  const bad = await client.call(show.id, { params: { instance_id: 'x' } });
  expect(bad.findings).toMatchObject([{ check: 'schema', severity: 'failure', path: '/max_memory' }]);
  expect(client.curl(bad.request)).toMatch(/^curl -sS -X GET '.*\/v2\/proj-1\/instances\/x' .*-H "x-auth-token: \$DCS_TOKEN"/s);
  await client.close();
});

test('expectations and mode flow into the findings', async () => {
  server = await startTestServer(() => ({ status: 400, body: { error_code: spec.rules.protocol('request.malformed-json').errorCode, error_msg: 'm' } }));
  const client = createClient({ spec, endpoint: server.url, projectId: 'p', mode: 'lenient' });
  const res = await client.call(show.id, { params: { instance_id: 'x' }, expect: { status: 400, codes: [spec.rules.protocol('request.invalid-parameter').errorCode] } });
  expect(client.mode).toBe('lenient');
  expect(res.findings.map((f) => f.check)).toEqual(['expected-code']);
  await client.close();
});

test('a missing path parameter is an argument error naming it', () => {
  expect(() => operationPath(show, { project_id: 'p' })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT', message: expect.stringMatching(/instance_id.*Fix/) }));
  expect(() => operationPath(show, {}, { project_id: 'p' })).toThrow(expect.objectContaining({ message: expect.stringMatching(/instance_id/) }));
  // Given as undefined is given: it does not fall back to the default.
  expect(() => operationPath(show, { project_id: undefined as never, instance_id: 'i' }, { project_id: 'p' })).toThrow(expect.objectContaining({ message: expect.stringMatching(/project_id/) }));
});

test('path parameters are filled URL-encoded, each in its place, a given one before its default', () => {
  const template = show.path;
  const filled = operationPath(show, { instance_id: 'a/b c' }, { project_id: 'p?1' });
  expect(filled).toBe(template.replace('{project_id}', 'p%3F1').replace('{instance_id}', 'a%2Fb%20c'));
  expect(operationPath(show, { project_id: 'mine', instance_id: 'i' }, { project_id: 'p' })).toBe(template.replace('{project_id}', 'mine').replace('{instance_id}', 'i'));
  // Twice: the template is split once and kept; a second fill must not see the first one's values.
  expect(operationPath(show, { project_id: 'q', instance_id: 'j' })).toBe(template.replace('{project_id}', 'q').replace('{instance_id}', 'j'));
});

test('throttling codes come from the catalog: codes whose status the retry policy retries', () => {
  for (const c of throttlingCodes(spec)) expect([429, 503]).toContain(spec.errors.get(c)!.status);
  const fourHundreds = throttlingCodes(spec, [400]);
  expect(fourHundreds.length).toBeGreaterThan(0);
  expect(fourHundreds.every((c) => spec.errors.get(c)!.status === 400)).toBe(true);
});

test('connect() opens the configured target and close() stops the emulator', async () => {
  server = await startTestServer(() => ({ status: 200, body: {} }));
  let closed = 0;
  const srv = server;
  const client = await connect(resolveConfig({}, { env: {} }), {
    spec,
    startEmulator: async () => ({ url: srv.url, projectId: 'ep', token: 'emu-token', ak: 'a', sk: 's', close: async () => void closed++ }),
  });
  await client.call(show.id, { params: { instance_id: 'i' } });
  expect(server.requests[0]!.headers).toMatchObject({ 'x-auth-token': 'emu-token', 'x-project-id': 'ep' });
  expect(server.requests[0]!.url).toBe('/v2/ep/instances/i');
  await client.close();
  expect(closed).toBe(1);
});
