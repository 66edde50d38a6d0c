// Config: defaults, every kind of bad value named by key with a fix, environment overrides, files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadConfig, resolveConfig } from './load.ts';
import { DEFAULT_TARGET, type DcsConformanceConfig } from './schema.ts';

const remote = { kind: 'remote', endpoint: 'https://dcs.example.com', projectId: 'p1', auth: { token: 'tok' } } as const;
const withTarget = (t: object, extra: object = {}) => ({ target: 'prod', targets: { prod: { ...remote, ...t } }, ...extra });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  test('no file, no environment: the embedded emulator, strict', () => {
    expect(resolveConfig({}, { env: {} })).toEqual({ mode: 'strict', targetName: DEFAULT_TARGET, target: { kind: 'emulator' }, source: 'defaults', env: [] });
  });

  test('the implementation under test is named per target', () => {
    expect(resolveConfig(withTarget({ implementation: { name: 'Acme Cache', version: '7.2.1' } }), { env: {} }).target).toMatchObject({ implementation: { name: 'Acme Cache', version: '7.2.1' } });
  });

  test('a valid file is taken as written', () => {
    const r = resolveConfig(withTarget({ domainId: 'd', region: 'r', rateLimit: { requestsPerSecond: 2 }, retry: { maxRetries: 0 }, consistency: { readLagMs: 500, minTransitionMs: 10_000 } }, { mode: 'lenient' }), { env: {} });
    expect(r).toMatchObject({ mode: 'lenient', targetName: 'prod', target: { kind: 'remote', domainId: 'd', rateLimit: { requestsPerSecond: 2 }, consistency: { readLagMs: 500, minTransitionMs: 10_000 } } });
  });
});

describe('bad config fails at once, naming the key and the fix', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['missing endpoint', withTarget({ endpoint: undefined }), 'targets.prod.endpoint', /is missing/],
    ['endpoint without scheme', withTarget({ endpoint: 'dcs.example.com' }), 'targets.prod.endpoint', /absolute http\(s\) URL/],
    ['missing project', withTarget({ projectId: '' }), 'targets.prod.projectId', /non-empty/],
    ['no credentials', withTarget({ auth: undefined }), 'targets.prod.auth', /needs credentials/],
    ['token and keys', withTarget({ auth: { token: 't', ak: 'a', sk: 's' } }), 'targets.prod.auth', /both/],
    ['half a key pair', withTarget({ auth: { ak: 'a' } }), 'targets.prod.auth.sk', /missing/],
    ['unknown auth field', withTarget({ auth: { token: 't', user: 'u' } }), 'targets.prod.auth.user', /not a known setting/],
    ['unknown kind', withTarget({ kind: 'cloud' }), 'targets.prod.kind', /"emulator" or "remote"/],
    ['negative timeout', withTarget({ timeoutMs: -5 }), 'targets.prod.timeoutMs', /positive/],
    ['zero shortest transition', withTarget({ consistency: { readLagMs: 500, minTransitionMs: 0 } }), 'targets.prod.consistency.minTransitionMs', /positive number of milliseconds/],
    ['zero rate', withTarget({ rateLimit: { requestsPerSecond: 0 } }), 'targets.prod.rateLimit.requestsPerSecond', /positive/],
    ['too many retries', withTarget({ retry: { maxRetries: 50 } }), 'targets.prod.retry.maxRetries', /0 to 10/],
    ['typo at top level', { targest: {} }, 'targest', /not a known setting/],
    ['typo in a target', withTarget({ endpiont: 'x' }), 'targets.prod.endpiont', /not a known setting/],
    ['unknown mode', { mode: 'loose' }, 'mode', /strict.*lenient/],
    ['unknown default target', { target: 'nope' }, 'target', /names no target/],
    ['emulator port out of range', { targets: { e: { kind: 'emulator', port: 70000 } } }, 'targets.e.port', /0 to 65535/],
    ['emulator auth', { targets: { e: { kind: 'emulator', auth: 'basic' } } }, 'targets.e.auth', /token.*aksk/],
    ['not an object', 42, 'config', /must export an object/],
    ['implementation without a name', withTarget({ implementation: { version: '1' } }), 'targets.prod.implementation.name', /is missing/],
    ['implementation name on two lines', withTarget({ implementation: { name: 'Acme\nCache' } }), 'targets.prod.implementation.name', /one printable line/],
    ['implementation typo', withTarget({ implementation: { name: 'Acme', verison: '1' } }), 'targets.prod.implementation.verison', /not a known setting/],
    ['implementation version empty', { targets: { e: { kind: 'emulator', implementation: { name: 'x', version: ' ' } } } }, 'targets.e.implementation.version', /non-empty/],
  ];
  test.for(cases)('%s', ([, raw, key, problem]) => {
    const err = configError(() => resolveConfig(raw, { env: {} }));
    expect(err.code).toBe('DCS_CONFIG_INVALID');
    expect(err.key).toBe(key);
    expect(err.problem).toMatch(problem);
    expect(err.fix.length).toBeGreaterThan(5);
    expect(err.message).toBe(`config ${key}: ${err.problem}. Fix: ${err.fix}`);
  });
});

describe('environment overrides', () => {
  const cloudEnv = { DCS_ENDPOINT: 'https://dcs.ap-southeast-1.example.com', DCS_PROJECT_ID: 'envproj', DCS_TOKEN: 'envtok', DCS_REGION: 'ap-southeast-1' };

  test('DCS_ENDPOINT + DCS_PROJECT_ID + DCS_TOKEN turn the default emulator into a remote target', () => {
    const r = resolveConfig({}, { env: cloudEnv });
    expect(r.target).toEqual({ kind: 'remote', endpoint: cloudEnv.DCS_ENDPOINT, projectId: 'envproj', region: 'ap-southeast-1', auth: { token: 'envtok' } });
    expect(r.env.toSorted()).toEqual(['DCS_ENDPOINT', 'DCS_PROJECT_ID', 'DCS_REGION', 'DCS_TOKEN']);
  });

  test('variables replace the file\'s values; AK/SK replaces a token', () => {
    const r = resolveConfig(withTarget({}), { env: { DCS_PROJECT_ID: 'p2', DCS_AK: 'ak', DCS_SK: 'sk', DCS_SECURITY_TOKEN: 'st' } });
    expect(r.target).toMatchObject({ endpoint: remote.endpoint, projectId: 'p2', auth: { ak: 'ak', sk: 'sk', securityToken: 'st' } });
    expect((r.target as { auth: object }).auth).not.toHaveProperty('token');
    expect(resolveConfig(withTarget({ auth: { ak: 'a', sk: 's' } }), { env: { DCS_TOKEN: 't2' } }).target).toMatchObject({ auth: { token: 't2' } });
    expect(resolveConfig(withTarget({ auth: { ak: 'a', sk: 's' } }), { env: { DCS_SK: 's2' } }).target).toMatchObject({ auth: { ak: 'a', sk: 's2' } });
  });

  test('DCS_TARGET and DCS_MODE select; empty values count as unset', () => {
    const cfg: DcsConformanceConfig = { targets: { prod: remote } };
    expect(resolveConfig(cfg, { env: { DCS_TARGET: 'prod', DCS_MODE: 'lenient' } })).toMatchObject({ targetName: 'prod', mode: 'lenient' });
    expect(resolveConfig(cfg, { env: { DCS_TARGET: '', DCS_TOKEN: ' ' } })).toMatchObject({ targetName: 'emulator' });
    expect(resolveConfig(cfg, { env: { DCS_TARGET: 'prod' }, target: 'emulator' }).targetName).toBe('emulator');
  });

  const bad: [string, string, Record<string, string>, object][] = [
    ['endpoint without project', 'DCS_PROJECT_ID', { DCS_ENDPOINT: 'https://x.example.com', DCS_TOKEN: 't' }, {}],
    ['endpoint without credentials', 'DCS_TOKEN', { DCS_ENDPOINT: 'https://x.example.com', DCS_PROJECT_ID: 'p' }, {}],
    ['malformed endpoint', 'DCS_ENDPOINT', { DCS_ENDPOINT: 'x.example.com', DCS_PROJECT_ID: 'p', DCS_TOKEN: 't' }, {}],
    ['AK without SK', 'DCS_SK', { DCS_ENDPOINT: 'https://x.example.com', DCS_PROJECT_ID: 'p', DCS_AK: 'a' }, {}],
    ['token and AK/SK together', 'DCS_TOKEN', { DCS_TOKEN: 't', DCS_AK: 'a', DCS_SK: 's' }, withTarget({})],
    ['credentials for the emulator', 'DCS_TOKEN', { DCS_TOKEN: 't' }, {}],
    ['unknown mode', 'DCS_MODE', { DCS_MODE: 'loose' }, {}],
    ['unknown target', 'DCS_TARGET', { DCS_TARGET: 'staging' }, {}],
  ];
  test.for(bad)('%s names %s', ([, key, env, raw]) => {
    const err = configError(() => resolveConfig(raw, { env }));
    expect(err.key).toBe(key);
    expect(err.message).toMatch(/Fix: /);
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcs-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('dcs-conformance.config.json in the working directory', async () => {
    const d = mkdtempSync(join(dir, 'json-'));
    writeFileSync(join(d, 'dcs-conformance.config.json'), JSON.stringify(withTarget({})));
    expect(await loadConfig({ cwd: d, env: {} })).toMatchObject({ targetName: 'prod', source: join(d, 'dcs-conformance.config.json') });
  });

  test('dcs-conformance.config.ts with defineConfig', async () => {
    const d = mkdtempSync(join(dir, 'ts-'));
    const index = join(import.meta.dirname, 'index.ts');
    writeFileSync(join(d, 'dcs-conformance.config.ts'), `import { defineConfig } from ${JSON.stringify(index)};\nexport default defineConfig({ mode: 'lenient', targets: { local: { kind: 'emulator', seed: 7 } }, target: 'local' });\n`);
    expect(await loadConfig({ cwd: d, env: {} })).toMatchObject({ mode: 'lenient', targetName: 'local', target: { kind: 'emulator', seed: 7 } });
  });

  test('no file: defaults', async () => {
    expect(await loadConfig({ cwd: mkdtempSync(join(dir, 'none-')), env: {} })).toMatchObject({ source: 'defaults', targetName: 'emulator' });
  });

  test('broken files and missing DCS_CONFIG are named', async () => {
    const d = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(d, 'broken.json'), '{ "targets": ');
    await expect(loadConfig({ cwd: d, file: 'broken.json', env: {} })).rejects.toMatchObject({ code: 'DCS_CONFIG_INVALID', key: join(d, 'broken.json'), message: expect.stringMatching(/not valid JSON.*Fix/) });
    writeFileSync(join(d, 'nodefault.mjs'), 'export const x = 1;\n');
    await expect(loadConfig({ cwd: d, file: 'nodefault.mjs', env: {} })).rejects.toMatchObject({ message: expect.stringMatching(/no default export/) });
    await expect(loadConfig({ cwd: d, env: { DCS_CONFIG: 'missing.json' } })).rejects.toMatchObject({ key: 'DCS_CONFIG', message: expect.stringMatching(/does not exist/) });
  });
});
