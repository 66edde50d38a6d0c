// The emulator vs Prism's mock server (`prism mock spec/dcs-v2.openapi.json`, from bench/peers) under
// the same load generator, the same connections and the same GET requests, interleaved in rounds.
// Prism answers from the spec's examples (static mode) and keeps no state; the emulator runs its
// handlers over its store. Before the load, each request is sent once to both and the answers are
// compared (status; is the body an example or the emulator's data), so the table says what each
// server really served.
//   npm run bench:vs-prism -- [--seconds 5] [--connections 8] [--rounds 3] [--per-op-seconds 3] [--cpu-prof]
// --cpu-prof profiles the emulator process (node --cpu-prof) and names its hot functions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadSpec } from '../spec/index.ts';
import { printHotspots } from './lib/cpuprofile.ts';
import { spawnEmulator } from './lib/emulator.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { machine } from './lib/machine.ts';
import { ensurePeers, freePort, peerVersion, startPrism } from './lib/peers.ts';
import { ROOT, table, writeReport } from './lib/report.ts';
import { callRatio, median, ratioText, roundRatios } from './lib/ratios.ts';
import { seedInstances } from './lib/seed.ts';

/** Issue 17: at least 5× a stateless mock on the mix (and never slower on one operation: ratio ≥ 1). */
const TARGET_RATIO = 5;
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, instances: { type: 'string', default: '50' }, 'per-op-seconds': { type: 'string', default: '3' }, 'cpu-prof': { type: 'boolean', default: false } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const m = machine();
ensurePeers();
const spec = await loadSpec();
const specFile = join(ROOT, 'spec', 'dcs-v2.openapi.json');

const profDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'dcs-bench-prof-')) : undefined;
const emu = await spawnEmulator({ quotaInstances: 1_000, ...(profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {}) });
const ids = await seedInstances(spec, emu, Number(values.instances));
// Prism logs every request at info; warn keeps its console from being what is measured.
const prism = await startPrism(specFile, await freePort(), ['-v', 'warn']);

// GETs both can serve: ids are the emulator's (Prism accepts any id that fits the parameter's schema).
const requests = [
  { op: 'ListInstances', path: (p: string) => `/v2/${p}/instances?offset=0&limit=10` },
  { op: 'ShowInstance', path: (p: string, i: number) => `/v2/${p}/instances/${ids[i % ids.length]}` },
  { op: 'ListFlavors', path: (p: string) => `/v2/${p}/flavors` },
  { op: 'ListAvailableZones', path: () => '/v2/available-zones' },
];
const servers = [
  { name: 'emulator', url: emu.url },
  { name: `prism ${peerVersion('@stoplight/prism-cli')}`, url: prism.url },
];
const headers = { 'x-auth-token': emu.token, 'x-project-id': emu.projectId };

// What each server answers to each request, once.
const probes: { op: string; server: string; status: number; bytes: number; note: string }[] = [];
for (const s of servers) {
  const pool = new Pool(s.url, { connections: 1 });
  for (const r of requests) {
    const res = await pool.request({ method: 'GET', path: r.path(emu.projectId, 0), headers });
    const text = await res.body.text();
    const example = spec.operation(r.op).responses.get(res.statusCode)?.examples[0]?.value;
    const note = res.statusCode !== 200 ? text.slice(0, 120) : example !== undefined && JSON.stringify(JSON.parse(text)) === JSON.stringify(example) ? 'the spec\'s example' : 'own data';
    probes.push({ op: r.op, server: s.name, status: res.statusCode, bytes: text.length, note });
  }
  await pool.close();
}
const servable = requests.filter((r) => probes.filter((p) => p.op === r.op).every((p) => p.status === 200));

async function load(url: string, mix: typeof requests, secs: number): Promise<LoadResult> {
  const pool = new Pool(url, { connections, pipelining: 1 });
  try {
    return await runLoad({
      concurrency: connections,
      seconds: secs,
      warmupSeconds: 1,
      async send(i) {
        const r = mix[i % mix.length]!;
        const res = await pool.request({ method: 'GET', path: r.path(emu.projectId, i), headers });
        await res.body.dump();
        return res.statusCode;
      },
    });
  } finally {
    await pool.close();
  }
}

interface Row { server: string; round: number; load: LoadResult }
const rows: Row[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const s of servers) rows.push({ server: s.name, round, load: await load(s.url, servable, seconds) });
}
// Each operation alone, both servers back to back, in rounds too: where the mix's time goes, and
// whether the emulator is slower than a stateless mock on any one of them.
const perOp = [];
for (const r of servable) {
  const opRows: Row[] = [];
  for (let round = 1; round <= rounds; round++) for (const s of servers) opRows.push({ server: s.name, round, load: await load(s.url, [r], Number(values['per-op-seconds'])) });
  const rps = (name: string) => median(opRows.filter((x) => x.server === name).map((x) => x.load.requestsPerSecond));
  perOp.push({ op: r.op, emulator: rps(servers[0]!.name), prism: rps(servers[1]!.name), ratio: callRatio(roundRatios(opRows, (x) => x.server === servers[0]!.name, (x) => x.server === servers[1]!.name, (x) => x.load.requestsPerSecond), 1) });
}
await prism.stop();
await emu.stop();

const summary = servers.map((s) => {
  const mine = rows.filter((r) => r.server === s.name);
  return { server: s.name, requestsPerSecond: median(mine.map((r) => r.load.requestsPerSecond)), p50Ms: median(mine.map((r) => r.load.latencyMs.p50)), p99Ms: median(mine.map((r) => r.load.latencyMs.p99)), non200: mine.reduce((n, r) => n + r.load.requests - (r.load.statuses['200'] ?? 0), 0), perRound: mine.map((r) => r.load.requestsPerSecond) };
});
// Each round's own ratio (the servers ran back to back), then their median and spread.
const ratio = callRatio(roundRatios(rows, (r) => r.server === servers[0]!.name, (r) => r.server === servers[1]!.name, (r) => r.load.requestsPerSecond), TARGET_RATIO);
console.log(`what each server answers (one request each, before the load):\n`);
console.log(table(['operation', 'server', 'status', 'bytes', 'body'], probes.map((p) => [p.op, p.server, p.status, p.bytes, p.note])));
console.log(`\nload: ${servable.map((r) => r.op).join(' / ')} in turn; ${connections} connections = ${connections} concurrent requests; ${rounds} rounds × ${seconds} s per server (after 1 s warm-up), interleaved; medians. Prism started in ${prism.startSeconds.toFixed(1)} s.\n`);
console.log(table(['server', 'req/s', 'p50 ms', 'p99 ms', 'non-200', 'per round'], summary.map((s) => [s.server, s.requestsPerSecond, s.p50Ms, s.p99Ms, s.non200, s.perRound.join(' / ')])));
console.log(`\neach operation alone (${rounds} rounds × ${values['per-op-seconds']} s each, interleaved; medians):\n`);
console.log(table(['operation', 'emulator req/s', 'prism req/s', 'emulator / prism', 'rounds', 'never slower'], perOp.map((o) => [o.op, o.emulator, o.prism, o.ratio.median.toFixed(2), `${o.ratio.min.toFixed(2)}–${o.ratio.max.toFixed(2)}`, o.ratio.call === 'met' ? 'yes' : o.ratio.call === 'missed' ? 'NO' : 'undecided'])));
console.log(`\n${ratioText('emulator / prism', ratio)}`);
const unserved = requests.filter((r) => !servable.includes(r)).map((r) => r.op);
if (unserved.length) console.log(`left out of the load (not a 200 from both): ${unserved.join(', ')}`);
const profile = profDir ? printHotspots(profDir, 'emulator CPU profile (whole life: seeding, probes, mix and per-operation loads)') : undefined;
writeReport('vs-prism', m, { perOperation: perOp, ...(profile ? { profile } : {}), prism: { version: peerVersion('@stoplight/prism-cli'), args: ['mock', 'spec/dcs-v2.openapi.json', '-v', 'warn'], startSeconds: Math.round(prism.startSeconds * 100) / 100 }, settings: { seconds, connections, rounds, instances: ids.length }, probes, load: servable.map((r) => r.op), unserved, summary, rounds: rows, ratio: { emulatorOverPrism: ratio } });
