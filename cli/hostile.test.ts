// Targets that do not behave like an API, run through the real command line: one that accepts
// connections and never answers ends as unreachable (exit 3) in about one request timeout, not after
// hours; one that answers HTML to everything gets named failures that say what it answered, never a
// harness error.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { ConformanceReport } from '../reporters/types.ts';

const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));
const closers: (() => void)[] = [];
afterAll(() => closers.forEach((c) => c()));

function configFor(endpoint: string, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcs-hostile-'));
  const file = join(dir, 'dcs-conformance.config.json');
  writeFileSync(file, JSON.stringify({ target: 't', targets: { t: { kind: 'remote', endpoint, projectId: '0123456789abcdef0123456789abcdef', auth: { token: 'x' }, control: false, concurrency: 2, ...extra } } }));
  return file;
}

function run(args: string[]): Promise<{ code: number; out: string; err: string; dir: string; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dcs-hostile-run-'));
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'run', '--report-dir', dir, ...args], { maxBuffer: 64 * 2 ** 20 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err, dir, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

describe('hostile targets', () => {
  test('accepts connections and never answers: exit 3 in about one request timeout, saying so', async () => {
    const held: Socket[] = [];
    const silent: TcpServer = createTcpServer((s) => void held.push(s));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    closers.push(() => {
      held.forEach((s) => s.destroy());
      silent.close();
    });
    const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const r = await run(['--profile', 'smoke', '--config', configFor(endpoint, { timeoutMs: 1500 })]);
    expect(r.code, r.out + r.err).toBe(3);
    expect(r.err).toMatch(/did not answer ShowQuotaOfTenant within 1500 ms/);
    expect(r.seconds).toBeLessThan(30);
  }, 60_000);

  test('answers at first, then stops answering mid-run: the run ends as unreachable (exit 3), not after a timeout per request', async () => {
    const quota = { quotas: { resources: [{ type: 'instance', quota: 100, used: 0, min: 1, max: 100, unit: '' }, { type: 'ram', quota: 4096, used: 0, min: 1, max: 4096, unit: 'GB' }] } };
    const held: import('node:http').ServerResponse[] = [];
    const half: Server = createServer((req, res) => {
      if (req.url?.endsWith('/quota')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(quota));
      } else held.push(res);
    });
    half.listen(0, '127.0.0.1');
    await once(half, 'listening');
    closers.push(() => {
      half.closeAllConnections();
      half.close();
    });
    const endpoint = `http://127.0.0.1:${(half.address() as { port: number }).port}`;
    const r = await run(['--profile', 'smoke', '--config', configFor(endpoint, { timeoutMs: 1500 })]);
    expect(r.code, r.out + r.err).toBe(3);
    expect(r.err).toMatch(/target stopped answering during the run: .*3 requests in a row got no answer within 1500 ms/);
    // 112 smoke cases would take ~3 minutes at one timeout each; they fail at once after the third.
    expect(r.seconds).toBeLessThan(40);
  }, 90_000);

  test('answers HTML to everything: named failures that show the answer, no harness error', async () => {
    const garbage: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    garbage.listen(0, '127.0.0.1');
    await once(garbage, 'listening');
    closers.push(() => garbage.close());
    const endpoint = `http://127.0.0.1:${(garbage.address() as { port: number }).port}`;
    const r = await run(['--profile', 'smoke', '--allow-destructive', '--config', configFor(endpoint, { timeoutMs: 5000, poll: { timeoutMs: 2000, intervalMs: 200 } })]);
    expect(r.code, r.out + r.err).toBe(1);
    const report = JSON.parse(readFileSync(join(r.dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    const failed = report.results.filter((x) => x.status === 'failed');
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.filter((x) => /harness error/.test(x.message ?? '')).map((x) => `${x.name}: ${x.message?.split('\n')[0]}`)).toEqual([]);
    // What a needed step got is in the message: the body is not JSON, and what it was.
    expect(failed.some((x) => /answered 200 \(a body that is not JSON\): <html><body>Welcome to nginx!/.test(x.message ?? ''))).toBe(true);
  }, 120_000);
});
