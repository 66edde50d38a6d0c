// Validated requests/s through the harness client (createClient + call: every response checked
// against the spec) vs the same requests sent raw with undici and not checked (the limit of this
// machine), against the emulator in a child process. Both use the same connections and concurrency,
// interleaved in rounds so drift on a shared machine hits both alike. "Raw undici" is its request()
// API (a Readable body, read with body.text()). A third variant reads and JSON.parses each body and
// checks nothing: no target, the floor under any client that reads bodies. A fourth does the same
// through undici's dispatch() with a handler, the API the harness transport uses: no target either.
//   npm run bench:harness -- [--seconds 2] [--connections 8] [--rounds 7] [--instances 50] [--case-exchanges 16] [--cpu-prof] [--baseline REF]
// Many short rounds rather than a few long ones: this machine's speed moves within seconds, and each
// round's ratio is taken between variants that ran seconds apart.
// --baseline REF runs the harness client of another git ref (lib/baseline.ts) too, checked and
// recorded, against the same emulator and interleaved in every round: before and after as per-round ratios.
// --cpu-prof profiles this process (the client side) during each harness variant's first round and
// names its hot functions (the profiler slows the client: read the ratios of a run without it).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool, util } from 'undici';
import { authFromCredentials, createClient, tokenAuth, type CallArgs, type DcsClientOptions, type SecretInput } from '../harness/index.ts';
import { checkoutRef } from './lib/baseline.ts';
import { loadSpec } from '../spec/index.ts';
import { spawnEmulator } from './lib/emulator.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { printHotspots } from './lib/cpuprofile.ts';
import { machine } from './lib/machine.ts';
import { table, writeReport } from './lib/report.ts';
import { callRatio, median, ratioText, roundRatios } from './lib/ratios.ts';
import { seedInstances } from './lib/seed.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, connections: { type: 'string', default: '8' }, rounds: { type: 'string', default: '7' }, instances: { type: 'string', default: '50' }, 'case-exchanges': { type: 'string', default: '16' }, 'cpu-prof': { type: 'boolean', default: false }, baseline: { type: 'string' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
// A run's lane keeps the exchanges of the case that is running and hands them on at its end
// (suites/engine/context.ts exchanges.take(), suites/engine/run.ts); a certification run makes
// 13,165 requests in 844 cases (bench:certification), about 16 a case. What reporters then write of
// them (Allure attachments, bundles) is theirs, not the client's, and is not counted here.
const caseExchanges = Number(values['case-exchanges']);
const instances = Number(values.instances);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number (got ${values.seconds}). Fix: e.g. --seconds 2.`);
for (const [k, v, example] of [['connections', connections, 8], ['rounds', rounds, 7], ['instances', instances, 50], ['case-exchanges', caseExchanges, 16]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive whole number (got ${values[k]}). Fix: e.g. --${k} ${example}.`);
}
/** Issue 17: the checked client ≥ 0.75× raw undici; recording every exchange as a run does ≥ 0.5×. */
const TARGETS = { harness: 0.75, asInRun: 0.5 };
const checkout = values.baseline ? checkoutRef(values.baseline) : undefined;
// The ref's files go whatever ends the script (an error in a round included).
if (checkout) process.once('exit', () => checkout.remove());
// The ref's own harness (its transport, checks and masker), given this tree's spec: the same operations and schemas.
const baselineClient = checkout ? ((await import(join(checkout.root, 'harness/index.ts'))) as { createClient: typeof createClient }).createClient : undefined;
const m = machine();
const spec = await loadSpec();
const emu = await spawnEmulator({ quotaInstances: 1_000 });
const ids = await seedInstances(spec, emu, instances);
const profDir = values['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'dcs-bench-harness-prof-')) : undefined;

// A run's clients know every principal's credentials, not only their own (suites/engine/context.ts,
// from the principals suites/engine/target.ts gives on the emulator): masking scans for all of them.
const user = (name: string) => emu.config.users.find((u) => u.name === name);
const admin = user('admin');
const runSecrets: SecretInput[] = [
  ...(user('readonly') ? authFromCredentials({ token: user('readonly')!.token }, 'readonly').secrets : []),
  ...(user('other') ? authFromCredentials({ token: user('other')!.token }, 'other').secrets : []),
  ...(admin ? authFromCredentials({ ak: admin.ak, sk: admin.sk }).secrets : []),
];

// The mix: one detail read, one paged list, one catalog read, in turn.
type Call = [operationId: string, args: CallArgs];
const mix = (i: number): Call => {
  const id = ids[i % ids.length]!;
  switch (i % 3) {
    case 0: return ['ShowInstance', { params: { instance_id: id } }];
    case 1: return ['ListInstances', { query: { offset: i % Math.max(1, ids.length - 10), limit: 10 } }];
    default: return ['ListAvailableZones', {}];
  }
};

// Raw: the same method, path and query, built once per request like the client does, no checks.
const pathOf = (i: number) => {
  const [op, args] = mix(i);
  const o = spec.operation(op);
  const path = o.path.replace('{project_id}', emu.projectId).replace('{instance_id}', String(args.params?.instance_id ?? ''));
  const q = new URLSearchParams(Object.entries(args.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { method: o.method.toUpperCase(), path: q ? `${path}?${q}` : path };
};
const headers = { 'x-auth-token': emu.token, 'x-project-id': emu.projectId };

interface Variant {
  name: string;
  short: string;
  open(): { send(i: number): Promise<number>; close(): Promise<void>; problems(): number };
}
// Raw undici: the same requests, no checks. `parse`: each body is also JSON.parsed: the least any
// client that looks at a body must do. `dispatch`: undici's lower-level API (a handler, no Readable body
// stream), which the harness transport uses (harness/transport/collector.ts); it reads and parses like
// `parse`. Neither is a target; they show how much of the gap between the checked client and raw undici
// no checking client avoids, and how much of the harness's speed is the API it picked.
type RawMode = 'request' | 'parse' | 'dispatch';
const RAW_NAMES: Record<RawMode, [name: string, short: string]> = {
  request: ['raw undici, no checks', 'raw'],
  parse: ['raw undici + JSON.parse, no checks', 'raw+parse'],
  dispatch: ['raw undici dispatch + JSON.parse, no checks', 'raw-dispatch+parse'],
};
/** The least a dispatch handler does that reads a whole answer: parse the headers, keep the chunks, decode the text. */
class RawHandler {
  status = 0;
  private chunks: Buffer[] = [];
  constructor(private readonly done: (status: number, text: string) => void, private readonly fail: (err: unknown) => void) {}
  onConnect(): void {}
  onHeaders(status: number, raw: Buffer[]): boolean {
    this.status = status;
    util.parseHeaders(raw);
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }
  onComplete(): void {
    this.done(this.status, Buffer.concat(this.chunks).toString('utf8'));
  }
  onError(err: unknown): void {
    this.fail(err);
  }
}
const rawVariant = (mode: RawMode): Variant => ({
  name: RAW_NAMES[mode][0],
  short: RAW_NAMES[mode][1],
  open() {
    const pool = new Pool(emu.url, { connections, pipelining: 1 });
    return {
      async send(i) {
        const { method, path } = pathOf(i);
        if (mode === 'dispatch') {
          const [status, text] = await new Promise<[number, string]>((resolve, reject) => {
            pool.dispatch({ method: method as 'GET', path, headers }, new RawHandler((st, t) => resolve([st, t]), reject) as never);
          });
          JSON.parse(text);
          return status;
        }
        const res = await pool.request({ method: method as 'GET', path, headers });
        const text = await res.body.text();
        if (mode === 'parse') JSON.parse(text);
        return res.statusCode;
      },
      close: () => pool.close(),
      problems: () => 0,
    };
  },
});
// The harness client, checked; `asInRun`: every exchange also masked and kept as a run's lane does.
const harnessVariant = (asInRun: boolean, make: (o: DcsClientOptions) => ReturnType<typeof createClient>, ref?: string): Variant => ({
  name: `${asInRun ? 'harness, checked + exchanges recorded (as in a run)' : 'harness client, checked'}${ref ? ` (${ref})` : ''}`,
  short: `${asInRun ? 'harness+recorded' : 'harness'}${ref ? '@baseline' : ''}`,
  open() {
    let problems = 0;
    let recorded: unknown[] = [];
    const client = make({ spec, endpoint: emu.url, projectId: emu.projectId, auth: tokenAuth(emu.token), transport: { connections, headers: { 'x-project-id': emu.projectId } }, ...(asInRun ? { secrets: runSecrets, onExchange: (ex) => void recorded.push(ex) } : {}) });
    return {
      async send(i) {
        const [op, args] = mix(i);
        const r = await client.call(op, args);
        if (r.findings.length) problems++;
        // The case's end: its exchanges go on (to a report) and this lane starts a new list.
        if (recorded.length >= caseExchanges) recorded = [];
        return r.status;
      },
      close: () => client.close(),
      problems: () => problems,
    };
  },
});
const variants: Variant[] = [
  rawVariant('request'),
  rawVariant('parse'),
  rawVariant('dispatch'),
  harnessVariant(false, createClient),
  harnessVariant(true, createClient),
  ...(baselineClient && checkout ? [harnessVariant(false, baselineClient, checkout.ref), harnessVariant(true, baselineClient, checkout.ref)] : []),
];

interface Row { variant: string; short: string; round: number; load: LoadResult; cpuUsPerRequest: number; problems: number }
const rows: Row[] = [];
for (let round = 1; round <= rounds; round++) {
  // The order turns round every other round: what one variant leaves behind (garbage, a warm or cold
  // JIT) falls on each side alike.
  for (const v of round % 2 ? variants : [...variants].reverse()) {
    const c = v.open();
    const profile = profDir && round === 1 && v.short !== 'raw' ? await startProfile() : undefined;
    // CPU from the end of the warm-up: the requests it is divided by are the timed ones.
    let before = process.cpuUsage();
    const load = await runLoad({ concurrency: connections, seconds, warmupSeconds: 1, onStart: () => void (before = process.cpuUsage()), send: (i) => c.send(i) });
    const cpu = process.cpuUsage(before);
    if (profile) await profile.stop(join(profDir!, v.short));
    // CPU of this process (the client side) per request: the harness's own cost, whatever the server does.
    rows.push({ variant: v.name, short: v.short, round, load, cpuUsPerRequest: Math.round((cpu.user + cpu.system) / load.requests), problems: c.problems() });
    await c.close();
  }
}
await emu.stop();

async function startProfile(): Promise<{ stop(dir: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(dir) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'client.cpuprofile'), JSON.stringify(profile));
    },
  };
}

const summary = variants.map((v) => {
  const mine = rows.filter((r) => r.variant === v.name);
  return { variant: v.name, requestsPerSecond: median(mine.map((r) => r.load.requestsPerSecond)), clientCpuUsPerRequest: median(mine.map((r) => r.cpuUsPerRequest)), p50Ms: median(mine.map((r) => r.load.latencyMs.p50)), p99Ms: median(mine.map((r) => r.load.latencyMs.p99)), non2xx: mine.reduce((s, r) => s + r.load.requests - (r.load.statuses['200'] ?? 0), 0), findings: mine.reduce((s, r) => s + r.problems, 0) };
});
const raw = summary[0]!;
console.log(`ShowInstance / ListInstances (offset, limit 10) / ListAvailableZones in turn; ${ids.length} instances; ${connections} connections = ${connections} concurrent requests; ${rounds} rounds × ${seconds} s per variant (after 1 s warm-up, not counted), interleaved, the order turned every other round; medians; 'as in a run' keeps each case's ${caseExchanges} exchanges, as a lane does\n`);
console.log(table(['variant', 'req/s', '× raw', 'client CPU µs/req', 'p50 ms', 'p99 ms', 'non-200', 'findings'], summary.map((s) => [s.variant, s.requestsPerSecond, (s.requestsPerSecond / raw.requestsPerSecond).toFixed(2), s.clientCpuUsPerRequest, s.p50Ms, s.p99Ms, s.non2xx, s.findings])));
console.log(`\nper round: ${rows.map((r) => `${r.short}#${r.round}=${r.load.requestsPerSecond}`).join('  ')}`);
// Each round's own ratio (its variants ran back to back), then their median and spread.
const over = (v: (typeof variants)[number], target: number) => callRatio(roundRatios(rows, (r) => r.variant === v.name, (r) => r.variant === variants[0]!.name, (r) => r.load.requestsPerSecond), target);
const byShort = (short: string) => variants.find((v) => v.short === short)!;
const harnessOverRaw = over(byShort('harness'), TARGETS.harness);
const asInRunOverRaw = over(byShort('harness+recorded'), TARGETS.asInRun);
// No target: where a client that only parses the body stands (the floor under every checking client).
const parseOverRaw = roundRatios(rows, (r) => r.short === 'raw+parse', (r) => r.short === 'raw', (r) => r.load.requestsPerSecond);
const dispatchOverRaw = roundRatios(rows, (r) => r.short === 'raw-dispatch+parse', (r) => r.short === 'raw', (r) => r.load.requestsPerSecond);
console.log(ratioText('harness / raw', harnessOverRaw));
console.log(ratioText('as in a run / raw', asInRunOverRaw));
console.log(`raw + JSON.parse / raw = ${median(parseOverRaw).toFixed(2)} (rounds: ${parseOverRaw.map((x) => x.toFixed(2)).join(', ')}): no target; the floor under any client that reads the body`);
console.log(`raw dispatch + JSON.parse / raw = ${median(dispatchOverRaw).toFixed(2)} (rounds: ${dispatchOverRaw.map((x) => x.toFixed(2)).join(', ')}): no target; the same floor on the API the harness uses`);
// --baseline: this tree's client over the ref's, each round's pair (req/s, and client CPU per request: lower is better).
const overBaseline = checkout
  ? Object.fromEntries(['harness', 'harness+recorded'].map((short) => {
      const pair = (value: (r: Row) => number) => roundRatios(rows, (r) => r.short === short, (r) => r.short === `${short}@baseline`, value);
      return [short, { requestsPerSecond: pair((r) => r.load.requestsPerSecond), clientCpuPerRequest: pair((r) => r.cpuUsPerRequest) }];
    }))
  : undefined;
if (checkout && overBaseline) {
  const line = (x: number[]) => `${median(x).toFixed(2)} (rounds: ${x.map((v) => v.toFixed(2)).join(', ')})`;
  for (const [short, r] of Object.entries(overBaseline)) console.log(`${short} / ${short} at ${checkout.ref} (${checkout.commit.slice(0, 7)}): req/s ${line(r.requestsPerSecond)}; client CPU per request ${line(r.clientCpuPerRequest)}`);
}
const profiles = profDir ? Object.fromEntries(variants.filter((v) => v.short !== 'raw').map((v) => [v.short, printHotspots(join(profDir, v.short), `client CPU profile, ${v.name} (round 1, warm-up included)`, 20)])) : undefined;
writeReport('harness-throughput', m, { ...(profiles ? { profiles } : {}), settings: { seconds, connections, rounds, caseExchanges, instances: ids.length, mix: ['ShowInstance', 'ListInstances', 'ListAvailableZones'] }, summary, ratio: { harnessOverRaw, asInRunOverRaw, parseOverRaw: { median: median(parseOverRaw), perRound: parseOverRaw }, dispatchOverRaw: { median: median(dispatchOverRaw), perRound: dispatchOverRaw } }, ...(checkout && overBaseline ? { baseline: { ref: checkout.ref, commit: checkout.commit, overBaseline } } : {}), rounds: rows });
