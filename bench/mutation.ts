// Mutation testing of the conformance suite: the suite (allCases, profile full, one fixed seed, run
// in-process with runCases) goes against the faithful emulator and against the emulator with each
// fault of emulator/faults switched on. A fault is killed when some case fails; a benign one must
// not be. Writes reports/mutation.json and prints the kill matrix.
//   npm run mutation -- [--fault ID …] [--jobs N] [--scope full|rules] [--seed N]
// --jobs N worker processes compute; faults that only delay answers run on one more (they wait).
// --scope full runs every case against every fault; rules runs the cases of the operations that have
// a case checking the fault's rules (or transitions), and for benign faults every case of a handful
// of operations. Exit 1 when a non-benign fault survives, a benign one is killed, or the faithful
// emulator fails a case.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpec, type Spec } from '../spec/index.ts';
import { FAULTS, faultsById, type Fault } from '../emulator/faults/index.ts';
import { allCases } from '../suites/index.ts';
import { openSuite } from '../suites/engine/context.ts';
import { runCase } from '../suites/engine/run.ts';
import { selectCases } from '../suites/engine/select.ts';
import { startTarget } from '../suites/engine/target.ts';
import type { Case, CaseResult } from '../suites/engine/types.ts';

export type Scope = 'full' | 'rules';

/** The run's seed unless --seed says otherwise: every fault sees the same generated requests. */
export const DEFAULT_SEED = 7;

/** Benign faults break no rule: their `rules` scope is every case of these operations. */
export const BENIGN_SCOPE_OPERATIONS = ['ShowInstance', 'ListInstances', 'UpdateIpWhitelist', 'CreateInstance'];

/** The emulator completes everything on settle: what is still pending after it is a departure, not slowness. */
const EMULATOR_POLL = { timeoutMs: 200, intervalMs: 20 };

/** The full profile's cases. */
export function suiteCases(spec: Spec): Case[] {
  return selectCases(allCases(spec), { profile: 'full' });
}

export const brokenRules = (f: Fault): string[] => [f.rule, ...(f.alsoBreaks ?? [])];

/** The case checks what the fault breaks: it lists one of its rules, or drives one of its transitions. */
export const checksFault = (f: Fault, c: { rules: readonly string[]; transitions?: readonly string[] }): boolean =>
  c.rules.some((r) => brokenRules(f).includes(r)) || (c.transitions ?? []).some((t) => (f.transitions ?? []).includes(t));

/** The cases a fault runs against: every case, or (rules) the cases of the operations a case checking it belongs to. */
export function scopeOf(f: Fault, cases: readonly Case[], scope: Scope): Case[] {
  if (scope === 'full') return [...cases];
  const ops = new Set(f.benign ? BENIGN_SCOPE_OPERATIONS : cases.filter((c) => checksFault(f, c)).map((c) => c.operationId));
  return cases.filter((c) => ops.has(c.operationId));
}

/** Cases of several scopes, once each, in suite order. */
export function unionOf(cases: readonly Case[], scopes: readonly Case[][]): Case[] {
  const names = new Set(scopes.flat().map((c) => c.name));
  return cases.filter((c) => names.has(c.name));
}

/**
 * Runs `cases` against a fresh embedded emulator with `faults` switched on, one after another as a
 * conformance run does; `stop` ends the run early once its verdict is known.
 */
export async function runAgainst(cases: readonly Case[], faults: readonly string[], options: { seed: number; spec?: Spec; stop?: (r: CaseResult) => boolean }): Promise<CaseResult[]> {
  const started = await startTarget({ env: {}, cwd: '/', emulator: { seed: options.seed, faults: [...faults] } });
  const { ctx, close } = await openSuite({ ...started.descriptor, poll: EMULATOR_POLL }, { ...(options.spec ? { spec: options.spec } : {}), profile: 'full', seed: options.seed, runId: `mut${options.seed}` });
  const out: CaseResult[] = [];
  try {
    for (const c of cases) {
      const r = await runCase(c, ctx);
      out.push(r);
      if (options.stop?.(r)) break;
    }
    return out;
  } finally {
    await close();
    await started.close();
  }
}

export interface FaultVerdict {
  id: string;
  family: string;
  rule: string;
  benign: boolean;
  killed: boolean;
  killedBy: string[];
  /** Some killing case lists the fault's rule (or drives its transition): the report points at the rule. */
  nameRule: boolean;
  cases: number;
  durationMs: number;
}

export function verdictOf(f: Fault, scope: readonly Case[], results: readonly CaseResult[], durationMs: number): FaultVerdict {
  const byName = new Map(scope.map((c) => [c.name, c]));
  const failed = results.filter((r) => r.status === 'failed');
  return {
    id: f.id,
    family: f.family,
    rule: f.rule,
    benign: !!f.benign,
    killed: failed.length > 0,
    killedBy: failed.map((r) => r.name),
    nameRule: failed.some((r) => checksFault(f, byName.get(r.name) ?? r)),
    cases: results.length,
    durationMs,
  };
}

// ---- jobs: one per fault (and one for the faithful emulator), run in child processes ---------------

export interface Job {
  /** undefined: the faithful emulator over the union of the faults' scopes. */
  fault?: string;
  faults: string[];
  scope: Scope;
  seed: number;
}

type JobResult = { fault?: string; verdict?: FaultVerdict; failures?: { name: string; message?: string }[]; durationMs: number };

async function runJob(job: Job): Promise<JobResult> {
  const spec = await loadSpec();
  const cases = suiteCases(spec);
  const started = performance.now();
  if (job.fault === undefined) {
    const scope = job.scope === 'full' ? cases : unionOf(cases, faultsById(job.faults).map((f) => scopeOf(f, cases, 'rules')));
    const results = await runAgainst(scope, [], { seed: job.seed, spec });
    return { failures: results.filter((r) => r.status === 'failed').map((r) => ({ name: r.name, ...(r.message ? { message: r.message } : {}) })), durationMs: Math.round(performance.now() - started) };
  }
  const [f] = faultsById([job.fault]);
  const scope = scopeOf(f!, cases, job.scope);
  const results = await runAgainst(scope, [f!.id], { seed: job.seed, spec });
  const durationMs = Math.round(performance.now() - started);
  return { fault: f!.id, verdict: verdictOf(f!, scope, results, durationMs), durationMs };
}

/**
 * The jobs split by what they spend: a fault that delays every answer (benign.latency: ~70 s of a
 * full-scope run, ~5 s of it CPU) waits rather than computes, so its jobs get a worker of their own
 * beside the --jobs workers instead of holding one of them (on 2 cores the run took the longest of
 * that job and half of the others, 110–128 s, for ~210–240 s of jobs). Both keep catalog order (the
 * faithful emulator first).
 */
export function byWhatTheySpend(jobs: readonly Job[]): { waiting: Job[]; computing: Job[] } {
  const waits = (j: Job) => j.fault !== undefined && (faultsById([j.fault])[0]!.latencyMs ?? 0) > 0;
  return { waiting: jobs.filter(waits), computing: jobs.filter((j) => !waits(j)) };
}

/** Runs the jobs on `n` child processes (each loads the spec once and takes jobs until none is left). */
async function runJobs(jobs: Job[], n: number, onDone: (r: JobResult) => void): Promise<JobResult[]> {
  const queue = [...jobs];
  const results: JobResult[] = [];
  const self = fileURLToPath(import.meta.url);
  const execArgv = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const worker = () =>
    new Promise<void>((resolve, reject) => {
      const child: ChildProcess = fork(self, ['--worker'], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
      const next = () => {
        const job = queue.shift();
        if (job) child.send(job);
        else child.disconnect();
      };
      child.on('message', (r: JobResult) => {
        results.push(r);
        onDone(r);
        next();
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mutation worker exited with ${code}:\n${stderr}`))));
      next();
    });
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return results;
}

function table(verdicts: readonly FaultVerdict[]): string {
  const rows = verdicts.map((v) => [v.id, v.family, v.benign ? (v.killed ? 'KILLED (benign!)' : 'survived (benign)') : v.killed ? (v.nameRule ? 'killed' : 'killed (not by its rule)') : 'SURVIVED', String(v.killedBy.length), v.killedBy[0] ?? '']);
  const head = ['fault', 'family', 'killed?', 'by', 'first killing case'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  return [head, ...rows].map((r) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]!))).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { fault: { type: 'string', multiple: true }, jobs: { type: 'string', default: '2' }, scope: { type: 'string', default: 'full' }, seed: { type: 'string', default: String(DEFAULT_SEED) } } });
  const scope = values.scope as Scope;
  if (scope !== 'full' && scope !== 'rules') throw new Error(`--scope ${values.scope}: use full or rules`);
  const seed = Number(values.seed);
  const jobsN = Number(values.jobs);
  if (!Number.isInteger(jobsN) || jobsN < 1) throw new Error(`--jobs ${values.jobs}: give a positive integer`);
  const faults = values.fault?.length ? faultsById(values.fault) : [...FAULTS];
  const ids = faults.map((f) => f.id);
  const jobs = [{ faults: ids, scope, seed }, ...ids.map((fault) => ({ fault, faults: ids, scope, seed }))];
  const { waiting, computing } = byWhatTheySpend(jobs);
  const started = performance.now();
  console.log(`mutation: ${faults.length} faults, scope ${scope}, seed ${seed}, ${jobsN} jobs${waiting.length ? ` (and one more for ${waiting.length} that only delay answers: they wait, not compute)` : ''}`);
  let done = 0;
  const onDone = (r: JobResult) => {
    const what = r.verdict ? `${r.verdict.id}: ${r.verdict.killed ? `killed by ${r.verdict.killedBy.length}` : 'survived'}` : `faithful: ${r.failures?.length ?? 0} failures`;
    console.log(`[${++done}/${jobs.length}] ${what} (${(r.durationMs / 1000).toFixed(1)} s)`);
  };
  const results = (await Promise.all([runJobs(computing, jobsN, onDone), runJobs(waiting, 1, onDone)])).flat();
  const faithful = results.find((r) => r.verdict === undefined)!;
  const verdicts = ids.map((id) => results.find((r) => r.fault === id)!.verdict!);
  const report = { seed, scope, durationMs: Math.round(performance.now() - started), faithful: { failures: faithful.failures ?? [], durationMs: faithful.durationMs }, faults: verdicts };
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'reports', 'mutation.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${table(verdicts)}\n`);
  const survivors = verdicts.filter((v) => !v.benign && !v.killed);
  const benignKilled = verdicts.filter((v) => v.benign && v.killed);
  const killed = verdicts.filter((v) => !v.benign && v.killed);
  console.log(`killed ${killed.length}/${verdicts.filter((v) => !v.benign).length} faults (${killed.filter((v) => v.nameRule).length} by a case of their rule); benign killed ${benignKilled.length}/${verdicts.length - killed.length - survivors.length}; faithful failures ${report.faithful.failures.length}; ${(report.durationMs / 1000).toFixed(1)} s -> ${file}`);
  for (const f of report.faithful.failures) console.log(`  faithful failure: ${f.name}: ${f.message?.split('\n')[0] ?? ''}`);
  for (const v of survivors) console.log(`  survived: ${v.id} (${v.rule})`);
  for (const v of benignKilled) console.log(`  benign but killed: ${v.id} by ${v.killedBy.slice(0, 5).join('; ')}`);
  return survivors.length || benignKilled.length || report.faithful.failures.length ? 1 : 0;
}

if (process.argv.includes('--worker')) {
  // A worker: runs the jobs the parent sends, one at a time, and answers each with its result.
  process.on('message', (job: Job) => {
    runJob(job).then(
      (r) => process.send!(r),
      (e: unknown) => {
        console.error(e);
        process.exit(2);
      },
    );
  });
  process.on('disconnect', () => process.exit(0));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}
