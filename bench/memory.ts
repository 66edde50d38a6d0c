// The emulator holding 10,000 instances: RSS of its process (from /proc) before and after, how long
// making them through the API takes (CreateInstance batches of instance_num = the rule's maximum),
// and paged ListInstances throughput (offset/limit pages) from the same load generator as the other
// benchmarks. --cpu-prof profiles the emulator during the listing and names its hot functions.
//   npm run bench:memory -- [--instances 10000] [--seconds 5] [--connections 8] [--limit 10 --limit 100] [--cpu-prof]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadSpec } from '../spec/index.ts';
import { printHotspots } from './lib/cpuprofile.ts';
import { spawnEmulator } from './lib/emulator.ts';
import { runLoad } from './lib/load.ts';
import { machine } from './lib/machine.ts';
import { table, writeReport } from './lib/report.ts';
import { seedInstances } from './lib/seed.ts';

const TARGET = { rssMB: 300, requestsPerSecond: 2_000 };
const { values } = parseArgs({ options: { instances: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' }, limit: { type: 'string', multiple: true, default: ['10', '100'] }, 'cpu-prof': { type: 'boolean', default: false } } });
const count = Number(values.instances);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const m = machine();
const spec = await loadSpec();
const profDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'dcs-bench-prof-')) : undefined;
const emu = await spawnEmulator({ quotaInstances: count * 2, ...(profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {}) });
const idle = emu.memory();

const t0 = performance.now();
const ids = await seedInstances(spec, emu, count);
const seedSeconds = (performance.now() - t0) / 1000;
const loaded = emu.memory();

const pool = new Pool(emu.url, { connections, pipelining: 1 });
const headers = { 'x-auth-token': emu.token };
const listings = [];
for (const limit of values.limit!.map(Number)) {
  const pages = Math.max(1, Math.floor(ids.length / limit));
  const load = await runLoad({
    concurrency: connections,
    seconds,
    warmupSeconds: 1,
    async send(i) {
      const res = await pool.request({ method: 'GET', path: `/v2/${emu.projectId}/instances?offset=${(i % pages) * limit}&limit=${limit}`, headers });
      await res.body.dump();
      return res.statusCode;
    },
  });
  listings.push({ limit, ...load, rssAfterMB: emu.memory().rssMB });
}
// One page checked by hand: the listing really holds every instance.
const check = await pool.request({ method: 'GET', path: `/v2/${emu.projectId}/instances?offset=0&limit=1`, headers });
const listed = ((await check.body.json()) as { instance_num: number }).instance_num;
await pool.close();
const final = emu.memory();
await emu.stop();

const mb = (x: number) => Math.round(x * 10) / 10;
console.log(`emulator process with ${ids.length.toLocaleString('en-US')} instances (made through the API: ${Math.ceil(count / spec.rules.instanceNum.maximum)} CreateInstance calls of instance_num ≤ ${spec.rules.instanceNum.maximum}, in ${seedSeconds.toFixed(1)} s; ListInstances reports instance_num = ${listed})\n`);
console.log(table(['emulator RSS', 'MB'], [['started, empty', mb(idle.rssMB)], [`after ${ids.length} instances`, mb(loaded.rssMB)], ['after the listing load', mb(final.rssMB)], ['peak (VmHWM)', mb(final.peakMB)]]));
console.log();
console.log(table(['ListInstances page', 'req/s', 'p50 ms', 'p99 ms', 'non-200', 'instances/s rendered'], listings.map((l) => [`offset=k×${l.limit}&limit=${l.limit}`, l.requestsPerSecond, l.latencyMs.p50, l.latencyMs.p99, l.requests - (l.statuses['200'] ?? 0), l.requestsPerSecond * l.limit])));
const rssMet = final.peakMB < TARGET.rssMB;
// The target is judged at the spec's default page size (what a client that pages without choosing gets);
// other sizes are shown for scale.
const listOp = spec.operations.find((o) => o.id === 'ListInstances')!;
const defaultLimit = Number(listOp.parameters.find((p) => p.name === 'limit')?.schema.default);
const judged = listings.filter((l) => l.limit === defaultLimit);
if (!judged.length) console.log(`(no run at the default page size, limit ${defaultLimit}: add --limit ${defaultLimit} to judge the listing target)`);
const rpsMet = judged.length > 0 && judged.every((l) => l.requestsPerSecond > TARGET.requestsPerSecond);
console.log(`\ntargets: RSS < ${TARGET.rssMB} MB: ${rssMet ? 'met' : 'MISSED'} (peak ${mb(final.peakMB)} MB); paged listing > ${TARGET.requestsPerSecond} req/s at the default page size (limit ${defaultLimit}): ${rpsMet ? 'met' : 'MISSED'} (${listings.map((l) => `limit ${l.limit}: ${l.requestsPerSecond}`).join(', ')}); ${connections} connections, ${seconds} s each after 1 s warm-up`);

const profile = profDir ? printHotspots(profDir, 'emulator CPU profile (whole life: seeding + listing)') : undefined;
writeReport('memory', m, { instances: ids.length, listed, seededThrough: 'API: CreateInstance batches (instance_num)', seedSeconds: Math.round(seedSeconds * 100) / 100, rssMB: { idle: mb(idle.rssMB), afterSeed: mb(loaded.rssMB), afterLoad: mb(final.rssMB), peak: mb(final.peakMB) }, listings, settings: { seconds, connections }, targets: { ...TARGET, judgedAtLimit: defaultLimit, rssMet, requestsPerSecondMet: rpsMet }, ...(profile ? { profile } : {}) });
