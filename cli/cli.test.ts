// The command line as a user meets it: each exit code, reports written with a pass verdict, a
// failing run's bundles and replay, baselines and waivers end to end, shard merge equivalence on the
// emulator, and no secret in any file a run writes.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../emulator/core/config.ts';
import { startEmulator } from '../emulator/index.ts';
import type { ConformanceReport } from '../reporters/types.ts';

const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'dcs-cli-'));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DCS_RUN_SEED: '', DCS_ENDPOINT: '', DCS_TARGET: '', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
const SMOKE_FAULT_ONLY = ['--only', 'auth.no-credentials', '--only', 'auth.invalid-token'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

describe('usage and config errors: exit 2', { timeout: 60_000 }, () => {
  test.for([
    ['an unknown command', ['certify']],
    ['an unknown flag', ['run', '--profle', 'smoke']],
    ['a bad profile', ['run', '--profile', 'quick']],
    ['--only that matches nothing', ['run', '--only', 'CreateInstanse']],
    ['an unknown emulator fault', ['run', '--emulator-fault', 'no.such']],
    ['a bad shard', ['run', '--shard', '3/2']],
    ['a missing waivers file', ['run', '--waivers', '/nonexistent/waivers.json']],
    ['--ak without --sk', ['run', '--target', 'http://127.0.0.1:1', '--ak', 'x']],
  ] as const)('%s', async ([, args]) => {
    const r = await cli([...args]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/dcs-conformance/);
  });

  test('an emulator fault asked of a URL target: exit 2, not a run that silently ignores it', async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const r = await cli(['run', '--profile', 'smoke', '--target', emu.url, '--token', emu.token, '--project-id', emu.projectId, '--emulator-fault', 'auth.token-not-checked']);
      expect(r.code, r.out + r.err).toBe(2);
      expect(r.err).toMatch(/--emulator-fault applies to the embedded emulator only/);
    } finally {
      await emu.close();
    }
  });

  describe('a report folder that cannot be written: exit 2 before the run, with the fix, no stack (issue 13)', () => {
    const file = (): string => {
      const f = join(tmp(), 'a-file');
      writeFileSync(f, 'x');
      return f;
    };
    // Root writes anywhere chmod forbids: it gets a place the kernel refuses it instead.
    const unwritable = (): string => {
      if (process.getuid?.() === 0) return '/sys/dcs-reports';
      const d = tmp();
      chmodSync(d, 0o500);
      return join(d, 'reports');
    };
    const folders: [string, () => string, RegExp][] = [
      ['naming a file', () => file(), /is a file, not a directory/],
      ['under a file', () => join(file(), 'reports'), /is a file, not a directory/],
      ['in a directory it cannot write', unwritable, /cannot write in/],
      ['under /proc (mkdir -p there never returns)', () => '/proc/dcs-reports/run', /cannot write in \/proc/],
    ];
    test.for(folders)('--report-dir %s', async ([, dir, message]) => {
      for (const args of [['run', '--profile', 'smoke', '--report-dir', dir()], ['report', '--merge', tmp(), '--report-dir', dir()]]) {
        const t0 = Date.now();
        const r = await cli(args);
        expect(r.code, `${args.join(' ')}\n${r.out}${r.err}`).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err).toMatch(/Fix: give --report-dir a directory you can write to/);
        expect(r.err).not.toMatch(/\n\s+at /);
        // Refused before anything started: no target, no case.
        expect(r.out).not.toMatch(/cases selected/);
        expect(Date.now() - t0).toBeLessThan(30_000);
      }
    });
  });

  test('--help on every command exits 0 and shows usage', async () => {
    for (const c of ['run', 'emulator', 'explore', 'replay', 'diff', 'spec', 'report']) {
      const r = await cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out, c).toMatch(/Usage: dcs-conformance/);
    }
  });
});

test('an unreachable target: exit 3, fast, named', { timeout: 60_000 }, async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const started = Date.now();
  const r = await cli(['run', '--target', `http://127.0.0.1:${port}`, '--token', 'secret-token-value', '--project-id', 'p1']);
  expect(r.code, r.err).toBe(3);
  expect(r.err).toMatch(/unreachable/);
  expect(r.err).not.toContain('secret-token-value');
  expect(Date.now() - started).toBeLessThan(20_000);
});

describe('runs against the embedded emulator', { timeout: 300_000 }, () => {
  test('smoke passes: exit 0, conformance.json (verdict pass), certificate, JUnit, Allure; no secret anywhere', async () => {
    const dir = tmp();
    const r = await cli(['run', '--profile', 'smoke', '--seed', '5', '--report-dir', dir]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/seed=5/);
    expect(r.err).toMatch(/\[progress\] \d+\/\d+ cases/);
    const rep = report(dir);
    expect(rep).toMatchObject({ verdict: 'pass', profile: 'smoke', seed: 5, summary: { failed: 0 } });
    expect(rep.summary.passed).toBeGreaterThan(80);
    for (const f of ['certificate.html', 'junit.xml']) expect(existsSync(join(dir, f)), f).toBe(true);
    // Allure: results, and every attachment a result names is on disk (reporters/allure.ts writes them).
    const allure = readdirSync(join(dir, 'allure-results'));
    const results = allure.filter((f) => f.endsWith('-result.json'));
    expect(results.length).toBeGreaterThan(80);
    const named = results.flatMap((f) => JSON.stringify(JSON.parse(readFileSync(join(dir, 'allure-results', f), 'utf8'))).match(/[0-9a-f-]{36}-attachment\.\w+/g) ?? []);
    expect(named.length).toBeGreaterThan(results.length);
    for (const a of named) expect(allure, a).toContain(a);
    expect(allure.filter((f) => f.startsWith('.allure-write-'))).toEqual([]);
    // The emulator's default credentials for seed 1 (the CLI's emulator): none may be written anywhere,
    // nor the credential parameters of the presigned links the emulator hands out (ListBackupFileLinks,
    // DownloadSslCert, CreateRedislogDownloadLink), though the links themselves are written.
    const admin = defaultConfig(1).users[0]!;
    let links = 0;
    for (const f of filesUnder(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const secret of [admin.token, admin.ak, admin.sk]) expect(text.includes(secret), `${f} contains a secret`).toBe(false);
      expect(text, f).not.toMatch(/(?:AWSAccessKeyId|Signature)(?:=|%3D)(?!\*\*\*)/);
      links += text.match(/\?AWSAccessKeyId=\*\*\*(?:&|\\u0026)Expires=\d+(?:&|\\u0026)Signature=\*\*\*/g)?.length ?? 0;
    }
    expect(links).toBeGreaterThan(0);
  });

  test('a departure: exit 1, failures with reproduction and bundles; a bundle replays on the emulator with the same fault, and on the faithful one only with a warning', async () => {
    const dir = tmp();
    const r = await cli(['run', '--profile', 'smoke', '--seed', '6', '--report-dir', dir, '--emulator-fault', 'auth.token-not-checked', ...SMOKE_FAULT_ONLY]);
    expect(r.code, r.out + r.err).toBe(1);
    const rep = report(dir);
    expect(rep.verdict).toBe('fail');
    const failed = rep.results.filter((x) => x.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((x) => x.reproduction?.startsWith('curl') && x.bundle)).toBe(true);
    for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8').includes(defaultConfig(1).users[0]!.token), f).toBe(false);
    // The path printed under each failure is one that works from the current folder.
    const printed = [...r.out.matchAll(/replay: dcs-conformance replay (\S+)/g)].map((m) => m[1]!);
    expect(printed.length).toBe(Math.min(failed.length, 50));
    for (const p of printed) expect(existsSync(p), p).toBe(true);
    const bundle = JSON.parse(readFileSync(printed[0]!, 'utf8')) as { target: { kind: string; faults?: string[] } };
    expect(bundle.target).toMatchObject({ kind: 'emulator', faults: ['auth.token-not-checked'] });
    // By default where it failed: the emulator with that fault, where it still fails.
    const replay = await cli(['replay', printed[0]!]);
    expect(replay.code, replay.out + replay.err).toBe(1);
    expect(replay.out).toMatch(/still fails on the embedded emulator with faults auth\.token-not-checked/);
    // On the faithful emulator, asked for: a warning, and the pass is not called "passes now".
    const faithful = await cli(['replay', printed[0]!, '--target', 'emulator']);
    expect(faithful.code, faithful.out + faithful.err).toBe(0);
    expect(faithful.err).toMatch(/⚠ WARNING/);
    expect(faithful.out).not.toMatch(/passes now/);
    const emitted = join(dir, 'regression.test.ts');
    expect((await cli(['replay', printed[0]!, '--emit-test', '--out', emitted])).code).toBe(0);
    const regression = readFileSync(emitted, 'utf8');
    expect(regression).toContain(`replayCase({ name: ${JSON.stringify(failed[0]!.name)}, seed: 6`);
    expect(regression).toContain('failed on the embedded emulator with faults auth.token-not-checked');
    expect(regression).toContain('"faults":["auth.token-not-checked"]');
    expect(regression).not.toMatch(/in full/);
    // A merged report offers only replay paths to bundles that are there (whether or not merge copies them).
    const merged = await cli(['report', '--merge', dir, '--report-dir', join(dir, 'merged')]);
    expect(merged.out).toMatch(/✗ /);
    for (const m of merged.out.matchAll(/replay: dcs-conformance replay (\S+)/g)) expect(existsSync(m[1]!), m[1]).toBe(true);
  });

  test('baseline: known failures pass the gate, new ones do not; an expired waiver fails the run', async () => {
    const dir = tmp();
    const baseline = join(dir, 'baseline.json');
    const fault = ['--emulator-fault', 'auth.token-not-checked'];
    // The run that records the known failures is judged against them: it does not fail for what it records.
    const w = await cli(['run', '--profile', 'smoke', '--seed', '7', '--report-dir', join(dir, 'a'), ...fault, '--only', 'auth.no-credentials', '--baseline', baseline, '--update-baseline']);
    const known = JSON.parse(readFileSync(baseline, 'utf8')).failures.length;
    expect(known).toBeGreaterThan(0);
    expect(w.code, w.out).toBe(0);
    expect(w.out).toContain(`verdict: PASS against baseline: ${known} known failures, 0 new`);
    const same = await cli(['run', '--profile', 'smoke', '--seed', '7', '--report-dir', join(dir, 'b'), ...fault, '--only', 'auth.no-credentials', '--baseline', baseline]);
    expect(same.code, same.out).toBe(0);
    expect(same.out).toContain(`verdict: PASS against baseline: ${known} known failures, 0 new`);
    const more = await cli(['run', '--profile', 'smoke', '--seed', '7', '--report-dir', join(dir, 'c'), ...fault, ...SMOKE_FAULT_ONLY, '--baseline', baseline]);
    expect(more.code).toBe(1);
    const c = report(join(dir, 'c'));
    expect(c.baseline!.newFailures.length).toBeGreaterThan(0);
    expect(c.baseline!.newFailures.every((n) => n.includes('auth.invalid-token'))).toBe(true);
    expect(more.out).toContain(`verdict: FAIL against baseline: ${c.baseline!.newFailures.length} new required failure`);
    // New failures are marked new everywhere: console, conformance.json, JUnit (the certificate: reporters/certificate.test.ts).
    for (const name of c.baseline!.newFailures) {
      expect(more.out).toContain(`✗ [new] ${name} `);
      expect(c.results.find((r) => r.name === name)).toMatchObject({ status: 'failed', new: true });
    }
    expect(c.results.filter((r) => r.status === 'failed' && !r.new)).toHaveLength(known);
    const junit = readFileSync(join(dir, 'c', 'junit.xml'), 'utf8');
    expect(junit.match(/<failure message="\[new\] /g)).toHaveLength(c.baseline!.newFailures.length);
    expect(junit.match(/<failure message="\[known\] /g)).toHaveLength(known);
    const waivers = join(dir, 'waivers.json');
    writeFileSync(waivers, JSON.stringify([{ rule: 'auth.invalid-token', reason: 'vendor fix due', expires: '2000-01-01' }]));
    const expired = await cli(['run', '--profile', 'smoke', '--seed', '7', '--report-dir', join(dir, 'd'), '--only', 'ListInstances', '--waivers', waivers]);
    expect(expired.code).toBe(1);
    expect(expired.out).toMatch(/expired on 2000-01-01/);
  });

  test('shards merged give the counts of the unsharded run', async () => {
    const dir = tmp();
    const args = ['run', '--profile', 'smoke', '--seed', '8', '--only', '4.1', '--only', '4.2'];
    const [whole, s1, s2] = await Promise.all([cli([...args, '--report-dir', join(dir, 'whole')]), cli([...args, '--shard', '1/2', '--report-dir', join(dir, 's1')]), cli([...args, '--shard', '2/2', '--report-dir', join(dir, 's2')])]);
    expect([whole.code, s1.code, s2.code]).toEqual([0, 0, 0]);
    const merged = await cli(['report', '--merge', join(dir, 's1'), '--merge', join(dir, 's2'), '--report-dir', join(dir, 'merged')]);
    expect(merged.code, merged.err).toBe(0);
    const [a, b] = [report(join(dir, 'whole')), report(join(dir, 'merged'))];
    expect(b.summary).toEqual(a.summary);
    expect(b.coverage).toEqual(a.coverage);
    expect(report(join(dir, 's1')).results.length).toBeGreaterThan(0);
    expect(report(join(dir, 's2')).results.length).toBeGreaterThan(0);
  });
});
