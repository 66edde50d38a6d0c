// A conformance run against targets that run in real time, beside the embedded emulator, each from a
// cold start as a user types it (`node bin/dcs-conformance.js run … --config <file>`):
//   embedded     the embedded emulator (virtual clock)
//   url-emulator the emulator started apart and reached by URL: its control API is detected, so the run
//                moves its clock (virtual time, as a CI service container)
//   realistic    the emulator started apart with --realistic (durations ≥ 1 s with jitter, reads up to
//                500 ms stale, 429 above its rate) and reached by URL: every wait is real
//   proxy        the same realistic run through a plain pass-through HTTP proxy: same verdict, same counts
// With --faults, the realistic run once per emulator fault (each a departure switched on in real time):
// each must end with a verdict within 3× the faithful run's time and name the rule the fault breaks.
//   npm run bench:realtime -- [--variant realistic …] [--seeds 1,2,3] [--profile full] [--allow-long-waits] [--faults all | --faults ID …] [--jobs 2]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { shortestTransitionMs } from '../emulator/core/config.ts';
import { FAULTS } from '../emulator/faults/index.ts';
import { checksFault } from './mutation.ts';
import type { ConformanceReport } from '../reporters/types.ts';
import { spawnEmulator, type EmulatorProcess } from './lib/emulator.ts';
import { machine } from './lib/machine.ts';
import { startProxy } from './lib/proxy.ts';
import { ROOT, table, writeReport } from './lib/report.ts';

const VARIANTS = ['embedded', 'url-emulator', 'realistic', 'proxy'] as const;
type Variant = (typeof VARIANTS)[number];
const TARGET_SECONDS = 90;
const { values } = parseArgs({
  options: {
    variant: { type: 'string', multiple: true },
    seeds: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'full' },
    faults: { type: 'string', multiple: true },
    jobs: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    'allow-long-waits': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const variants = (values.variant ?? [...VARIANTS]) as Variant[];
for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`--variant ${v}: known: ${VARIANTS.join(', ')}`);
const seeds = values.seeds!.split(',').map(Number);
const m = machine();

interface Outcome {
  variant: string;
  seed: number;
  fault?: string;
  wallSeconds: number;
  exit: number;
  verdict: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Failed cases with the rules and transitions each checks. */
  failures: { name: string; rule?: string; rules: string[]; transitions?: string[] }[];
  /** Skipped cases and why (a skip is work the verdict does not claim). */
  skips: { name: string; reason: string }[];
  /** Requests the proxy forwarded (proxy variant). */
  forwarded?: number;
}

/** A dcs-conformance config for a target started apart: the emulator's users as the run's principals. */
function configFor(emu: EmulatorProcess, endpoint: string, realTime: boolean): Record<string, unknown> {
  const [admin, readonly, other] = emu.config.users;
  const r = emu.config.realism;
  return {
    target: 'bench',
    targets: {
      bench: {
        kind: 'remote',
        endpoint,
        projectId: emu.projectId,
        // AK/SK as real clients sign: the signature cases run too (a token would leave them skipped).
        auth: { ak: admin!.ak, sk: admin!.sk },
        principals: { ...(readonly ? { readonly: { token: readonly.token } } : {}), ...(other ? { other: { projectId: other.projects[0], auth: { token: other.token } } } : {}) },
        // What the emulator prints for its realistic mode: its read lag and its rate.
        ...(realTime && r ? { consistency: { readLagMs: r.readLagMs, minTransitionMs: shortestTransitionMs(emu.config) }, concurrency: Number(values.concurrency), poll: { intervalMs: 1000, timeoutMs: 20_000 }, ...(r.throttle ? { rateLimit: { requestsPerSecond: r.throttle.requestsPerSecond, burst: 20 } } : {}) } : { rateLimit: { requestsPerSecond: 5000 } }),
      },
    },
  };
}

async function cli(args: string[], dir: string): Promise<{ wall: number; exit: number; report: ConformanceReport }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/dcs-conformance.js', 'run', '--profile', values.profile!, '--report-dir', join(dir, 'reports'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const [exit] = (await once(child, 'exit')) as [number];
  const wall = (performance.now() - t0) / 1000;
  return { wall, exit, report: JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport };
}

async function measure(variant: Variant, seed: number, fault?: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), `dcs-bench-rt-${variant}-`));
  let emu: EmulatorProcess | undefined;
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  try {
    let args = ['--seed', String(seed)];
    if (variant !== 'embedded') {
      emu = await spawnEmulator({ seed, realistic: variant !== 'url-emulator', ...(fault ? { faults: [fault] } : {}) });
      if (variant === 'proxy') proxy = await startProxy(emu.url);
      const file = join(dir, 'dcs-conformance.config.json');
      writeFileSync(file, JSON.stringify(configFor(emu, proxy?.url ?? emu.url, variant !== 'url-emulator'), null, 2));
      args = [...args, '--config', file, '--allow-destructive', ...(values['allow-long-waits'] ? ['--allow-long-waits'] : [])];
    }
    const { wall, exit, report } = await cli(args, dir);
    const s = report.summary;
    return {
      variant,
      seed,
      ...(fault ? { fault } : {}),
      wallSeconds: Math.round(wall * 10) / 10,
      exit,
      // pass, fail or incomplete (required cases skipped for something the user can add).
      verdict: report.outcome ?? report.verdict,
      passed: s.passed,
      failed: s.failed,
      skipped: s.skipped,
      failures: report.results.filter((r) => r.status === 'failed').map((r) => ({ name: r.name, ...(r.rule ? { rule: r.rule } : {}), rules: r.rules, ...(r.transitions ? { transitions: r.transitions } : {}) })),
      skips: report.results.filter((r) => r.status === 'skipped').map((r) => ({ name: r.name, reason: (r.message ?? '').split('\n')[0]! })),
      ...(proxy ? { forwarded: proxy.forwarded() } : {}),
    };
  } finally {
    await proxy?.close();
    await emu?.stop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `jobs` at a time, in order. */
async function pool<T, R>(items: T[], jobs: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  }));
  return out;
}

if (values.faults) {
  // Each departure in real time: the faithful realistic run first (the time bound), then every fault.
  const ids = values.faults.includes('all') ? FAULTS.map((f) => f.id) : values.faults;
  const faithful = await measure('realistic', seeds[0]!);
  console.log(`faithful realistic run: ${faithful.verdict} in ${faithful.wallSeconds} s (${faithful.failed} failed)`);
  const bound = 3 * faithful.wallSeconds;
  const runs = await pool(ids, Number(values.jobs), async (id) => {
    const o = await measure('realistic', seeds[0]!, id);
    console.log(`${id}: ${o.verdict} in ${o.wallSeconds} s, ${o.failed} failed`);
    return o;
  });
  const rows = runs.map((o) => {
    const f = FAULTS.find((x) => x.id === o.fault)!;
    // As the mutation run judges it: a failing case that checks the fault's rule or drives its transition.
    const named = o.failures.some((x) => checksFault(f, x));
    const departure = !f.benign;
    // A benign variation must not fail anything (the run may still be incomplete for --allow-long-waits).
    const ok = departure ? o.failed > 0 && named && o.wallSeconds <= bound : o.failed === 0;
    return { o, f, named, ok };
  });
  console.log(table(['fault', 'rule it breaks', 'verdict', 'wall s', 'failed', 'names the rule', 'within 3×', 'as expected'], rows.map(({ o, f, named, ok }) => [o.fault, f.rule, o.verdict, o.wallSeconds, o.failed, f.benign ? '(benign)' : named ? 'yes' : 'NO', o.wallSeconds <= bound ? 'yes' : 'NO', ok ? 'yes' : 'NO'])));
  console.log(`${rows.filter((r) => r.ok).length}/${rows.length} as expected; bound ${bound.toFixed(0)} s = 3 × the faithful ${faithful.wallSeconds} s`);
  writeReport('realtime-faults', m, { profile: values.profile, seed: seeds[0], faithful, boundSeconds: bound, runs: rows.map(({ o, named, ok }) => ({ ...o, namesRule: named, asExpected: ok })) });
} else {
  const results: Outcome[] = [];
  for (const seed of seeds) for (const v of variants) results.push(await measure(v, seed));
  console.log(table(['variant', 'seed', 'wall s', 'verdict', 'passed', 'failed', 'skipped', 'requests via proxy'], results.map((o) => [o.variant, o.seed, o.wallSeconds, o.verdict, o.passed, o.failed, o.skipped, o.forwarded])));
  for (const o of results.filter((x) => x.failed)) console.log(`${o.variant} seed ${o.seed} failed: ${o.failures.map((f) => `${f.name} [${f.rule}]`).join('; ')}`);
  // What each variant left unchecked, once per distinct case and reason.
  const skipped = new Map<string, Set<string>>();
  for (const o of results) for (const k of o.skips) (skipped.get(`${k.name}: ${k.reason}`) ?? skipped.set(`${k.name}: ${k.reason}`, new Set()).get(`${k.name}: ${k.reason}`)!).add(o.variant);
  for (const [what, where] of skipped) console.log(`skipped (${[...where].join(', ')}): ${what}`);
  const of = (v: Variant) => results.filter((o) => o.variant === v);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const realistic = of('realistic').map((o) => o.wallSeconds);
  if (realistic.length) console.log(`realistic ${values.profile}: median ${median(realistic)} s over ${realistic.length} seed(s) (target ≤ ${TARGET_SECONDS} s: ${Math.max(...realistic) <= TARGET_SECONDS ? 'met' : 'missed'} by the slowest)`);
  const emb = of('embedded').map((o) => o.wallSeconds);
  const url = of('url-emulator').map((o) => o.wallSeconds);
  if (emb.length && url.length) console.log(`url-emulator / embedded: ${(median(url)! / median(emb)!).toFixed(2)}× (target ≤ 1.5×)`);
  const same = of('proxy').every((p) => {
    const r = results.find((o) => o.variant === 'realistic' && o.seed === p.seed);
    return !r || (r.verdict === p.verdict && r.failed === p.failed && r.passed === p.passed && r.skipped === p.skipped);
  });
  if (of('proxy').length) console.log(`through the proxy: ${same ? 'the same verdict and counts' : 'DIFFERENT verdict or counts'}`);
  writeReport('realtime', m, { profile: values.profile, results, targetSeconds: TARGET_SECONDS });
}
