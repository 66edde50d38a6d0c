// A conformance run from a cold start, as a user types it: `node bin/dcs-conformance.js run --profile P
// --report-dir <tmp>` in a fresh process (tsx compile, spec load, case generation, emulator start,
// vitest, reports). Wall time from spawn to exit; cases from <tmp>/conformance.json; requests counted
// on the emulator's side by a preloaded probe (bench/lib/probe.mjs: node:http diagnostics channels),
// so nothing is added to the product. Certification is the one with a target (≤ 20 s cold on 2 cores, issue 17);
// full and smoke are for reference.
//   npm run bench:certification -- [--profile certification --profile full --profile smoke] [--seed 1] [--what-if no-fsync] [--keep]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ConformanceReport } from '../reporters/types.ts';
import { machine } from './lib/machine.ts';
import { ROOT, table, writeReport } from './lib/report.ts';

const TARGET_SECONDS = 20;
const { values } = parseArgs({ options: { profile: { type: 'string', multiple: true, default: ['certification', 'full', 'smoke'] }, seed: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, 'what-if': { type: 'string', multiple: true, default: [] } } });
// Diagnostics, each a preload that changes one thing in the run's process (bench/lib/<name>.mjs).
const WHAT_IFS: Record<string, string> = { 'no-fsync': 'noFsync.mjs' };
for (const w of values['what-if']!) if (!WHAT_IFS[w]) throw new Error(`--what-if ${w}: known: ${Object.keys(WHAT_IFS).join(', ')}`);
const m = machine();

interface Probe { requests: { total: number; control: number; byMethod: Record<string, number>; byStatus: Record<string, number> }; cpu: { selfSeconds: number; childrenSeconds: number }; maxRssMB: number }

async function measure(profile: string) {
  const dir = mkdtempSync(join(tmpdir(), `dcs-bench-${profile}-`));
  const probeFile = join(dir, 'probe');
  const args = ['bin/dcs-conformance.js', 'run', '--profile', profile, '--seed', values.seed!, '--report-dir', dir];
  const env = { ...process.env, BENCH_PROBE_FILE: probeFile, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...['probe.mjs', ...values['what-if']!.map((w) => WHAT_IFS[w]!)].map((f) => `--import ${pathToFileURL(join(ROOT, 'bench/lib', f)).href}`)].join(' ').trim() };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const marks: Record<string, number> = {};
  const tail: string[] = [];
  // Phases from the run's own output: its first line comes once tsx, the spec, the cases and the
  // target are up (startup); the verdict line once vitest is done and the reports are written.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const t = (performance.now() - t0) / 1000;
    if (line.startsWith('dcs-conformance run:')) marks.started ??= t;
    if (line.startsWith('verdict:')) marks.verdict ??= t;
    tail.push(line);
    if (tail.length > 5) tail.shift();
  });
  let stderrLines = 0;
  createInterface({ input: child.stderr! }).on('line', () => void stderrLines++);
  const [code] = (await once(child, 'exit')) as [number];
  const wall = (performance.now() - t0) / 1000;
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
  const probeName = readdirSync(dir).find((f) => f.startsWith('probe.'));
  const probe = probeName ? (JSON.parse(readFileSync(join(dir, probeName), 'utf8')) as Probe) : undefined;
  // What the run wrote: Allure writes (and fsyncs) one file per result and per attachment.
  const allureDir = join(dir, 'allure-results');
  const allureFiles = readdirSync(allureDir);
  const allure = { files: allureFiles.length, MB: Math.round(allureFiles.reduce((s, f) => s + statSync(join(allureDir, f)).size, 0) / 2 ** 20) };
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  const cases = report.results.length;
  const requests = probe?.requests.total;
  // Time inside cases (sum of their durations) by family, to see where the run goes.
  const families: Record<string, { cases: number; ms: number }> = {};
  for (const r of report.results) {
    const family = familyOf(r.check);
    families[family] ??= { cases: 0, ms: 0 };
    families[family].cases++;
    families[family].ms += r.durationMs ?? 0;
  }
  return {
    profile,
    exitCode: code,
    verdict: report.verdict,
    summary: report.summary,
    cases,
    wallSeconds: round(wall),
    phases: {
      startupSeconds: marks.started === undefined ? undefined : round(marks.started),
      runSeconds: marks.started === undefined || marks.verdict === undefined ? undefined : round(marks.verdict - marks.started),
      exitSeconds: marks.verdict === undefined ? undefined : round(wall - marks.verdict),
      inCasesSeconds: round(report.results.reduce((s, r) => s + (r.durationMs ?? 0), 0) / 1000),
      reportDurationSeconds: round(report.durationMs / 1000),
    },
    requests: probe?.requests,
    cpuSeconds: probe ? { run: round(probe.cpu.selfSeconds), vitestWorkers: round(probe.cpu.childrenSeconds), total: round(probe.cpu.selfSeconds + probe.cpu.childrenSeconds) } : undefined,
    maxRssMB: probe ? Math.round(probe.maxRssMB) : undefined,
    casesPerSecond: round(cases / wall),
    requestsPerSecond: requests === undefined ? undefined : Math.round(requests / wall),
    families,
    allure,
    reportDir: values.keep ? dir : '(removed; --keep keeps it)',
    output: tail,
  };
}

function familyOf(check: string): string {
  const head = check.replace(/[ (].*$/, '');
  if (head.startsWith('stateful.')) return 'stateful';
  if (head.startsWith('state.')) return 'state';
  if (head.startsWith('auth.') || head.startsWith('iam.') || head.startsWith('request.')) return 'security';
  return head; // positive, negative, not-found, rule
}

const round = (x: number) => Math.round(x * 100) / 100;

const results = [];
for (const profile of values.profile!) {
  console.error(`running profile ${profile}…`);
  results.push(await measure(profile));
}

const whatIf = values['what-if']!.length ? ` — WHAT-IF ${values['what-if']!.join(', ')} (diagnostic, not the product as shipped)` : '';
console.log(`dcs-conformance run from a cold start (fresh process, embedded emulator, seed ${values.seed})${whatIf}\n`);
console.log(table(
  ['profile', 'exit', 'cases', 'pass', 'fail', 'skip', 'wall s', 'startup s', 'run+reports s', 'exit s', 'requests', 'control', 'req/s', 'cases/s', 'CPU s (run+workers)', 'max RSS MB', 'Allure files', 'Allure MB'],
  results.map((r) => [r.profile, r.exitCode, r.cases, r.summary.passed, r.summary.failed, r.summary.skipped, r.wallSeconds, r.phases.startupSeconds, r.phases.runSeconds, r.phases.exitSeconds, r.requests?.total, r.requests?.control, r.requestsPerSecond, r.casesPerSecond, r.cpuSeconds ? `${r.cpuSeconds.run} + ${r.cpuSeconds.vitestWorkers}` : undefined, r.maxRssMB, r.allure.files, r.allure.MB]),
));
for (const r of results) {
  console.log(`\n${r.profile}: time inside cases ${r.phases.inCasesSeconds} s of ${r.wallSeconds} s wall, by family`);
  console.log(table(['family', 'cases', 'seconds', 'ms/case'], Object.entries(r.families).sort((a, b) => b[1].ms - a[1].ms).map(([f, v]) => [f, v.cases, v.ms / 1000, v.ms / v.cases])));
}
const cert = results.find((r) => r.profile === 'certification');
if (cert) console.log(`\ncertification: ${cert.wallSeconds} s wall (target ≤ ${TARGET_SECONDS} s on 2 cores: ${cert.wallSeconds <= TARGET_SECONDS ? 'met' : 'MISSED'})`);
writeReport(values['what-if']!.length ? `certification-what-if-${values['what-if']!.join('-')}` : 'certification', m, { seed: Number(values.seed), whatIf: values['what-if'], targetSeconds: TARGET_SECONDS, results });
