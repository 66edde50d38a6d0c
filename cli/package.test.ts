// The package as a user installs it: `npm pack` (which builds dist/), then `npm install <tarball>` in an
// empty project (from the npm cache when it holds everything: --prefer-offline), with no engine or
// install-script warning; there `npx dcs-conformance run --profile smoke` passes, `npx dcs-conformance
// emulator` serves, and each entry point (dcs-conformance, /emulator, /spec, /harness, /openapi.json) is
// imported and used by a script, and type-checked from its declarations. One pack and one install serve
// every test.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function sh(cmd: string, args: string[], cwd: string, timeout = 240_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...process.env, DCS_RUN_SEED: '', DCS_ENDPOINT: '', DCS_TARGET: '', DCS_CONFIG: '' }, maxBuffer: 64 * 1024 * 1024, timeout }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

let dir = '';
let project = '';
let tarball = '';
let files: string[] = [];
let install = { code: -1, out: '', err: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dcs-package-'));
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
  expect(packed.code, packed.err).toBe(0);
  const info = JSON.parse(packed.out.slice(packed.out.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);
  project = join(dir, 'consumer');
  await sh('mkdir', ['-p', project], dir);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed tarball', () => {
  test('holds compiled JavaScript with declarations, the spec data and the command; no TypeScript sources', () => {
    expect(files).toContain('bin/dcs-conformance.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/cli/api.d.ts');
    expect(files).toContain('dist/spec/dcs-v2.openapi.json');
    expect(files).toContain('dist/spec/src/errorCatalog.json');
    expect(files).toContain('dist/suites/vitest.config.js');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\/testing\//.test(f))).toEqual([]);
  });

  test('installs into an empty project without an engine or install-script warning', () => {
    expect(install.code, install.err).toBe(0);
    expect(`${install.out}\n${install.err}`).not.toMatch(/EBADENGINE|install-scripts|ERR!/);
    expect(readdirSync(join(project, 'node_modules'))).not.toContain('tsx');
  });
});

describe('installed', () => {
  test('npx dcs-conformance run --profile smoke passes', async () => {
    const r = await sh('npx', ['--no', '--', 'dcs-conformance', 'run', '--profile', 'smoke', '--report-dir', 'smoke'], project);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out + r.err).toMatch(/verdict: PASS — \d+ passed, 0 failed/);
  }, 120_000);

  test('npx dcs-conformance emulator serves', async () => {
    const child = spawn('npx', ['--no', '--', 'dcs-conformance', 'emulator', '--port', '0', '--json'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const l = buf.split('\n').find((x) => x.startsWith('{'));
          if (l) resolve(l);
        });
        child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${buf}`)));
      });
      const { url, projectId, token } = JSON.parse(line) as { url: string; projectId: string; token: string };
      const res = await fetch(`${url}/v2/${projectId}/instances`, { headers: { 'x-auth-token': token } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ instance_num: 0 });
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 60_000);

  test('each entry point is imported and used: the emulator with a fault and its clock, the harness with token and AK/SK, the spec, a run', async () => {
    writeFileSync(join(project, 'use.mjs'), USE);
    const r = await sh(process.execPath, ['use.mjs'], project, 120_000);
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(got).toEqual({
      faults: ['auth.token-not-checked'],
      unknownTokenServed: 200,
      clockMoved: 60_000,
      token: 200,
      aksk: 200,
      operations: 88,
      openapi: '3.1.0',
      catalog: true,
      rules: true,
      run: { exitCode: 0, failed: 0, verdict: 'pass', passed: true },
      unreachable: 3,
    });
  }, 120_000);

  test('the declarations type-check a consumer in TypeScript', async () => {
    writeFileSync(join(project, 'use.ts'), USE_TS);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['use.ts'] }));
    const r = await sh(process.execPath, [TSC, '-p', '.'], project);
    expect(r.code, r.out + r.err).toBe(0);
    // And a mistake is a type error (the declarations are not `any`).
    writeFileSync(join(project, 'use.ts'), `${USE_TS}\nawait runConformance({ profile: 'quick' });\n`);
    const bad = await sh(process.execPath, [TSC, '-p', '.'], project);
    expect(bad.out).toMatch(/'"quick"' is not assignable/);
  }, 60_000);
});

const USE = `
import { runConformance } from 'dcs-conformance';
import { startEmulator } from 'dcs-conformance/emulator';
import { loadSpec } from 'dcs-conformance/spec';
import { akskAuth, createClient, tokenAuth } from 'dcs-conformance/harness';
import openapi from 'dcs-conformance/openapi.json' with { type: 'json' };

const spec = await loadSpec();
const emu = await startEmulator({ port: 0, clock: { kind: 'manual' }, faults: ['auth.token-not-checked'] });
const out = { faults: emu.faults };
try {
  const token = createClient({ spec, endpoint: emu.url, projectId: emu.projectId, auth: tokenAuth(emu.token) });
  const aksk = createClient({ spec, endpoint: emu.url, projectId: emu.projectId, auth: akskAuth({ ak: emu.ak, sk: emu.sk }) });
  out.token = (await token.call('ListInstances')).status;
  out.aksk = (await aksk.call('ListInstances')).status;
  // The fault: a token that names nobody is served (a conforming server answers 401).
  out.unknownTokenServed = (await fetch(emu.url + '/v2/' + emu.projectId + '/instances', { headers: { 'x-auth-token': 'not-a-token' } })).status;
  const before = (await (await fetch(emu.url + '/__emulator/clock')).json()).now;
  const after = (await (await fetch(emu.url + '/__emulator/clock/advance?ms=60000', { method: 'POST' })).json()).now;
  out.clockMoved = after - before;
} finally {
  await emu.close();
}
out.operations = spec.operations.length;
out.openapi = openapi.openapi;
out.catalog = spec.errors.equivalents('DCS.4042').length > 0;
out.rules = spec.rules.ids.length > 0;
const run = await runConformance({ profile: 'smoke', only: ['ListInstances'], reportDir: 'lib-run', out: () => {}, err: () => {} });
out.run = { exitCode: run.exitCode, failed: run.report.summary.failed, verdict: run.report.verdict, passed: run.report.summary.passed > 0 };
out.unreachable = (await runConformance({ target: 'http://127.0.0.1:9', token: 't', projectId: 'p', reportDir: 'lib-unreachable', out: () => {}, err: () => {} })).exitCode;
console.log(JSON.stringify(out));
`;

const USE_TS = `
import { runConformance, type ConformanceReport, type RunOptions } from 'dcs-conformance';
import { startEmulator, type RunningEmulator } from 'dcs-conformance/emulator';
import { loadSpec, type Spec } from 'dcs-conformance/spec';
import { akskAuth, createClient, tokenAuth, type DcsClient } from 'dcs-conformance/harness';

const spec: Spec = await loadSpec();
const emu: RunningEmulator = await startEmulator({ port: 0, faults: ['password.short-accepted'], clock: { kind: 'manual' } });
const client: DcsClient = createClient({ spec, endpoint: emu.url, projectId: emu.projectId, auth: tokenAuth(emu.token) });
const signed: DcsClient = createClient({ spec, endpoint: emu.url, projectId: emu.projectId, auth: akskAuth({ ak: emu.ak, sk: emu.sk }) });
const status: number = (await client.call('ListInstances')).status + (await signed.call('ListInstances')).status;
const options: RunOptions = { profile: 'smoke', only: ['ListInstances'] };
const report: ConformanceReport | undefined = (await runConformance(options)).report;
export { status, report };
`;
