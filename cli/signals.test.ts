// Every way of stopping leaves nothing behind: the real command line, run against an emulator reached
// by URL in real time, stopped once instances exist. SIGINT and SIGTERM: the run winds down, removes
// what it made and exits 130. SIGKILL to the command line: its worker sees it gone, cleans up and ends.
// SIGKILL to the whole process group: nothing can clean up, and `cleanup --run-id` removes what is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultConfig } from '../emulator/core/config.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { runIdOf } from '../suites/engine/runIds.ts';

const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));
let emu: RunningEmulator;
let config: string;
afterAll(() => emu?.close());

async function setup(): Promise<void> {
  if (emu) return;
  emu = await startEmulator({ seed: 51, realistic: true, config: defaultConfig(51, { realistic: true }), port: 0 });
  const [admin] = emu.config.users;
  config = join(mkdtempSync(join(tmpdir(), 'dcs-signals-')), 'dcs-conformance.config.json');
  writeFileSync(config, JSON.stringify({ target: 't', targets: { t: { kind: 'remote', endpoint: emu.url, projectId: emu.projectId, auth: { token: admin!.token }, consistency: { readLagMs: 500 }, rateLimit: { requestsPerSecond: 150, burst: 20 }, poll: { intervalMs: 500, timeoutMs: 15_000 }, concurrency: 4 } } }));
}

/** Live (not deleted) instances of the emulator whose name carries the run id. */
const live = (runId: string) => [...emu.store.project(emu.projectId)!.instances.values()].filter((i) => runIdOf(i.name) === runId);

/** Processes still running with the run's id in their environment (the command line and its worker); Linux's /proc. */
const processesOf = (runId: string) =>
  readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`DCS_RUN_ID=${runId}`);
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  });

function cli(args: string[], detached = false): { child: ChildProcess; out: () => string; exit: Promise<number> } {
  let out = '';
  const child = spawn(process.execPath, [BIN, ...args], { detached, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (out += d.toString()));
  const exit = once(child, 'exit').then(([code, signal]) => (code ?? (signal ? 128 : 1)) as number);
  return { child, out: () => out, exit };
}

/** Starts a full run and waits until it has instances; returns the run and its id. */
async function runningWithInstances(detached = false): Promise<{ run: ReturnType<typeof cli>; runId: string }> {
  await setup();
  const run = cli(['run', '--profile', 'full', '--allow-destructive', '--config', config, '--report-dir', mkdtempSync(join(tmpdir(), 'dcs-signals-run-'))], detached);
  const deadline = Date.now() + 60_000;
  let runId: string | undefined;
  while (Date.now() < deadline) {
    runId ??= /run id (cf[0-9a-z]{6})/.exec(run.out())?.[1];
    if (runId && live(runId).length >= 3) return { run, runId };
    await sleep(100);
  }
  run.child.kill('SIGKILL');
  throw new Error(`the run made no instances within 60 s:\n${run.out()}`);
}

describe('stopping a run leaves nothing behind', { timeout: 180_000 }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal}: the run stops, removes what it made, and exits 130`, async () => {
      const { run, runId } = await runningWithInstances();
      const made = live(runId).length;
      run.child.kill(signal);
      const code = await run.exit;
      expect(code, run.out()).toBe(130);
      expect(run.out()).toMatch(new RegExp(`${signal}: stopping run ${runId}`));
      expect(made).toBeGreaterThan(0);
      expect(live(runId).map((i) => `${i.name} ${i.status}`), run.out().split('\n').filter((l) => !/^\[(progress|wait)\]/.test(l)).join('\n')).toEqual([]);
    });
  }

  test('SIGKILL to the command line: its worker sees it gone and removes what the run made', async () => {
    const { run, runId } = await runningWithInstances();
    run.child.kill('SIGKILL');
    await run.exit;
    const deadline = Date.now() + 60_000;
    while (live(runId).length && Date.now() < deadline) await sleep(200);
    expect(live(runId).map((i) => `${i.name} ${i.status}`)).toEqual([]);
    // And then it leaves: no process of the run is left running, an orphan of a parent that is gone.
    expect(existsSync('/proc/self/environ'), 'this check reads /proc (Linux)').toBe(true);
    while (processesOf(runId).length && Date.now() < deadline) await sleep(200);
    expect(processesOf(runId), 'processes of the run still alive').toEqual([]);
  });

  test('SIGKILL to the whole group: cleanup --run-id lists (dry run), then removes what was left', async () => {
    const { run, runId } = await runningWithInstances(true);
    process.kill(-run.child.pid!, 'SIGKILL');
    await run.exit;
    await sleep(500);
    const left = live(runId).length;
    expect(left).toBeGreaterThan(0);
    const dry = cli(['cleanup', '--run-id', runId, '--dry-run', '--config', config]);
    expect(await dry.exit, dry.out()).toBe(0);
    expect(dry.out().match(/would remove instance/g)?.length).toBe(left);
    expect(live(runId).length).toBe(left);
    const clean = cli(['cleanup', '--run-id', runId, '--config', config]);
    expect(await clean.exit, clean.out()).toBe(0);
    expect(live(runId).map((i) => `${i.name} ${i.status}`)).toEqual([]);
  });
});
