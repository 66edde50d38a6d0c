// Emulator throughput on loopback: a read-heavy and a write-heavy mix, each for a fixed time, from a
// separate load-generator process (this one) against `npm run emulator` in a child process.
//   npm run bench:emulator -- [--seconds 5] [--connections 16]
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../emulator/core/config.ts';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadSpec } from '../spec/index.ts';
import { createInstanceBody } from '../harness/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

// Quotas high enough that every create in the write mix is really served, not refused.
const config = defaultConfig(3);
for (const p of config.projects) p.quota = { instances: 1_000_000, ram: 1_000_000_000 };
const configFile = join(mkdtempSync(join(tmpdir(), 'dcs-bench-')), 'emulator.json');
writeFileSync(configFile, JSON.stringify(config));
const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--json', '--clock', 'manual', '--seed', '3', '--config', configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const emu = JSON.parse(line) as { url: string; projectId: string; token: string };
const pool = new Pool(emu.url, { connections, pipelining: 1 });
const spec = await loadSpec();
const headers = { 'x-auth-token': emu.token, 'content-type': 'application/json' };
const base = `/v2/${emu.projectId}`;

async function request(method: string, path: string, body?: unknown): Promise<number> {
  const res = await pool.request({ method: method as 'GET', path, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  await res.body.dump();
  return res.statusCode;
}

// Seed 200 instances so reads page over real data.
const ids: string[] = [];
for (let k = 0; k < 200; k++) {
  const res = await pool.request({ method: 'POST', path: `${base}/instances`, headers, body: JSON.stringify(createInstanceBody(spec, { name: `bench-${k}` })) });
  ids.push(((await res.body.json()) as { instances: { instance_id: string }[] }).instances[0]!.instance_id);
}
await request('POST', `/__emulator/clock/advance?ms=3600000`);

type Mix = () => Promise<number>;
const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
let n = 0;
const mixes: Record<string, Mix> = {
  'read-heavy (90% GET details/list, 10% PUT description)': () => {
    const i = n++;
    if (i % 10 === 9) return request('PUT', `${base}/instances/${pick(ids, i)}`, { description: `d${i}` });
    return i % 2 ? request('GET', `${base}/instances/${pick(ids, i)}`) : request('GET', `${base}/instances?offset=${i % 190}&limit=10`);
  },
  'write-heavy (1/3 create, 1/3 PUT description, 1/3 GET status counts)': () => {
    const i = n++;
    if (i % 3 === 0) return request('POST', `${base}/instances`, createInstanceBody(spec, { name: `w-${i}` }));
    if (i % 3 === 1) return request('PUT', `${base}/instances/${pick(ids, i)}`, { description: `w${i}` });
    return request('GET', `${base}/instances/status`);
  },
};

for (const [name, mix] of Object.entries(mixes)) {
  let done = 0;
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const status = await mix();
        if (status >= 500) errors++;
        done++;
      }
    }),
  );
  console.log(`${name}: ${Math.round(done / seconds)} requests/s (${done} in ${seconds}s, ${connections} connections, ${errors} 5xx)`);
}
await pool.close();
child.kill();
