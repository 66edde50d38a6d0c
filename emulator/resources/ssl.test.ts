// SSL (4.11.1-4.11.3): switching through a job on the virtual clock, the details and enable_ssl
// following it, the certificate link, and the 'ssl.support' scopes per operation.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec, type RuleEntry } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 29 });
afterAll(() => c.close());

const valid = (op: string, status: number, body: unknown) => {
  const check = spec.validateResponse(op, status, body);
  expect(check?.valid, JSON.stringify(check?.errors)).toBe(true);
};
const support = () => spec.rules.byId('ssl.support') as RuleEntry & { scopes: { sections: string[]; engineVersions?: string[]; cacheModes?: string[] }[] };
const now = () => c.emu.store.clock.now();

let n = 0;
async function instance(overrides: Record<string, unknown> = {}, run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `ssl-${++n}`, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}
const base = (id: string) => `/v2/{project_id}/instances/${id}`;
const sw = (id: string, enabled: unknown) => c.call('PUT', `${base(id)}/ssl`, { enabled });
const detail = (id: string) => c.call('GET', `${base(id)}/ssl`);
const download = (id: string) => c.call('POST', `${base(id)}/ssl-certs/download`);
const enableSsl = async (id: string) => (await c.call('GET', base(id))).body.enable_ssl;

describe('UpdateSslSwitch and ShowInstanceSslDetail', () => {
  test('enabling is a job: nothing changes until it completes, then details, enable_ssl and the job agree', async () => {
    const id = await instance();
    expect((await detail(id)).status).toBe(204);
    const r = await sw(id, true);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('UpdateSslSwitch', 200, r.body);
    expect(r.body.instance_id).toBe(id);
    expect((await detail(id)).status).toBe(204);
    expect(await enableSsl(id)).toBe(false);
    await c.advance(c.emu.config.durations.job);
    const d = await detail(id);
    expect(d.status).toBe(200);
    valid('ShowInstanceSslDetail', 200, d.body);
    expect(d.body).toMatchObject({ enabled: true, ssl_validated: true, port: '6379' });
    expect(Date.parse(d.body.ssl_expired_at)).toBeGreaterThan(now());
    expect(await enableSsl(id)).toBe(true);
    const job = await c.call('GET', `/v2/{project_id}/jobs/${r.body.job_id}`);
    expect([job.status, job.body.status]).toEqual([200, 'SUCCESS']);
    // The switch is also a background task of the instance, under a documented task name.
    const tasks = await c.call('GET', `${base(id)}/tasks`);
    valid('ListBackgroundTask', 200, tasks.body);
    expect(tasks.body.tasks).toHaveLength(1);
  });

  test('disabling keeps the certificate details readable with enabled false', async () => {
    const id = await instance();
    await sw(id, true);
    await c.advance(c.emu.config.durations.job);
    const expires = (await detail(id)).body.ssl_expired_at;
    expect((await sw(id, false)).status).toBe(200);
    await c.advance(c.emu.config.durations.job);
    const d = await detail(id);
    valid('ShowInstanceSslDetail', 200, d.body);
    expect(d.body).toMatchObject({ enabled: false, ssl_validated: false, ssl_expired_at: expires });
    expect(await enableSsl(id)).toBe(false);
  });

  test('refusals: unsupported instances, not RUNNING, missing field, unknown instance; nothing changes', async () => {
    const [switchScope] = support().scopes.filter((s) => s.sections.includes('4.11.1'));
    const old = await instance({ engine_version: spec.rules.engine.versions.find((v) => !switchScope!.engineVersions!.includes(v)) });
    for (const r of [await sw(old, true), await detail(old), await download(old)]) expect([r.status, r.body.error_code]).toEqual([400, support().errorCode]);
    // proxy is outside the switch scope but inside the query scope.
    const proxy = await instance({ cache_mode: 'proxy' });
    expect(switchScope!.cacheModes).not.toContain('proxy');
    expect((await sw(proxy, true)).body.error_code).toBe(support().errorCode);
    expect((await detail(proxy)).status).toBe(204);
    for (const mode of switchScope!.cacheModes!) {
      const id = await instance({ cache_mode: mode });
      expect((await sw(id, true)).status, mode).toBe(200);
    }
    const creating = await instance({}, false);
    const busy = await sw(creating, true);
    expect(spec.rules.states.busyCodes).toContain(busy.body.error_code);
    const id = await instance();
    const missing = await c.call('PUT', `${base(id)}/ssl`, {});
    expect([missing.status, missing.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    expect((await sw(id, 'yes')).status).toBe(400);
    await c.advance(c.emu.config.durations.job);
    expect((await detail(id)).status).toBe(204);
    expect(await enableSsl(id)).toBe(false);
    const ghost = '00000000-0000-4000-8000-000000000000';
    for (const r of [await sw(ghost, true), await detail(ghost), await download(ghost)]) expect([r.status, r.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});

describe('DownloadSslCert', () => {
  test('a time-limited link while SSL is enabled; refused before and after', async () => {
    const id = await instance();
    const before = await download(id);
    expect([before.status, before.body.error_code]).toEqual([400, spec.rules.byId('ssl.cert-requires-enabled').errorCode]);
    await sw(id, true);
    await c.advance(c.emu.config.durations.job);
    const r = await download(id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    valid('DownloadSslCert', 200, r.body);
    const url = new URL(r.body.link);
    expect(url.hostname.startsWith(r.body.bucket_name)).toBe(true);
    expect(url.pathname.endsWith(`/${r.body.file_name}`)).toBe(true);
    expect(Number(url.searchParams.get('Expires')) * 1000).toBeGreaterThan(now());
    await sw(id, false);
    await c.advance(c.emu.config.durations.job);
    expect((await download(id)).body.error_code).toBe(spec.rules.byId('ssl.cert-requires-enabled').errorCode);
  });

  test('an expired certificate is reported invalid, and re-enabling issues a new one', async () => {
    const id = await instance();
    await sw(id, true);
    await c.advance(c.emu.config.durations.job);
    const first = (await detail(id)).body.ssl_expired_at;
    await c.advance(Date.parse(first) - now() + 1000);
    expect((await detail(id)).body).toMatchObject({ enabled: true, ssl_validated: false });
    await sw(id, false);
    await c.advance(c.emu.config.durations.job);
    await sw(id, true);
    await c.advance(c.emu.config.durations.job);
    const renewed = (await detail(id)).body;
    expect(renewed.ssl_validated).toBe(true);
    expect(Date.parse(renewed.ssl_expired_at)).toBeGreaterThan(Date.parse(first));
  });
});
