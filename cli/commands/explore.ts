// `dcs-conformance explore --op <operationId>`: a long property run against one operation. fast-check
// generates valid, rule-broken and schema-mutated requests; every failure finding is grouped into a
// class (operation, check, status, error code), and each class is printed once with how often it was
// hit and the shortest request that shows it (fast-check's shrinking, replayed from the run's path).
import fc from 'fast-check';
import { loadSpec, type OperationInfo } from '../../spec/index.ts';
import { renderUrl } from '../../generators/index.ts';
import { ScenarioError } from '../../harness/index.ts';
import { needsNoResource } from '../../suites/cases/common.ts';
import { openSuite } from '../../suites/engine/context.ts';
import { startTarget, type TargetDescriptor } from '../../suites/engine/target.ts';
import type { SuiteContext } from '../../suites/engine/types.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { emulatorFaults, TARGET_FLAGS, targetEnv } from '../target.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command, type Io } from '../types.ts';
import { exitCodeOf } from '../exitCode.ts';
import { errorCodeOf, indent, noAnswer, operationNamed, probeArbitrary, progress, randomSeed, rebased, runsOf, sendProbe, setupRefused, sideFor, type Probe, type Side } from './exploreCommon.ts';

const FLAGS: Record<string, FlagSpec> = {
  op: { kind: 'string', value: 'OPERATION_ID', description: 'the operation to explore (an operationId of the spec, e.g. ResetPassword)' },
  runs: { kind: 'int', value: 'N', description: 'generated requests (default 200)' },
  seed: { kind: 'int', value: 'N', description: 'seed of the generated requests (printed at the start; the same seed replays them)' },
  'allow-destructive': { kind: 'bool', description: 'on a non-emulator target, explore an operation that needs resources of its own (they are billable; the run removes them)' },
  ...TARGET_FLAGS,
};
/** Listed apart from the flags a user needs: for the suite's own tests and mutation runs. */
const HIDDEN: Record<string, FlagSpec> = {
  'emulator-fault': { kind: 'list', value: 'ID', description: 'switch on an emulator fault (npm run emulator -- --list-faults)' },
};

const DEFAULT_RUNS = 200;
/** Requests one class may spend on shrinking: a remote target is rate limited. */
const SHRINK_BUDGET = 150;

interface Hit {
  key: string;
  check: string;
  status: number;
  code: string | undefined;
  message: string;
  curl: string;
}

/** The failure classes one request hits (several checks may fail on one answer). */
async function hitsOf(side: Side, probe: Probe): Promise<Map<string, Hit>> {
  const out = new Map<string, Hit>();
  const add = (h: Omit<Hit, 'key'>) => {
    const key = JSON.stringify([side.op.id, h.check, h.status, h.code ?? null]);
    if (!out.has(key)) out.set(key, { key, ...h });
  };
  try {
    const r = await sendProbe(side, probe);
    const code = errorCodeOf(r);
    const curl = side.ctx.client.curl(r.request);
    for (const f of r.findings) if (f.severity === 'failure') add({ check: f.check, status: r.status, code, message: f.message, curl });
  } catch (e) {
    if (!noAnswer(e)) throw e;
    // No answer (timeout, reset) or a refused setup step: a class of its own, with the request as it would have been sent.
    const p = rebased(probe, side.map);
    const curl = side.ctx.client.curl({ method: p.request.method, url: side.ctx.target.endpoint.replace(/\/$/, '') + renderUrl(p.request), headers: {}, body: p.rawBody ?? (p.request.body === undefined ? '' : JSON.stringify(p.request.body)) });
    add({ check: e.code, status: 0, code: undefined, message: e.message, curl });
  }
  return out;
}

interface FailureClass {
  first: Hit & { index: number; label: string };
  count: number;
  labels: Map<string, number>;
}


async function explore(ctx: SuiteContext, t: TargetDescriptor, op: OperationInfo, runs: number, seed: number, io: Io): Promise<number> {
  const startedAt = Date.now();
  io.out(`dcs-conformance explore: ${op.id} (${op.method} ${op.path}, reference ${op.section}) on ${t.name} (${t.kind} ${t.endpoint}), ${runs} generated requests; seed=${seed}, replay with --seed ${seed}`);
  let side: Awaited<ReturnType<typeof sideFor>>;
  try {
    side = await sideFor(ctx, op);
  } catch (e) {
    // The resources the operation acts on could not be made: a refused setup step departs from the reference.
    if (!setupRefused(e)) throw e;
    const refused = e instanceof ScenarioError;
    io.out(`${refused ? '✗' : '-'} ${op.id}: nothing explored: ${e.message}`);
    return refused ? EXIT.nonConformant : EXIT.ok;
  }
  const arb = probeArbitrary(ctx.spec, op, side.anchor);
  const classes = new Map<string, FailureClass>();
  const families = { valid: 0, rule: 0, schema: 0 };
  const tick = progress(io, () => `${classes.size} failure class(es) so far`);
  // An error that ends the run (target gone, a bug) must not look like a failing property to
  // fast-check (it would shrink it): it is kept, later requests are skipped, and it is thrown after.
  let fatal: unknown;
  const guarded = async (probe: Probe): Promise<Map<string, Hit> | undefined> => {
    if (fatal) return undefined;
    tick();
    try {
      return await hitsOf(side, probe);
    } catch (e) {
      fatal = e;
      return undefined;
    }
  };

  // 1. The run: every request, every class it hits; the property never fails, so all `runs` are sent.
  let index = 0;
  await fc.check(
    fc.asyncProperty(arb, async (probe) => {
      const i = index++;
      families[probe.family]++;
      for (const h of (await guarded(probe))?.values() ?? []) {
        const c = classes.get(h.key) ?? { first: { ...h, index: i, label: probe.label }, count: 0, labels: new Map<string, number>() };
        c.count++;
        c.labels.set(probe.label, (c.labels.get(probe.label) ?? 0) + 1);
        classes.set(h.key, c);
      }
      return true;
    }),
    { seed, numRuns: runs },
  );
  if (fatal) throw fatal;
  const generated = index;

  // 2. Each class once, shrunk: the run's first request of the class is replayed (seed + path) and shrunk
  // while it still hits the same class.
  let shrinkRequests = 0;
  let n = 0;
  for (const [key, c] of [...classes].sort((a, b) => a[1].first.index - b[1].first.index)) {
    let budget = SHRINK_BUDGET;
    let last: (Hit & { label: string }) | undefined;
    const details = await fc.check(
      fc.asyncProperty(arb, async (probe) => {
        if (budget-- <= 0) return true;
        shrinkRequests++;
        const h = (await guarded(probe))?.get(key);
        if (!h) return true;
        last = { ...h, label: probe.label };
        return false;
      }),
      { seed, path: String(c.first.index), numRuns: 1 },
    );
    if (fatal) throw fatal;
    const shown = last ?? c.first;
    const [, check, status, code] = JSON.parse(key) as [string, string, number, string | null];
    const by = [...c.labels].sort((a, b) => b[1] - a[1]).map(([l, k]) => `${l} ×${k}`).join(', ');
    io.out(`\n✗ [${++n}] ${op.id} › ${check}: status ${status || 'none'}, error_code ${code ?? '-'} — ${c.count} of ${generated} requests (${by})`);
    io.out(indent(shown.message));
    io.out(last ? `    shortest request (${shown.label}; ${details.numShrinks} shrink step(s)):` : `    first request that hit it (${shown.label}; it did not fail again when replayed, so it is not shrunk):`);
    io.out(indent(shown.curl, '      '));
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  io.out(`\nsummary: ${op.id} — ${generated} generated requests (${families.valid} valid, ${families.rule} rule-broken, ${families.schema} schema-mutated)${shrinkRequests ? ` + ${shrinkRequests} while shrinking` : ''} in ${seconds} s; ${classes.size ? `✗ ${classes.size} failure class(es)` : '✓ no failure class'}; seed=${seed}`);
  return classes.size ? EXIT.nonConformant : EXIT.ok;
}

export const exploreCommand: Command = {
  name: 'explore',
  help: `Usage: dcs-conformance explore --op <operationId> [--runs N] [--seed N] [target flags]

A long property run against one operation on the embedded emulator (default) or --target URL. fast-check
generates requests — valid ones (schema and rule values, on resources the run makes), ones that break a
rule in one way, and schema mutations — and checks every answer. Failures are grouped into classes
(operation, check, status, error code); each class is printed once with how many requests hit it, the
finding, and the shortest request that shows it, as a masked curl command.

Exit codes: 0 no failure class, 1 some, 2 usage error (an unknown --op lists the closest ones), 3 target unreachable.

${flagHelp(FLAGS)}

For the suite's own tests and mutation runs:
${flagHelp(HIDDEN)}`,
  run: (argv, io) =>
    exitCodeOf('explore', io, async () => {
      const p = parseArgs(argv, { ...FLAGS, ...HIDDEN }, 'explore');
      if (p._.length) throw new UsageError(`explore takes no positional arguments (got ${p._.join(' ')}); name the operation with --op`);
      if (typeof p.op !== 'string') throw new UsageError('explore needs --op <operationId>');
      const spec = await loadSpec();
      const op = operationNamed(spec, p.op, 'explore');
      const runs = runsOf(p, DEFAULT_RUNS);
      const seed = (p.seed as number | undefined) ?? randomSeed();
      const faults = emulatorFaults(p['emulator-fault'], '--emulator-fault');
      const started = await startTarget({ env: targetEnv(p, io.env), cwd: io.cwd, ...(faults.length ? { emulator: { faults } } : {}) });
      try {
        if (faults.length && started.descriptor.kind !== 'emulator') throw new UsageError('--emulator-fault applies to the embedded emulator only');
        if (started.descriptor.kind === 'remote' && !needsNoResource(op) && !p['allow-destructive']) throw new UsageError(`${op.id} acts on resources the run must make on ${started.descriptor.endpoint} (billable): add --allow-destructive to explore it there`);
        const suite = await openSuite(started.descriptor, { spec, seed, runs });
        try {
          return await explore(suite.ctx, started.descriptor, op, runs, seed, io);
        } finally {
          const left = await suite.close();
          // What an embedded emulator keeps goes with it.
          if (left.length && started.descriptor.kind === 'remote') io.err(`left behind:\n${indent(left.join('\n'))}`);
        }
      } finally {
        await started.close();
      }
    }),
};
