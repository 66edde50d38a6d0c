// Dredd (bench/peers) on the same spec against the emulator: how long it takes, per operation, and
// how many emulator faults (emulator/faults FAULTS) it detects compared with our suite.
//
// Dredd is given a copy of spec/dcs-v2.openapi.json with (bench/lib/openapi30.ts) examples for path and
// required query parameters (it builds no request without them: project and a RUNNING instance made
// through the API, placeholders for other ids) and converted to OpenAPI 3.0.3 (its parser knows 3.0
// only); the 3.1 original with parameter examples only is run once too, to show what Dredd makes of it.
// Hooks (bench/lib/dreddHooks.cjs): X-Auth-Token, and the virtual clock moved a day after each
// transaction, the non-2xx transactions skipped (Dredd sends the same example request for each documented
// status, so only the 2xx one can pass), Content-Type compared without its charset parameter. Dredd runs
// with --sorted (POST, GET, PUT… DELETE last).
//
// A fault is detected by Dredd when a transaction that passes against the faithful emulator fails with
// the fault on (transactions whose result varies between two faithful runs are left out); the table
// also says when Dredd merely gives a failure reason the faithful runs did not (a looser reading). Ours: a run's
// exit code (`dcs-conformance run --profile full --emulator-fault ID`: 1 = non-conformant = detected),
// or reports/mutation.json when it covers the whole catalog (--ours mutation).
//   npm run bench:vs-dredd -- [--fault ID]… [--ours auto|cli|mutation|skip] [--ours-profile full] [--seed 7]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FAULTS, type Fault } from '../emulator/faults/index.ts';
import { loadSpec } from '../spec/index.ts';
import { spawnEmulator } from './lib/emulator.ts';
import { machine } from './lib/machine.ts';
import { addParameterExamples, CHANGES, toOpenApi30, type Change } from './lib/openapi30.ts';
import { ensurePeers, peerBin, peerVersion } from './lib/peers.ts';
import { ROOT, table, writeReport } from './lib/report.ts';
import { seedInstances } from './lib/seed.ts';

const { values } = parseArgs({ options: { fault: { type: 'string', multiple: true, default: [] }, ours: { type: 'string', default: 'auto' }, 'ours-profile': { type: 'string', default: 'full' }, seed: { type: 'string', default: '7' } } });
const m = machine();
ensurePeers();
const spec = await loadSpec();
const specText = readFileSync(join(ROOT, 'spec', 'dcs-v2.openapi.json'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'dcs-bench-dredd-'));
const faults: Fault[] = values.fault!.length ? FAULTS.filter((f) => values.fault!.includes(f.id)) : [...FAULTS];
const PLACEHOLDER = 'dredd-placeholder';

// Dredd's reports name a transaction "METHOD (status) /concrete/path?query": back to the operation id,
// literal path segments winning over parameters (/instances/status is not ShowInstance).
const templates = spec.operations
  .map((o) => ({ id: o.id, method: o.method.toUpperCase(), re: new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`), params: (o.path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);
const operationOf = (name: string) => {
  const parts = /^(\w+) \(\d+\) ([^?\s]*)/.exec(name);
  return (parts && templates.find((t) => t.method === parts[1] && t.re.test(parts[2]!))?.id) ?? '?';
};

interface Test { name: string; operationId: string; status: 'pass' | 'fail' | 'skip'; seconds: number; message: string; reasons: string[] }
interface DreddRun { label: string; variant: '3.0' | '3.1'; faults: string[]; exitCode: number; wallSeconds: number; tests: Test[]; conversion?: Record<string, number>; examples: Record<string, number> }

async function dredd(label: string, variant: '3.0' | '3.1', faultIds: string[]): Promise<DreddRun> {
  const emu = await spawnEmulator({ seed: Number(values.seed), quotaInstances: 1_000, faults: faultIds });
  try {
    const [instanceId] = await seedInstances(spec, emu, 1, 'dredd');
    const doc = JSON.parse(specText) as Record<string, unknown>;
    const examples = addParameterExamples(doc, { known: { project_id: emu.projectId, instance_id: instanceId! }, placeholder: PLACEHOLDER });
    const conversion = variant === '3.0' ? toOpenApi30(doc) : undefined;
    const dir = mkdtempSync(join(work, 'run-'));
    const specFile = join(dir, `dcs-v2.openapi.${variant}.json`);
    writeFileSync(specFile, JSON.stringify(doc));
    const xml = join(dir, 'dredd.xml');
    const t0 = performance.now();
    const child = spawn(peerBin('dredd'), [specFile, emu.url, '--hookfiles', join(ROOT, 'bench/lib/dreddHooks.cjs'), '--sorted', '--reporter', 'xunit', '--output', xml, '--loglevel', 'error', '--no-color'], { cwd: dir, env: { ...process.env, DCS_BENCH_URL: emu.url, DCS_BENCH_TOKEN: emu.token }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => void (stderr.length < 20_000 && (stderr += d)));
    const [code] = (await once(child, 'exit')) as [number];
    const wallSeconds = (performance.now() - t0) / 1000;
    if (!existsSync(xml)) throw new Error(`dredd (${label}) wrote no report; exit ${code}:\n${stderr}`);
    return { label, variant, faults: faultIds, exitCode: code, wallSeconds: Math.round(wallSeconds * 100) / 100, tests: parseXunit(readFileSync(xml, 'utf8')), ...(conversion ? { conversion } : {}), examples };
  } finally {
    await emu.stop();
  }
}

function parseXunit(xml: string): Test[] {
  const tests: Test[] = [];
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attrs = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, unescape(a[2]!)]));
    const inner = match[3] ?? '';
    const status = /<skipped/.test(inner) ? 'skip' : /<failure/.test(inner) ? 'fail' : 'pass';
    // Dredd's failure text: "Message:", the reasons one per line, a blank line, then the request.
    const text = status === 'fail' ? unescape(/<!\[CDATA\[([\s\S]*?)\]\]>/.exec(inner)?.[1] ?? '') : '';
    const reasons = text.replace(/^Message:\n/, '').split('\n\n')[0]!.split('\n').filter((l) => l.trim());
    tests.push({ name: attrs.name ?? '', operationId: operationOf(attrs.name ?? ''), status, seconds: Number(attrs.time ?? 0), message: reasons.join(' | ').slice(0, 300), reasons });
  }
  return tests;
}

const counts = (r: DreddRun) => ({ pass: r.tests.filter((t) => t.status === 'pass').length, fail: r.tests.filter((t) => t.status === 'fail').length, skip: r.tests.filter((t) => t.status === 'skip').length });

// 1. Dredd against the faithful emulator: the 3.1 original, then the 3.0 copy twice (is it stable?).
console.error('dredd: faithful emulator, spec 3.1 (parameter examples only)…');
const as31 = await dredd('faithful, 3.1 as is', '3.1', []);
console.error('dredd: faithful emulator, spec converted to 3.0 (×2)…');
const base = [await dredd('faithful, 3.0 copy', '3.0', []), await dredd('faithful, 3.0 copy (again)', '3.0', [])];
const passing = (r: DreddRun) => new Set(r.tests.filter((t) => t.status === 'pass').map((t) => t.name));
const stable = new Set([...passing(base[0]!)].filter((n) => passing(base[1]!).has(n)));
const flaky = [...passing(base[0]!)].filter((n) => !passing(base[1]!).has(n)).concat([...passing(base[1]!)].filter((n) => !passing(base[0]!).has(n)));
// The looser reading: Dredd says anything new, i.e. a failure reason (one line of its message, ids
// replaced) that no faithful run gave for that transaction; reasons that differ between the two
// faithful runs are left out.
const normalize = (line: string) => line.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-f]{32}/g, '<id>');
const reasons = (r: DreddRun) => new Set(r.tests.filter((t) => t.status === 'fail').flatMap((t) => t.reasons.map((l) => `${t.operationId} ${t.name.replace(/[0-9a-f]{32}/g, '<p>').replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, '<id>')} :: ${normalize(l)}`)));
const faithfulReasons = [reasons(base[0]!), reasons(base[1]!)];
const flakyReasons = [...faithfulReasons[0]!].filter((x) => !faithfulReasons[1]!.has(x)).concat([...faithfulReasons[1]!].filter((x) => !faithfulReasons[0]!.has(x)));

// 2. Dredd against each fault. Detected: a transaction that passes on the faithful emulator fails.
// Changed: Dredd gives a failure reason the faithful runs did not (a looser reading, reported apart).
const dreddVerdicts: { id: string; detected: boolean; newFailures: string[]; changed: boolean; newReasons: string[]; seconds: number }[] = [];
for (const [i, f] of faults.entries()) {
  console.error(`dredd: fault ${i + 1}/${faults.length} ${f.id}…`);
  const r = await dredd(f.id, '3.0', [f.id]);
  const newFailures = r.tests.filter((t) => t.status === 'fail' && stable.has(t.name)).map((t) => `${t.operationId}: ${t.message}`);
  const newReasons = [...reasons(r)].filter((x) => !faithfulReasons[0]!.has(x) && !faithfulReasons[1]!.has(x));
  dreddVerdicts.push({ id: f.id, detected: newFailures.length > 0, newFailures, changed: newReasons.length > 0, newReasons, seconds: r.wallSeconds });
}

// 3. Ours on each fault.
interface OursVerdict { id: string; detected: boolean | undefined; exitCode?: number; seconds?: number; source: string }
const mutationFile = join(ROOT, 'reports', 'mutation.json');
const mutation = existsSync(mutationFile) ? (JSON.parse(readFileSync(mutationFile, 'utf8')) as { scope?: string; seed?: number; faults?: { id: string; killed: boolean }[] }) : undefined;
const mutationCovers = !!mutation?.faults && faults.every((f) => mutation.faults!.some((x) => x.id === f.id));
const oursMode = values.ours === 'auto' ? (mutationCovers ? 'mutation' : 'cli') : values.ours!;
if (oursMode === 'mutation' && !mutationCovers) throw new Error(`--ours mutation: ${mutationFile} is missing or does not cover every fault (run npm run mutation, or use --ours cli)`);

// Requests our run sends are counted where the emulator answers them, by the preloaded probe
// (bench/lib/probe.mjs, as in bench/certification.ts); the virtual-clock control calls are not API requests.
async function oursRun(faultIds: string[]): Promise<{ exitCode: number; seconds: number; apiRequests?: number; report: { results: { operationId: string; durationMs: number }[]; summary: Record<string, number> } }> {
  const dir = mkdtempSync(join(work, 'ours-'));
  const args = ['bin/dcs-conformance.js', 'run', '--profile', values['ours-profile']!, '--seed', values.seed!, '--report-dir', dir, ...faultIds.flatMap((f) => ['--emulator-fault', f])];
  const env = { ...process.env, BENCH_PROBE_FILE: join(dir, 'probe'), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(join(ROOT, 'bench/lib/probe.mjs')).href}`.trim() };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number];
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8'));
  const probeName = readdirSync(dir).find((f) => f.startsWith('probe.'));
  const probe = probeName ? (JSON.parse(readFileSync(join(dir, probeName), 'utf8')) as { requests: { total: number; control: number } }) : undefined;
  rmSync(dir, { recursive: true, force: true }); // Allure results: tens of MB per run
  return { exitCode: code, seconds: Math.round((performance.now() - t0) / 10) / 100, ...(probe ? { apiRequests: probe.requests.total - probe.requests.control } : {}), report };
}

let oursFaithful: Awaited<ReturnType<typeof oursRun>> | undefined;
const oursVerdicts: OursVerdict[] = [];
if (oursMode !== 'skip') {
  console.error(`ours: faithful emulator, profile ${values['ours-profile']}…`);
  oursFaithful = await oursRun([]);
  for (const [i, f] of faults.entries()) {
    if (oursMode === 'mutation') {
      oursVerdicts.push({ id: f.id, detected: mutation!.faults!.find((x) => x.id === f.id)!.killed, source: `reports/mutation.json (scope ${mutation!.scope}, seed ${mutation!.seed})` });
      continue;
    }
    console.error(`ours: fault ${i + 1}/${faults.length} ${f.id}…`);
    const r = await oursRun([f.id]);
    oursVerdicts.push({ id: f.id, detected: r.exitCode === 1 ? true : r.exitCode === 0 ? false : undefined, exitCode: r.exitCode, seconds: r.seconds, source: `dcs-conformance run --profile ${values['ours-profile']} --emulator-fault ${f.id}` });
  }
}

// Output.
console.log(`Dredd ${peerVersion('dredd')} on spec/dcs-v2.openapi.json against the emulator (work files: ${work})\n`);
console.log(table(['run', 'spec given', 'wall s', 'transactions', 'pass', 'fail', 'skipped', 'exit'], [...[as31, ...base].map((r) => [r.label, r.variant === '3.0' ? '3.0.3 copy + param examples' : '3.1 + param examples', r.wallSeconds, r.tests.length, counts(r).pass, counts(r).fail, counts(r).skip, r.exitCode] as (string | number)[]), ...(oursFaithful ? [[`ours: dcs-conformance run --profile ${values['ours-profile']}`, 'spec/ (loaded by the suite)', oursFaithful.seconds, oursFaithful.report.results.length, oursFaithful.report.summary.passed, oursFaithful.report.summary.failed, oursFaithful.report.summary.skipped, oursFaithful.exitCode]] : [])]));
console.log(`\nchanges made to Dredd's 3.0 copy (counts): ${Object.entries(base[0]!.conversion!).map(([k, n]) => `${CHANGES[k as Change]} [${n}]`).join('; ')}`);
console.log(`parameter examples added: ${Object.entries(base[0]!.examples).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
if (flaky.length) console.log(`transactions whose result differs between the two faithful Dredd runs (left out of fault detection): ${flaky.join('; ')}`);
if (flakyReasons.length) console.log(`failure reasons that differ between the two faithful Dredd runs (left out): ${flakyReasons.length}`);

// Per operation: Dredd's time and result for its 2xx transaction(s); our suite's cases and time.
const ops = [...new Set(spec.operations.map((o) => o.id))];
const perOp = ops.map((id) => {
  const mine = base[0]!.tests.filter((t) => t.operationId === id && t.status !== 'skip');
  const ours = oursFaithful?.report.results.filter((r) => r.operationId === id) ?? [];
  return { operationId: id, dreddTransactions: mine.length, dreddMs: Math.round(mine.reduce((s, t) => s + t.seconds * 1000, 0)), dreddResult: mine.map((t) => t.status).join(',') || '—', dreddFailure: mine.find((t) => t.status === 'fail')?.message ?? '', oursCases: ours.length, oursMs: ours.reduce((s, r) => s + r.durationMs, 0) };
});
const failReasons: Record<string, number> = {};
for (const failed of base[0]!.tests.filter((t) => t.status === 'fail')) {
  const reason = failed.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-f]{32}/g, '<id>').slice(0, 90);
  failReasons[reason] = (failReasons[reason] ?? 0) + 1;
}
const run = base[0]!.tests.filter((t) => t.status !== 'skip');
console.log(`\nper operation (3.0 copy, faithful): Dredd ran ${run.length} transactions for ${new Set(run.map((t) => t.operationId)).size} operations, mean ${(run.reduce((s, t) => s + t.seconds, 0) * 1000 / Math.max(1, run.length)).toFixed(1)} ms per transaction (${base[0]!.wallSeconds} s wall with its startup)${oursFaithful ? `; ours: ${oursFaithful.report.results.length} cases over ${ops.length} operations, ${(oursFaithful.report.results.reduce((s, r) => s + r.durationMs, 0) / ops.length).toFixed(0)} ms per operation inside cases (${oursFaithful.seconds} s wall)` : ''}`);
// Speed per checked request: one request sent and its answer judged against the spec, from a cold
// start (each tool's wall time includes its own startup). Dredd: its transactions that ran (the
// skipped non-2xx ones send nothing); ours: the API requests the emulator answered for the run.
const dreddMsPerCheck = (base[0]!.wallSeconds * 1000) / Math.max(1, run.length);
const oursMsPerCheck = oursFaithful?.apiRequests ? (oursFaithful.seconds * 1000) / oursFaithful.apiRequests : undefined;
const speed = { dredd: { wallSeconds: base[0]!.wallSeconds, checkedRequests: run.length, operations: new Set(run.map((t) => t.operationId)).size, msPerCheckedRequest: Math.round(dreddMsPerCheck * 10) / 10 }, ours: oursFaithful ? { wallSeconds: oursFaithful.seconds, checkedRequests: oursFaithful.apiRequests, operations: new Set(oursFaithful.report.results.map((r) => r.operationId)).size, msPerCheckedRequest: oursMsPerCheck === undefined ? undefined : Math.round(oursMsPerCheck * 100) / 100 } : undefined, ratio: oursMsPerCheck ? Math.round((dreddMsPerCheck / oursMsPerCheck) * 10) / 10 : undefined, target: 10 };
console.log(`\nspeed per checked request (wall from a cold start / requests sent and checked):`);
console.log(table(['tool', 'wall s', 'requests checked', 'operations', 'ms per checked request'], [['Dredd (3.0 copy)', speed.dredd.wallSeconds, speed.dredd.checkedRequests, speed.dredd.operations, speed.dredd.msPerCheckedRequest], ...(speed.ours ? [[`ours (--profile ${values['ours-profile']})`, speed.ours.wallSeconds, speed.ours.checkedRequests ?? '?', speed.ours.operations, speed.ours.msPerCheckedRequest ?? '?']] : [])]));
if (speed.ratio !== undefined) console.log(`Dredd / ours per checked request = ${speed.ratio}× (target ≥ ${speed.target}×: ${speed.ratio >= speed.target ? 'met' : 'MISSED'})`);
console.log('\nDredd failures against the faithful emulator, by reason:');
console.log(table(['reason (Dredd\'s message, ids replaced by <id>)', 'transactions'], Object.entries(failReasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => [r, n])));

const rows = faults.map((f) => {
  const d = dreddVerdicts.find((v) => v.id === f.id)!;
  const o = oursVerdicts.find((v) => v.id === f.id);
  return { id: f.id, family: f.family, benign: !!f.benign, dredd: d.detected, dreddChanged: d.changed, dreddEvidence: d.newFailures[0] ?? d.newReasons[0] ?? '', ours: o?.detected, oursExit: o?.exitCode };
});
const yes = (b: boolean | undefined) => (b === undefined ? '?' : b ? 'detected' : '—');
console.log(`\nfaults (${faults.length}; benign ones are departures a conforming client must tolerate: detecting them is a false alarm)`);
console.log(table(['fault', 'family', 'benign', 'Dredd', 'Dredd: new reason', 'ours', 'Dredd\'s evidence (first new failure, else first new reason)'], rows.map((r) => [r.id, r.family, r.benign ? 'benign' : '', yes(r.dredd), r.dreddChanged ? 'yes' : '—', yes(r.ours), r.dreddEvidence.slice(0, 110)])));
const real = rows.filter((r) => !r.benign);
const benign = rows.filter((r) => r.benign);
const tally = { faults: real.length, dreddDetected: real.filter((r) => r.dredd).length, dreddNewReason: real.filter((r) => r.dreddChanged).length, dreddNewReasonOnBenign: benign.filter((r) => r.dreddChanged).length, oursDetected: real.filter((r) => r.ours).length, benign: benign.length, dreddFalseAlarms: benign.filter((r) => r.dredd).length, oursFalseAlarms: benign.filter((r) => r.ours).length };
console.log(`\ndetected, of ${tally.faults} non-benign faults: Dredd ${tally.dreddDetected} (a transaction passing on the faithful emulator fails; ${tally.dreddNewReason} if any new failure reason counts, ${tally.dreddNewReasonOnBenign} of the benign ones then too), ours ${oursMode === 'skip' ? 'not run' : tally.oursDetected} (${oursMode === 'mutation' ? 'from reports/mutation.json' : `run exit codes, profile ${values['ours-profile']}`}); false alarms on ${tally.benign} benign faults: Dredd ${tally.dreddFalseAlarms}, ours ${oursMode === 'skip' ? '—' : tally.oursFalseAlarms}`);

writeReport('vs-dredd', m, {
  dredd: { version: peerVersion('dredd'), args: ['<spec copy>', '<emulator url>', '--hookfiles', 'bench/lib/dreddHooks.cjs', '--sorted', '--reporter', 'xunit'], placeholder: PLACEHOLDER, conversion: { changes: CHANGES, counts: base[0]!.conversion }, examples: base[0]!.examples },
  faithful: [as31, ...base].map((r) => ({ label: r.label, variant: r.variant, wallSeconds: r.wallSeconds, exitCode: r.exitCode, ...counts(r), transactions: r.tests.length })),
  flaky,
  flakyReasons,
  failReasons,
  ours: oursFaithful ? { mode: oursMode, profile: values['ours-profile'], faithful: { seconds: oursFaithful.seconds, exitCode: oursFaithful.exitCode, summary: oursFaithful.report.summary, cases: oursFaithful.report.results.length } } : { mode: oursMode },
  speed,
  perOperation: perOp,
  faults: rows,
  dreddFaultRuns: dreddVerdicts,
  oursFaultRuns: oursVerdicts,
  tally,
});
