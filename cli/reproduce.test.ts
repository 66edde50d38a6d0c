// Done-when of "reproductions that reproduce": an emulator that accepts short passwords runs as a
// separate process (what `npm run emulator -- --port 0 --json --fault password.short-accepted` runs);
// the CLI finds the departure by URL; the curl copied from conformance.json, pasted into bash with
// DCS_TOKEN set, gets the same departure from the running target, while a faithful emulator refuses
// the same request. The bundle replays where it failed, and the printed replay path works from here.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import type { ConformanceReport } from '../reporters/types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'dcs-conformance.js');

interface Emulator {
  url: string;
  projectId: string;
  token: string;
  child: ChildProcess;
}

/** The emulator in a process of its own, on a free port; its JSON line says where and with which credentials. */
function emulator(...args: string[]): Promise<Emulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--json', '--clock', 'scaled:1000', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ ...(JSON.parse(out.split('\n')[0]!) as Omit<Emulator, 'child'>), child });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

function run(file: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // A clean environment: only what a user's shell would have, and what the step sets.
    const base = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' };
    execFile(file, args, { cwd, env: { ...base, ...env }, maxBuffer: 64 << 20, timeout: 240_000 }, (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }));
  });
}
const cli = (args: string[], env: Record<string, string> = {}, cwd?: string) => run(process.execPath, [BIN, ...args], env, cwd);

let faulty: Emulator;
let faithful: Emulator;
beforeAll(async () => {
  // Same seed, so the same project, token and network: the same curl is valid on both but for the fault.
  [faulty, faithful] = await Promise.all([emulator('--fault', 'password.short-accepted'), emulator()]);
}, 60_000);
afterAll(() => {
  faulty?.child.kill();
  faithful?.child.kill();
});

describe('a failure found on a URL target', { timeout: 300_000 }, () => {
  let dir: string;
  let report: ConformanceReport;
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcs-repro-'));
    const r = await cli(['run', '--target', faulty.url, '--token', faulty.token, '--project-id', faulty.projectId, '--allow-destructive', '--only', 'CreateInstance*negative*password.instance*length*', '--seed', '7', '--report-dir', dir]);
    expect(r.code, r.out + r.err).toBe(1);
    out = r.out;
    report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  }, 300_000);

  test('its curl, pasted into bash with DCS_TOKEN set, reproduces the departure on the running target', async () => {
    const spec = await loadSpec();
    const rule = spec.rules.password.instance;
    const failure = report.results.find((x) => x.status === 'failed')!;
    const curl = failure.reproduction!;
    // The token is a variable, never its value; the password that broke the rule is shown as sent.
    expect(curl).toContain('-H "x-auth-token: $DCS_TOKEN"');
    expect(curl).not.toContain(faulty.token);
    const password = /"password":"([^"]*)"/.exec(curl)?.[1];
    expect(password, curl).toBeDefined();
    expect(password!.length).toBeLessThan(rule.minLength);
    expect(password).not.toContain('*');

    const pasted = await run('bash', ['-c', curl], { DCS_TOKEN: faulty.token });
    expect(pasted.code, pasted.err).toBe(0);
    const answer = JSON.parse(pasted.out) as { instances?: { instance_id: string }[]; error_code?: string };
    // Accepted: an instance made with a password the rule refuses, as in the report.
    expect(answer.error_code).toBeUndefined();
    expect(answer.instances?.[0]?.instance_id).toMatch(/\S/);

    // The same request to a faithful target: refused with the rule's code. The curl reproduces the departure, not just a request.
    const refused = await run('bash', ['-c', curl.replace(faulty.url, faithful.url)], { DCS_TOKEN: faulty.token });
    expect(spec.errors.equivalents(rule.errorCode)).toContain((JSON.parse(refused.out) as { error_code?: string }).error_code);

    // Without the variable the target refuses the token: the curl carries no credential of its own.
    const noToken = await run('bash', ['-c', curl], {});
    expect((JSON.parse(noToken.out) as { error_code?: string }).error_code).toBeDefined();
  });

  test('the printed replay path works from another folder; the bundle replays on the URL target it failed on', async () => {
    const printed = /replay: dcs-conformance replay (\S+)/.exec(out)?.[1];
    expect(printed, out).toBeDefined();
    expect(existsSync(printed!), printed).toBe(true);
    const bundle = JSON.parse(readFileSync(printed!, 'utf8')) as { target: Record<string, unknown> };
    expect(bundle.target).toEqual({ name: 'emulator', kind: 'remote', endpoint: faulty.url, projectId: faulty.projectId });
    expect(JSON.stringify(bundle)).not.toContain(faulty.token);

    const elsewhere = mkdtempSync(join(tmpdir(), 'dcs-cwd-'));
    const still = await cli(['replay', printed!], { DCS_TOKEN: faulty.token }, elsewhere);
    expect(still.code, still.out + still.err).toBe(1);
    expect(still.out).toContain(`✗ still fails on remote ${faulty.url}`);

    // Credentials never come from the bundle: without them, a config error naming the variable.
    const noCreds = await cli(['replay', printed!], {}, elsewhere);
    expect(noCreds.code).toBe(2);
    expect(noCreds.err).toMatch(/DCS_TOKEN/);

    // Another target, asked for: a loud warning, and a pass there is not called "passes now".
    const other = await cli(['replay', printed!, '--target', 'emulator'], {}, elsewhere);
    expect(other.code, other.out + other.err).toBe(0);
    expect(other.err).toMatch(/⚠ WARNING: .* failed on remote http:\/\/127\.0\.0\.1:\d+/);
    expect(other.out).not.toMatch(/passes now/);
    expect(other.out).toMatch(/passes on the embedded emulator .* NOT where it failed/);
  });
});
