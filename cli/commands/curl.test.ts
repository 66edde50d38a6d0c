// The signing helper as a user meets it: the curl of an AK/SK-signed request, as a report writes it,
// pasted into bash with DCS_AK/DCS_SK set, is signed afresh and served; with a wrong SK it is refused
// (the signature is really checked); --as signs as another principal, with that principal's rights.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { createInstanceBody, akskAuth, authFromCredentials, createClient, type DcsClient } from '../../harness/index.ts';
import { loadSpec, type Spec } from '../../spec/index.ts';
import { parseCurl, signCurl } from '../../harness/repro/resign.ts';
import { parseAuthorization } from '../../common/signing/sdkHmacSha256.ts';
import { capturedIo } from '../testing.ts';
import { curlCommand } from './curl.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A reproduction pasted into bash, in the project folder (where `npx dcs-conformance` resolves). */
function paste(curl: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', curl], { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 60_000 }, (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }));
  });
}

let spec: Spec;
let emu: RunningEmulator;
let client: DcsClient;
beforeAll(async () => {
  spec = await loadSpec();
  emu = await startEmulator({ seed: 41 });
  const readonly = emu.config.users.find((u) => u.name === 'readonly')!;
  // The run's masker knows its key pair and the readonly principal's, as openSuite registers them.
  client = createClient({ spec, endpoint: emu.url, projectId: emu.projectId, auth: akskAuth({ ak: emu.ak, sk: emu.sk }), secrets: [...authFromCredentials({ ak: readonly.ak, sk: readonly.sk }, 'readonly').secrets] });
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

describe('dcs-conformance curl: an AK/SK reproduction pasted into a shell', { timeout: 120_000 }, () => {
  test('signed afresh with $DCS_AK/$DCS_SK, a GET with a query and a POST with a body are served; a wrong SK is refused', async () => {
    const list = await client.call('ListInstances', { query: { limit: 10, offset: 0 } });
    expect(list.status).toBe(200);
    const listCurl = client.curl(list.request);
    expect(listCurl).toMatch(/^# AK\/SK-signed: .*\nnpx dcs-conformance curl -sS -X GET /);
    expect(listCurl).not.toContain(emu.sk);
    const listed = await paste(listCurl, { DCS_AK: emu.ak, DCS_SK: emu.sk });
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toHaveProperty('instances');

    const created = await client.call('CreateInstance', { json: createInstanceBody(spec, { name: 'pasted-1' }) });
    expect(created.status).toBe(200);
    const again = await paste(client.curl(created.request).replace('"pasted-1"', '"pasted-2"'), { DCS_AK: emu.ak, DCS_SK: emu.sk });
    expect(JSON.parse(again.out).instances?.[0]?.instance_name, again.out + again.err).toBe('pasted-2');

    const wrong = await paste(listCurl, { DCS_AK: emu.ak, DCS_SK: 'f'.repeat(40) });
    const refusal = JSON.parse(wrong.out) as { error_code?: string };
    expect(spec.errors.equivalents(spec.rules.protocol('auth.invalid-token').errorCode)).toContain(refusal.error_code);
  });

  test('--as readonly signs with $DCS_READONLY_AK/$DCS_READONLY_SK: what the readonly user may do is served, a write is denied', async () => {
    const readonly = emu.config.users.find((u) => u.name === 'readonly')!;
    const asReadonly = { auth: akskAuth({ ak: readonly.ak, sk: readonly.sk }) };
    const list = await client.call('ListInstances', asReadonly);
    const curl = client.curl(list.request);
    expect(curl).toContain('npx dcs-conformance curl --as readonly -sS');
    const env = { DCS_READONLY_AK: readonly.ak, DCS_READONLY_SK: readonly.sk };
    expect(JSON.parse((await paste(curl, env)).out)).toHaveProperty('instances');
    const create = await client.call('CreateInstance', { ...asReadonly, json: createInstanceBody(spec, { name: 'ro-1' }) });
    const denied = JSON.parse((await paste(client.curl(create.request), env)).out) as { error_code?: string };
    expect(spec.errors.equivalents(spec.rules.protocol('iam.action-denied').errorCode)).toContain(denied.error_code);
  });

  test('without the key pair in the environment: exit 2, naming the variables', async () => {
    const io = capturedIo();
    await expect(curlCommand.run(['--as', 'readonly', '-X', 'GET', `${emu.url}/v2/p/instances`], io)).rejects.toThrow(/set DCS_READONLY_AK and DCS_READONLY_SK/);
  });
});

describe('signCurl', () => {
  const creds = { ak: 'AKID0123456789ABCDEF', sk: 'SKsecretkey0123456789XYZ', securityToken: 'st-123' };

  test('reads what curl will send; replaces a stale signature, date and security token; signs host and the given headers but content-type', () => {
    const argv = ['-sS', '-X', 'put', 'http://127.0.0.1:9/v2/p/x?b=2&a=1', '-H', 'Content-Type: application/json', '-H', 'x-project-id: p', '-H', 'Authorization: SDK-HMAC-SHA256 Access=OLD, SignedHeaders=x, Signature=00', '-H', 'X-Sdk-Date: 20000101T000000Z', '--data-raw', '{"a":1}'];
    expect(parseCurl(argv)).toMatchObject({ method: 'PUT', url: 'http://127.0.0.1:9/v2/p/x?b=2&a=1', body: '{"a":1}' });
    const out = signCurl(argv, creds, Date.UTC(2025, 4, 13, 12, 0, 0));
    expect(out.filter((a) => /^authorization:|^x-sdk-date:/i.test(a))).toHaveLength(2);
    expect(out).toContain('x-sdk-date: 20250513T120000Z');
    expect(out).toContain('x-security-token: st-123');
    const auth = parseAuthorization(out.find((a) => a.startsWith('authorization: '))!.slice('authorization: '.length))!;
    expect(auth.access).toBe(creds.ak);
    expect(auth.signedHeaders).toEqual(['host', 'x-project-id', 'x-sdk-date', 'x-security-token']);
    // The same request a second later: another signature (bound to the date).
    expect(signCurl(argv, creds, Date.UTC(2025, 4, 13, 12, 0, 1))).not.toEqual(out);
  });

  test('a body from a file, no URL, or a header without a colon: a clear error', () => {
    expect(() => signCurl(['-d', '@body.json', 'http://h/x'], creds, 0)).toThrow(/--data-raw/);
    expect(() => signCurl(['-X', 'GET'], creds, 0)).toThrow(/no URL/);
    expect(() => signCurl(['http://h/x', '-H', 'nocolon'], creds, 0)).toThrow(/name: value/);
  });
});
