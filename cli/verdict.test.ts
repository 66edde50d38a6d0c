// The verdict and the CLI habits end to end, as a user meets them: an INCOMPLETE run against a URL
// target without --allow-destructive or principals (exit 4, what to add, --json on stdout only),
// --max-failures stopping a run, merged shards keeping bundles and JUnit, coverage.json written, and
// warnings for waivers that match nothing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startEmulator } from '../emulator/index.ts';
import { need } from '../suites/engine/needs.ts';
import { VIRTUAL_CLOCK_LANES } from '../suites/engine/lanes.ts';
import type { ConformanceReport } from '../reporters/types.ts';

const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'dcs-verdict-'));
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
    execFile(process.execPath, [BIN, ...args], { env: { ...base, DCS_RUN_SEED: '', DCS_ENDPOINT: '', DCS_TARGET: '', DCS_TOKEN: '', DCS_PROJECT_ID: '', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

describe('verdicts of real runs', { timeout: 300_000 }, () => {
  test('a URL target without --allow-destructive or principals: INCOMPLETE (exit 4), with what to add; --json is all of stdout', async () => {
    // A real target's clock moves by itself (here 2000 times faster): the run polls, as against any URL.
    const emu = await startEmulator({ port: 0, clock: { kind: 'scaled', factor: 2000 } });
    try {
      const dir = tmp();
      const r = await cli(['run', '--profile', 'full', '--seed', '3', '--only', 'ListInstances', '--only', 'DeleteSingleInstance', '--target', emu.url, '--token', emu.token, '--project-id', emu.projectId, '--report-dir', dir, '--json', '--implementation-name', 'DCS emulator over HTTP', '--implementation-version', '0.1.0']);
      expect(r.code, r.err).toBe(4);
      const json = JSON.parse(r.out) as { outcome: string; verdict: string; exitCode: number; completeness: { needs: { need: string; cases: number }[] } };
      expect(json).toMatchObject({ outcome: 'incomplete', verdict: 'fail', exitCode: 4 });
      expect(json.completeness.needs.map((n) => n.need)).toEqual(['allow-destructive', 'principals.other', 'principals.readonly', 'aksk']);
      expect(r.err).toMatch(/verdict: INCOMPLETE: \d+ required cases did not run; to complete, add --allow-destructive \(\d+\), principals\.other \(\d+\), principals\.readonly \(\d+\), AK\/SK \(\d+\)/);
      expect(r.err).toContain(need('principals.readonly').add);
      const rep = report(dir);
      expect(rep.implementation).toEqual({ name: 'DCS emulator over HTTP', version: '0.1.0' });
      expect(rep.summary.failed).toBe(0);
      expect(readFileSync(join(dir, 'certificate.html'), 'utf8')).toContain('>INCOMPLETE<');
    } finally {
      await emu.close();
    }
  });

  test('--max-failures stops the run; the verdict says so', async () => {
    const dir = tmp();
    const r = await cli(['run', '--profile', 'smoke', '--seed', '9', '--emulator-fault', 'auth.token-not-checked', '--only', 'auth.no-credentials', '--max-failures', '1', '--report-dir', dir]);
    expect(r.code, r.out + r.err).toBe(1);
    const rep = report(dir);
    expect(rep.stopped).toMatchObject({ reason: 'max-failures', maxFailures: 1 });
    expect(rep.stopped!.notRun).toBeGreaterThan(0);
    // The stop does not wait for the reporter to hear of the failure (under load it heard too late): only
    // the cases already running on the other lanes when it came (their answers are in) end failed too.
    expect(rep.summary.failed).toBeGreaterThanOrEqual(1);
    expect(rep.summary.failed).toBeLessThanOrEqual(VIRTUAL_CLOCK_LANES);
    expect(rep.results.filter((x) => x.notRun)).toHaveLength(rep.stopped!.notRun);
    expect(r.out).toMatch(/verdict: FAIL: \d+ required failures?, stopped at --max-failures 1, \d+ cases? not run/);
  });

  test('merged shards keep bundles and JUnit: every replay path printed resolves; coverage.json is written', async () => {
    const dir = tmp();
    const args = ['run', '--profile', 'smoke', '--seed', '8', '--emulator-fault', 'auth.token-not-checked', '--only', 'auth.no-credentials'];
    const [s1, s2] = await Promise.all([cli([...args, '--shard', '1/2', '--report-dir', join(dir, 's1')]), cli([...args, '--shard', '2/2', '--report-dir', join(dir, 's2')])]);
    expect([s1.code, s2.code]).toEqual([1, 1]);
    const m = await cli(['report', '--merge', join(dir, 's1'), '--merge', join(dir, 's2'), '--report-dir', join(dir, 'merged')], {});
    expect(m.code, m.err).toBe(1);
    const merged = report(join(dir, 'merged'));
    const failed = merged.results.filter((x) => x.status === 'failed');
    expect(failed.length).toBe(report(join(dir, 's1')).summary.failed + report(join(dir, 's2')).summary.failed);
    for (const f of failed) expect(existsSync(join(dir, 'merged', f.bundle!)), f.bundle).toBe(true);
    const printed = [...m.out.matchAll(/replay: dcs-conformance replay (\S+)/g)].map((x) => x[1]!);
    expect(printed.length, m.out).toBe(failed.length);
    for (const p of printed) expect(existsSync(p) || existsSync(join(process.cwd(), p)), p).toBe(true);
    const junit = readFileSync(join(dir, 'merged', 'junit.xml'), 'utf8');
    const total = (xml: string, k: string) => Number(new RegExp(`<testsuites [^>]*${k}="(\\d+)"`).exec(xml)![1]);
    const shards = ['s1', 's2'].map((s) => readFileSync(join(dir, s, 'junit.xml'), 'utf8'));
    expect(total(junit, 'tests')).toBe(total(shards[0]!, 'tests') + total(shards[1]!, 'tests'));
    expect(total(junit, 'failures')).toBe(failed.length);
    for (const r of merged.results) expect(junit).toContain(`name="${r.name}"`);
    const coverage = JSON.parse(readFileSync(join(dir, 'merged', 'coverage.json'), 'utf8')) as { rules: { total: number }; matrix: Record<string, unknown>; ruleTests: Record<string, string[]> };
    expect(coverage.rules.total).toBe(merged.coverage.rules.total);
    expect(Object.keys(coverage.matrix).length).toBe(merged.coverage.operations.covered);
    expect(Object.keys(coverage.ruleTests).length).toBeGreaterThan(0);
  });

  test('waivers that match nothing are warned about, with the closest case name', async () => {
    const dir = tmp();
    const waivers = join(dir, 'waivers.json');
    writeFileSync(waivers, JSON.stringify([
      { test: 'ListFlavors › auth.no-credential', reason: 'typo', expires: '2099-01-01' },
      { test: 'ListInstances › auth.no-credentials', reason: 'fixed since', expires: '2099-01-01' },
      { rule: 'auth.no-credential', reason: 'typo', expires: '2099-01-01' },
    ]));
    const r = await cli(['run', '--profile', 'smoke', '--seed', '4', '--only', 'auth.no-credentials', '--waivers', waivers, '--report-dir', join(dir, 'r')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: waiver "ListFlavors › auth.no-credential" names no case of the suite. Did you mean: ListFlavors › auth.no-credentials');
    expect(r.err).toContain('warning: waiver "ListInstances › auth.no-credentials" matched no failure: the case passed; remove the waiver');
    expect(r.err).toContain('warning: waiver rule:auth.no-credential names no rule of the spec. Did you mean: auth.no-credentials?');
  });
});
