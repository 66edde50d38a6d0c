// The emulator under load runs in its own process (`emulator/cli.ts --json`), as `npm run emulator`
// would: the load generator's CPU is not the server's, and its RSS is the emulator's alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultConfig, type EmulatorConfig } from '../../emulator/core/config.ts';
import { ROOT } from './report.ts';

export interface EmulatorProcess {
  url: string;
  projectId: string;
  token: string;
  pid: number;
  faults: string[];
  /** The config it was started with (users, tokens, durations). */
  config: EmulatorConfig;
  /** Resident set size now, and its peak (VmHWM), in MB, from /proc. */
  memory(): { rssMB: number; peakMB: number };
  /** CPU time the process has used so far (user + system), µs, from /proc. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  seed?: number;
  faults?: string[];
  /** Instances per project the quota allows (the default config's 100 is too few for load). */
  quotaInstances?: number;
  /** Extra node flags for the emulator process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** `--realistic`: a cloud endpoint (real time, jitter, read lag, throttling, no control API); else a manual clock. */
  realistic?: boolean;
  /** The checkout whose emulator runs (lib/baseline.ts); default this one. */
  root?: string;
}

export async function spawnEmulator(options: SpawnOptions = {}): Promise<EmulatorProcess> {
  const seed = options.seed ?? 3;
  const config = defaultConfig(seed, { realistic: !!options.realistic });
  if (options.quotaInstances) for (const p of config.projects) p.quota = { instances: options.quotaInstances, ram: options.quotaInstances * 1024 };
  const configFile = join(mkdtempSync(join(tmpdir(), 'dcs-bench-')), 'emulator.json');
  writeFileSync(configFile, JSON.stringify(config));
  const args = ['--import', 'tsx', ...(options.nodeArgs ?? []), 'emulator/cli.ts', '--port', '0', '--json', ...(options.realistic ? ['--realistic'] : ['--clock', 'manual']), '--seed', String(seed), '--config', configFile];
  for (const f of options.faults ?? []) args.push('--fault', f);
  const child = spawn(process.execPath, args, { cwd: options.root ?? ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await firstJsonLine(child);
  const pid = child.pid!;
  return {
    url: info.url,
    projectId: info.projectId,
    token: info.token,
    pid,
    faults: info.faults ?? [],
    config: { ...config, ...(info.realism ? { realism: info.realism, controlApi: false } : {}) },
    memory: () => procMemory(pid),
    cpuMicros: () => procCpuMicros(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function firstJsonLine(child: ChildProcess): Promise<{ url: string; projectId: string; token: string; faults?: string[]; realism?: EmulatorConfig['realism'] }> {
  const lines = createInterface({ input: child.stdout! });
  const exit = once(child, 'exit').then(([code]) => {
    throw new Error(`emulator exited with code ${code} before printing its JSON line`);
  });
  const [line] = (await Promise.race([once(lines, 'line'), exit])) as [string];
  return JSON.parse(line);
}

/** utime + stime of /proc/<pid>/stat (clock ticks, 100 per second on Linux), in µs. */
export function procCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from the state field (3rd).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function procMemory(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}
