// The peer tools (bench/peers: Prism, Dredd), pinned in their own package so the product's
// dependencies stay as they are. Installed from the lock file the first time a comparison needs them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './report.ts';

export const PEERS = join(ROOT, 'bench', 'peers');

export function ensurePeers(): void {
  if (existsSync(join(PEERS, 'node_modules', '.bin', 'prism')) && existsSync(join(PEERS, 'node_modules', '.bin', 'dredd'))) return;
  console.error('installing bench/peers (npm ci --prefix bench/peers)…');
  execFileSync('npm', ['ci', '--prefix', PEERS, '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

export const peerBin = (name: 'prism' | 'dredd') => join(PEERS, 'node_modules', '.bin', name);

export function peerVersion(pkg: string): string {
  return (JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(join(PEERS, 'node_modules', pkg, 'package.json'))}))`], { encoding: 'utf8' })) as { version: string }).version;
}

export interface PrismProcess {
  url: string;
  pid: number;
  startSeconds: number;
  stop(): Promise<void>;
}

/** `prism mock <spec>` on a free port; resolves once it accepts HTTP (its "listening" line is info-level, hidden by -v warn). */
export async function startPrism(specFile: string, port: number, extraArgs: string[] = []): Promise<PrismProcess> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(peerBin('prism'), ['mock', specFile, '-p', String(port), '-h', '127.0.0.1', ...extraArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => void (output.length < 200 && output.push(line)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited with code ${child.exitCode} before listening:\n${output.join('\n')}`);
    if (performance.now() - t0 > 120_000) {
      child.kill();
      throw new Error(`prism did not listen within 120 s:\n${output.join('\n')}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) }).then((r) => r.arrayBuffer());
      break;
    } catch {
      await sleep(200);
    }
  }
  return {
    url,
    pid: child.pid!,
    startSeconds: (performance.now() - t0) / 1000,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}
