// The suite proven on a realistic target, every CI run: the emulator as a cloud endpoint (--realistic:
// no control API, durations of at least 1 s with jitter, reads up to 500 ms stale, throttling), reached
// by URL in real time by the command line, as a user points it at a real endpoint. A faithful target
// gets no false alarm; a target whose backups never complete fails fast on the rule it breaks.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultConfig, shortestTransitionMs } from '../emulator/core/config.ts';
import { FAULTS } from '../emulator/faults/index.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import type { ConformanceReport } from '../reporters/types.ts';
import { checksFault } from '../bench/mutation.ts';

const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));
const started: RunningEmulator[] = [];
afterAll(() => Promise.all(started.map((e) => e.close())));

/** A realistic emulator on loopback and a config that reaches it as a remote target, with its users as principals. */
async function realisticTarget(seed: number, faults: string[] = []): Promise<{ emu: RunningEmulator; config: string }> {
  const emu = await startEmulator({ seed, realistic: true, config: defaultConfig(seed, { realistic: true }), faults, port: 0 });
  started.push(emu);
  const [admin, readonly, other] = emu.config.users;
  const r = emu.config.realism!;
  const dir = mkdtempSync(join(tmpdir(), 'dcs-realtime-'));
  const config = join(dir, 'dcs-conformance.config.json');
  writeFileSync(config, JSON.stringify({
    target: 'cloud',
    targets: {
      cloud: {
        kind: 'remote',
        endpoint: emu.url,
        projectId: emu.projectId,
        // AK/SK, as a real client signs: the signature cases run too, and every retry is signed afresh.
        auth: { ak: admin!.ak, sk: admin!.sk },
        principals: { readonly: { token: readonly!.token }, other: { projectId: other!.projects[0], auth: { token: other!.token } } },
        // As the emulator prints it: reads up to its lag stale; no change shorter than its shortest duration.
        consistency: { readLagMs: r.readLagMs, minTransitionMs: shortestTransitionMs(emu.config) },
        rateLimit: { requestsPerSecond: r.throttle!.requestsPerSecond, burst: 20 },
        poll: { intervalMs: 1000, timeoutMs: 15_000 },
        concurrency: 8,
      },
    },
  }));
  return { emu, config };
}

function run(args: string[]): Promise<{ code: number; out: string; err: string; report: ConformanceReport; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dcs-realtime-run-'));
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'run', '--report-dir', dir, ...args], { maxBuffer: 64 * 2 ** 20 }, (error, out, err) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, out, err, report: JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

describe('a realistic target reached by URL, in real time', () => {
  test('faithful: every operation\'s valid request (smoke, destructive included) passes with no false alarm, and the waits are reported', async () => {
    const { config } = await realisticTarget(41);
    const r = await run(['--profile', 'smoke', '--allow-destructive', '--seed', '41', '--config', config]);
    const failed = r.report.results.filter((x) => x.status === 'failed');
    expect(failed.map((x) => `${x.name}: ${x.message?.split('\n')[0]}`), r.out + r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/time: real \(the target's clock cannot be moved\): 8 case\(s\) at once, reads trusted 500 ms after a write/);
    // Real waits happened and are on the results (a run that never waited would not show this).
    const waits = r.report.results.flatMap((x) => x.notes ?? []).filter((n) => n.startsWith('waited'));
    expect(waits.length).toBeGreaterThan(20);
    expect(waits.some((n) => /CREATING → RUNNING/.test(n))).toBe(true);
    // The only skips are the diagnosis cases: no operation of the reference starts one.
    for (const s of r.report.results.filter((x) => x.status === 'skipped')) expect(s.message).toMatch(/diagnosis/);
  }, 240_000);

  test('a target whose backups never complete: the run ends with a verdict naming the rule, the wait paid once', async () => {
    const fault = FAULTS.find((f) => f.id === 'state.backup-never-completes')!;
    const { config } = await realisticTarget(42, [fault.id]);
    const r = await run(['--profile', 'full', '--allow-destructive', '--seed', '42', '--config', config, '--only', 'CopyInstance', '--only', 'ListBackupFileLinks', '--only', 'RestoreInstance', '--only', 'DeleteBackupFile']);
    expect(r.code, r.out + r.err).toBe(1);
    const failed = r.report.results.filter((x) => x.status === 'failed');
    // Named as the mutation run names it: a failing case checks the fault's rule or drives its transition.
    expect(failed.some((x) => checksFault(fault, x)), failed.map((x) => `${x.name} [${x.rule}]`).join('\n')).toBe(true);
    // One case pays the timeout (15 s); the others that need a finished backup point to it at once.
    expect(failed.filter((x) => /never completed: /.test(x.message ?? '')).length).toBeLessThanOrEqual(2);
    expect(failed.some((x) => /depends on backup record settled after CopyInstance, which never completed in/.test(x.message ?? ''))).toBe(true);
    expect(r.seconds).toBeLessThan(120);
  }, 240_000);

  test('a restart that never reports RESTARTING fails its transition case on a target that declares its shortest change; the faithful one passes every transition', async () => {
    const fault = FAULTS.find((f) => f.id === 'state.restart-skipped')!;
    const args = (seed: number, config: string) => ['--profile', 'full', '--allow-destructive', '--seed', String(seed), '--config', config, '--only', 'state.transition'];
    const faithful = await run(args(43, (await realisticTarget(43)).config));
    expect(faithful.report.results.filter((x) => x.status !== 'passed').map((x) => `${x.name}: ${x.message}`), faithful.out + faithful.err).toEqual([]);
    const broken = await run(args(44, (await realisticTarget(44, [fault.id])).config));
    const failed = broken.report.results.filter((x) => x.status === 'failed');
    // The restart transition is inferred (instanceStates.json basis), so its case is advisory: counted beside the verdict.
    expect(broken.out, broken.out + broken.err).toMatch(/verdict: PASS; 1 advisory failure/);
    expect(failed.map((x) => x.name)).toEqual(['RestartOrFlushInstances › state.transition (restart)']);
    expect(failed.every((x) => checksFault(fault, x))).toBe(true);
    expect(failed[0]!.message).toMatch(/never reported RESTARTING; the target declares that no state change ends sooner than 1000 ms/);
  }, 240_000);
});
