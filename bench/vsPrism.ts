// The emulator vs Prism's mock server (`prism mock spec/dcs-v2.openapi.json`, from bench/peers) under
// the same load generator, the same connections and the same GET requests, interleaved in rounds.
// Prism answers from the spec's examples (static mode) and keeps no state; the emulator runs its
// handlers over its store. Before the load, each request is sent once to both and the answers are
// compared (status; is the body an example or the emulator's data), so the table says what each
// server really served.
//   npm run bench:vs-prism -- [--seconds 5] [--connections 8] [--rounds 3] [--per-op-seconds 3] [--cpu-prof] [--baseline REF]
// --cpu-prof profiles the emulator process (node --cpu-prof) and names its hot functions.
// --baseline REF runs the emulator of another git ref (lib/baseline.ts) too, interleaved in every
// round: before/after on a shared machine is the median of per-round ratios, as emulator/Prism is.
// CPU µs/request is each server process's CPU time (/proc) over a load's timed part ÷ its requests:
// what a request costs the server, whatever else shares the machine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { loadSpec } from '../spec/index.ts';
import { printHotspots } from './lib/cpuprofile.ts';
import { checkoutRef } from './lib/baseline.ts';
import { procCpuMicros, spawnEmulator } from './lib/emulator.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { machine } from './lib/machine.ts';
import { ensurePeers, freePort, peerVersion, startPrism } from './lib/peers.ts';
import { ROOT, table, writeReport } from './lib/report.ts';
import { callRatio, median, ratioText, roundRatios } from './lib/ratios.ts';
import { seedInstances } from './lib/seed.ts';

/** Issue 17: at least 5× a stateless mock on the mix (and never slower on one operation: ratio ≥ 1). */
const TARGET_RATIO = 5;
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, instances: { type: 'string', default: '50' }, 'per-op-seconds': { type: 'string', default: '3' }, 'cpu-prof': { type: 'boolean', default: false }, baseline: { type: 'string' } } });
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
const checkout = values.baseline ? checkoutRef(values.baseline) : undefined;
const base = checkout ? await spawnEmulator({ quotaInstances: 1_000, root: checkout.root }) : undefined;
const baseIds = base ? await seedInstances(spec, base, Number(values.instances)) : [];
// Prism logs every request at info; warn keeps its console from being what is measured.
const prism = await startPrism(specFile, await freePort(), ['-v', 'warn']);

// GETs both can serve: ids are the emulator's (Prism accepts any id that fits the parameter's schema).
interface Server { name: string; url: string; pid: number; ids: string[]; emulator: boolean }
const requests = [
  { op: 'ListInstances', path: (p: string) => `/v2/${p}/instances?offset=0&limit=10` },
  { op: 'ShowInstance', path: (p: string, i: number, s: Server) => `/v2/${p}/instances/${s.ids[i % s.ids.length]}` },
  { op: 'ListFlavors', path: (p: string) => `/v2/${p}/flavors` },
  { op: 'ListAvailableZones', path: () => '/v2/available-zones' },
];
const EMULATOR = 'emulator';
const BASELINE = checkout ? `emulator of ${checkout.ref} (${checkout.commit.slice(0, 9)})` : undefined;
const PRISM = `prism ${peerVersion('@stoplight/prism-cli')}`;
const servers: Server[] = [
  { name: EMULATOR, url: emu.url, pid: emu.pid, ids, emulator: true },
  ...(base && BASELINE ? [{ name: BASELINE, url: base.url, pid: base.pid, ids: baseIds, emulator: true }] : []),
  { name: PRISM, url: prism.url, pid: prism.pid, ids, emulator: false },
];
const headers = { 'x-auth-token': emu.token, 'x-project-id': emu.projectId };

// What each server answers to each request, once; the baseline's answer must be the emulator's, byte for byte.
const probes: { op: string; server: string; status: number; bytes: number; note: string }[] = [];
const answered = new Map<string, string>();
for (const s of servers) {
  const pool = new Pool(s.url, { connections: 1 });
  for (const r of requests) {
    const res = await pool.request({ method: 'GET', path: r.path(emu.projectId, 0, s), headers });
    const text = await res.body.text();
    const example = spec.operation(r.op).responses.get(res.statusCode)?.examples[0]?.value;
    let note = res.statusCode !== 200 ? text.slice(0, 120) : example !== undefined && JSON.stringify(JSON.parse(text)) === JSON.stringify(example) ? 'the spec\'s example' : 'own data';
    if (s.name === BASELINE) note += answered.get(r.op) === `${res.statusCode} ${text}` ? ' (same bytes as ours)' : ' (DIFFERS from ours)';
    if (s.name === EMULATOR) answered.set(r.op, `${res.statusCode} ${text}`);
    probes.push({ op: r.op, server: s.name, status: res.statusCode, bytes: text.length, note });
  }
  await pool.close();
}
const servable = requests.filter((r) => probes.filter((p) => p.op === r.op).every((p) => p.status === 200));

async function load(s: Server, mix: typeof requests, secs: number): Promise<{ load: LoadResult; cpuMicrosPerRequest: number }> {
  const pool = new Pool(s.url, { connections, pipelining: 1 });
  let cpuAtStart = 0;
  try {
    const result = await runLoad({
      concurrency: connections,
      seconds: secs,
      warmupSeconds: 1,
      onStart: () => (cpuAtStart = procCpuMicros(s.pid)),
      async send(i) {
        const r = mix[i % mix.length]!;
        const res = await pool.request({ method: 'GET', path: r.path(emu.projectId, i, s), headers });
        await res.body.dump();
        return res.statusCode;
      },
    });
    return { load: result, cpuMicrosPerRequest: Math.round((procCpuMicros(s.pid) - cpuAtStart) / Math.max(1, result.requests)) };
  } finally {
    await pool.close();
  }
}

interface Row { server: string; round: number; load: LoadResult; cpuMicrosPerRequest: number }
const rows: Row[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const s of servers) rows.push({ server: s.name, round, ...(await load(s, servable, seconds)) });
}
const perRoundRatio = (rs: Row[], top: string, bottom: string, target: number) => callRatio(roundRatios(rs, (x) => x.server === top, (x) => x.server === bottom, (x) => x.load.requestsPerSecond), target);
// Each operation alone, both servers back to back, in rounds too: where the mix's time goes, and
// whether the emulator is slower than a stateless mock on any one of them.
const perOp = [];
for (const r of servable) {
  const opRows: Row[] = [];
  for (let round = 1; round <= rounds; round++) for (const s of servers) opRows.push({ server: s.name, round, ...(await load(s, [r], Number(values['per-op-seconds']))) });
  const rps = (name: string) => median(opRows.filter((x) => x.server === name).map((x) => x.load.requestsPerSecond));
  const cpu = (name: string) => median(opRows.filter((x) => x.server === name).map((x) => x.cpuMicrosPerRequest));
  perOp.push({
    op: r.op,
    emulator: rps(EMULATOR),
    prism: rps(PRISM),
    ratio: perRoundRatio(opRows, EMULATOR, PRISM, 1),
    emulatorCpuMicrosPerRequest: cpu(EMULATOR),
    ...(BASELINE ? { baseline: rps(BASELINE), baselineCpuMicrosPerRequest: cpu(BASELINE), baselineRatio: perRoundRatio(opRows, BASELINE, PRISM, 1), overBaseline: perRoundRatio(opRows, EMULATOR, BASELINE, 1) } : {}),
  });
}
await prism.stop();
await emu.stop();
await base?.stop();
checkout?.remove();

const summary = servers.map((s) => {
  const mine = rows.filter((r) => r.server === s.name);
  return { server: s.name, requestsPerSecond: median(mine.map((r) => r.load.requestsPerSecond)), cpuMicrosPerRequest: median(mine.map((r) => r.cpuMicrosPerRequest)), p50Ms: median(mine.map((r) => r.load.latencyMs.p50)), p99Ms: median(mine.map((r) => r.load.latencyMs.p99)), non200: mine.reduce((n, r) => n + r.load.requests - (r.load.statuses['200'] ?? 0), 0), perRound: mine.map((r) => r.load.requestsPerSecond) };
});
// Each round's own ratio (the servers ran back to back), then their median and spread.
const ratio = perRoundRatio(rows, EMULATOR, PRISM, TARGET_RATIO);
const baselineRatio = BASELINE ? perRoundRatio(rows, BASELINE, PRISM, TARGET_RATIO) : undefined;
const overBaseline = BASELINE ? perRoundRatio(rows, EMULATOR, BASELINE, 1) : undefined;
console.log(`what each server answers (one request each, before the load):\n`);
console.log(table(['operation', 'server', 'status', 'bytes', 'body'], probes.map((p) => [p.op, p.server, p.status, p.bytes, p.note])));
console.log(`\nload: ${servable.map((r) => r.op).join(' / ')} in turn; ${connections} connections = ${connections} concurrent requests; ${rounds} rounds × ${seconds} s per server (after 1 s warm-up), interleaved; medians. Prism started in ${prism.startSeconds.toFixed(1)} s.\n`);
console.log(table(['server', 'req/s', 'CPU µs/req', 'p50 ms', 'p99 ms', 'non-200', 'per round'], summary.map((s) => [s.server, s.requestsPerSecond, s.cpuMicrosPerRequest, s.p50Ms, s.p99Ms, s.non200, s.perRound.join(' / ')])));
console.log(`\neach operation alone (${rounds} rounds × ${values['per-op-seconds']} s each, interleaved; medians; CPU µs/req: the server process's CPU time per request):\n`);
const span = (c: { min: number; max: number }) => `${c.min.toFixed(2)}–${c.max.toFixed(2)}`;
const verdict = (c: { call: string }) => (c.call === 'met' ? 'yes' : c.call === 'missed' ? 'NO' : 'undecided');
console.log(table(['operation', 'emulator req/s', 'CPU µs/req', 'prism req/s', 'emulator / prism', 'rounds', 'never slower'], perOp.map((o) => [o.op, o.emulator, o.emulatorCpuMicrosPerRequest, o.prism, o.ratio.median.toFixed(2), span(o.ratio), verdict(o.ratio)])));
if (BASELINE) {
  console.log(`\nthe same loads on the ${BASELINE} (interleaved with the others in every round):\n`);
  console.log(table(['operation', 'baseline req/s', 'CPU µs/req', 'baseline / prism', 'rounds', 'emulator / baseline', 'rounds'], perOp.map((o) => [o.op, o.baseline, o.baselineCpuMicrosPerRequest, o.baselineRatio!.median.toFixed(2), span(o.baselineRatio!), o.overBaseline!.median.toFixed(2), span(o.overBaseline!)])));
}
console.log(`\n${ratioText('emulator / prism', ratio)}`);
if (baselineRatio && overBaseline) {
  console.log(ratioText('baseline / prism', baselineRatio));
  console.log(ratioText('emulator / baseline', overBaseline));
}
const unserved = requests.filter((r) => !servable.includes(r)).map((r) => r.op);
if (unserved.length) console.log(`left out of the load (not a 200 from both): ${unserved.join(', ')}`);
const profile = profDir ? printHotspots(profDir, 'emulator CPU profile (whole life: seeding, probes, mix and per-operation loads)') : undefined;
writeReport('vs-prism', m, { perOperation: perOp, ...(profile ? { profile } : {}), prism: { version: peerVersion('@stoplight/prism-cli'), args: ['mock', 'spec/dcs-v2.openapi.json', '-v', 'warn'], startSeconds: Math.round(prism.startSeconds * 100) / 100 }, settings: { seconds, connections, rounds, instances: ids.length }, ...(checkout ? { baseline: { ref: checkout.ref, commit: checkout.commit } } : {}), probes, load: servable.map((r) => r.op), unserved, summary, rounds: rows, ratio: { emulatorOverPrism: ratio, ...(baselineRatio && overBaseline ? { baselineOverPrism: baselineRatio, emulatorOverBaseline: overBaseline } : {}) } });
