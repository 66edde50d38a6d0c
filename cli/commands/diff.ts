// `dcs-conformance diff --a <target> --b <target>`: the same generated requests (same seed) to two
// targets, each on resources its own scenario made, and where their normalised answers differ —
// status, error code, and the body's shape (keys and JSON types; values such as IDs, timestamps and
// names are ignored) — so it shows where the emulator or the spec drifts from a real service.
import fc from 'fast-check';
import { loadSpec, type OperationInfo, type Spec } from '../../spec/index.ts';
import type { CallResult } from '../../harness/index.ts';
import { needsNoResource, seedFor } from '../../suites/cases/common.ts';
import { openSuite, type OpenSuite } from '../../suites/engine/context.ts';
import { startTarget, type StartedTarget } from '../../suites/engine/target.ts';
import { flagHelp, parseArgs, type FlagSpec, type Parsed } from '../args.ts';
import { emulatorFaults, TARGET_FLAGS, targetEnv } from '../target.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';
import { exitCodeOf } from '../exitCode.ts';
import { errorCodeOf, indent, noAnswer, operationNamed, probeArbitrary, progress, randomSeed, runsOf, sendProbe, setupRefused, sideFor, type Probe, type Side } from './exploreCommon.ts';

const SIDES = ['a', 'b'] as const;
type SideName = (typeof SIDES)[number];

/** The shared target flags but --target: each side names its own. */
const SHARED = Object.fromEntries(Object.entries(TARGET_FLAGS).filter(([k]) => k !== 'target'));
const FLAGS: Record<string, FlagSpec> = {
  a: { kind: 'string', value: 'emulator|URL|NAME', description: 'target A: an embedded emulator of its own, a DCS endpoint URL, or a target named in the config' },
  b: { kind: 'string', value: 'emulator|URL|NAME', description: 'target B (as --a)' },
  op: { kind: 'list', value: 'OPERATION_ID', description: 'operations to compare (default: every operation)' },
  runs: { kind: 'int', value: 'N', description: 'generated requests per operation (default 20)' },
  seed: { kind: 'int', value: 'N', description: 'seed of the generated requests (printed at the start; the same seed replays them)' },
  'a-token': { kind: 'string', value: 'TOKEN', description: 'IAM token of target A (default --token)' },
  'b-token': { kind: 'string', value: 'TOKEN', description: 'IAM token of target B (default --token)' },
  'a-project-id': { kind: 'string', value: 'ID', description: 'project ID on target A (default --project-id)' },
  'b-project-id': { kind: 'string', value: 'ID', description: 'project ID on target B (default --project-id)' },
  'allow-destructive': { kind: 'bool', description: 'on a non-emulator target, also compare operations that create billable resources or change data' },
  ...SHARED,
};
const HIDDEN: Record<string, FlagSpec> = {
  'a-emulator-fault': { kind: 'list', value: 'ID', description: 'switch on a fault in target A\'s embedded emulator' },
  'b-emulator-fault': { kind: 'list', value: 'ID', description: 'switch on a fault in target B\'s embedded emulator' },
};

const DEFAULT_RUNS = 20;

// ---- normalised answers ----------------------------------------------------------------------------

type Shape = string | Shape[] | { [key: string]: Shape };

/** Keys and JSON types, recursively; an array by its first element. */
export function shapeOf(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, shapeOf((v as Record<string, unknown>)[k])]));
  return typeof v;
}

export interface Answer {
  status: number;
  errorCode: string | undefined;
  shape: Shape;
}

export function normalise(r: Pick<CallResult, 'status' | 'json' | 'isJson' | 'text'>): Answer {
  return { status: r.status, errorCode: errorCodeOf(r), shape: r.isJson ? shapeOf(r.json) : r.text.trim() ? 'text' : 'empty' };
}

/** Where two shapes disagree, as JSON pointers; an empty array matches any array. */
export function shapeDifferences(a: Shape, b: Shape, at = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) return a.length && b.length ? shapeDifferences(a[0]!, b[0]!, `${at}/0`) : [];
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => (!(k in b) ? [`${at}/${k} only in A`] : !(k in a) ? [`${at}/${k} only in B`] : shapeDifferences(a[k]!, b[k]!, `${at}/${k}`)));
  }
  const type = (s: Shape) => (Array.isArray(s) ? 'array' : typeof s === 'object' ? 'object' : s);
  return type(a) === type(b) ? [] : [`${at || '/'}: ${type(a)} in A, ${type(b)} in B`];
}

/** The first way the answers part: status, else error code (a code and its numeric twin agree), else body shape ("" when they agree). */
export function differenceOf(spec: Spec, a: Answer, b: Answer): string {
  if (a.status !== b.status) return `status ${a.status} ≠ ${b.status}`;
  if (a.errorCode !== b.errorCode && !(a.errorCode && b.errorCode && spec.errors.sameMeaning(a.errorCode, b.errorCode))) return `error_code ${a.errorCode ?? '-'} ≠ ${b.errorCode ?? '-'}`;
  const d = shapeDifferences(a.shape, b.shape);
  return d.length ? `body shape: ${d.slice(0, 5).join('; ')}${d.length > 5 ? `; … ${d.length - 5} more` : ''}` : '';
}

const summary = (x: Answer) => {
  const shape = JSON.stringify(x.shape);
  return `${x.status} ${x.errorCode ?? '-'} ${shape.length > 160 ? `${shape.slice(0, 157)}…` : shape}`;
};

// ---- the comparison --------------------------------------------------------------------------------

interface Difference {
  op: string;
  what: string;
  count: number;
  labels: Map<string, number>;
  answers: Record<SideName, string>;
  curls: Record<SideName, string>;
  label: string;
}

async function answerOf(side: Side, probe: Probe): Promise<{ answer: Answer; curl: string }> {
  try {
    const r = await sendProbe(side, probe);
    return { answer: normalise(r), curl: side.ctx.client.curl(r.request) };
  } catch (e) {
    if (!noAnswer(e)) throw e;
    // No answer (timeout, reset) or a refused setup step: compared like an answer.
    return { answer: { status: 0, errorCode: e.code, shape: 'no answer' }, curl: `# no answer: ${e.message}` };
  }
}

/** A scenario step refused or impossible on this target, as a value; anything else is thrown. */
async function setUp<T>(make: () => Promise<T>): Promise<T | Error> {
  try {
    return await make();
  } catch (e) {
    if (setupRefused(e)) return e;
    throw e;
  }
}

/** Each side's answer to the same requests of one operation; the differences are added to `found`. */
async function compareOperation(spec: Spec, op: OperationInfo, suites: Record<SideName, OpenSuite>, runs: number, seed: number, found: Map<string, Difference>, tick: () => void): Promise<{ sent: number; skipped?: string }> {
  const a = await setUp(() => sideFor(suites.a.ctx, op));
  const b = await setUp(() => sideFor(suites.b.ctx, op, a instanceof Error ? undefined : a.anchor));
  if (a instanceof Error || b instanceof Error) {
    // Only one side could make the resources: that is a difference. Neither: nothing to compare.
    if (a instanceof Error && b instanceof Error) return { sent: 0, skipped: `${op.id}: neither target could make its resources (${a.message})` };
    const what = `setup: only ${a instanceof Error ? 'B' : 'A'} could make the resources the operation acts on`;
    const why = (x: unknown) => (x instanceof Error ? `refused: ${x.message}` : 'made');
    found.set(`${op.id}\n${what}`, { op: op.id, what, count: 1, labels: new Map(), answers: { a: why(a), b: why(b) }, curls: { a: '# (setup)', b: '# (setup)' }, label: 'fixtures' });
    return { sent: 0 };
  }
  const probes = fc.sample(probeArbitrary(spec, op, a.anchor), { seed: seedFor(seed, op.id), numRuns: runs });
  for (const probe of probes) {
    tick();
    const x = await answerOf(a, probe);
    const y = await answerOf(b, probe);
    const what = differenceOf(spec, x.answer, y.answer);
    if (!what) continue;
    const key = `${op.id}\n${what}`;
    const d = found.get(key) ?? { op: op.id, what, count: 0, labels: new Map<string, number>(), answers: { a: summary(x.answer), b: summary(y.answer) }, curls: { a: x.curl, b: y.curl }, label: probe.label };
    d.count++;
    d.labels.set(probe.label, (d.labels.get(probe.label) ?? 0) + 1);
    found.set(key, d);
  }
  return { sent: probes.length };
}

/** The shared target flags with one side's own target, token and project on top. */
function sideEnv(p: Parsed, side: SideName, env: Record<string, string | undefined>): Record<string, string | undefined> {
  const token = p[`${side}-token`] as string | undefined;
  const own: Parsed = { ...p, target: p[side], ...(token !== undefined ? { token, ak: undefined, sk: undefined } : {}) };
  if (p[`${side}-project-id`] !== undefined) own['project-id'] = p[`${side}-project-id`];
  return targetEnv(own, env);
}


export const diffCommand: Command = {
  name: 'diff',
  help: `Usage: dcs-conformance diff --a <target> --b <target> [--op <operationId>]... [--runs N] [--seed N] [target flags]

Sends the same generated requests (same seed; valid, rule-broken and schema-mutated, as explore makes
them) to two targets — each "emulator" is an embedded emulator of its own — each on resources its own
run makes, and reports where the normalised answers differ: status, error_code, and the body's shape
(keys and JSON types, arrays by their first element; the values of IDs, timestamps and names are
ignored). Each difference is printed once per operation, with both answers and the request as curl.

Exit codes: 0 no difference, 1 some, 2 usage error, 3 a target unreachable.

${flagHelp(FLAGS)}

For the suite's own tests and mutation runs:
${flagHelp(HIDDEN)}`,
  run: (argv, io) =>
    exitCodeOf('diff', io, async () => {
      const p = parseArgs(argv, { ...FLAGS, ...HIDDEN }, 'diff');
      if (p._.length) throw new UsageError(`diff takes no positional arguments (got ${p._.join(' ')}); name the targets with --a and --b`);
      for (const s of SIDES) if (typeof p[s] !== 'string') throw new UsageError(`diff needs --a and --b (each "emulator", a URL, or a target named in the config)`);
      const spec = await loadSpec();
      const ops = ((p.op as string[] | undefined) ?? spec.operations.map((o) => o.id)).map((id) => operationNamed(spec, id, 'diff'));
      const runs = runsOf(p, DEFAULT_RUNS);
      const seed = (p.seed as number | undefined) ?? randomSeed();
      const envs = { a: sideEnv(p, 'a', io.env), b: sideEnv(p, 'b', io.env) };
      const faults = { a: emulatorFaults(p['a-emulator-fault'], '--a-emulator-fault'), b: emulatorFaults(p['b-emulator-fault'], '--b-emulator-fault') };
      const started: Partial<Record<SideName, StartedTarget>> = {};
      const suites: Partial<Record<SideName, OpenSuite>> = {};
      try {
        // A URL is checked before an emulator starts, so an unreachable one fails in seconds.
        for (const s of [...SIDES].sort((x, y) => Number(p[x] === 'emulator') - Number(p[y] === 'emulator'))) {
          started[s] = await startTarget({ env: envs[s], cwd: io.cwd, ...(faults[s].length ? { emulator: { faults: faults[s] } } : {}) });
          if (faults[s].length && started[s].descriptor.kind !== 'emulator') throw new UsageError(`--${s}-emulator-fault applies to an embedded emulator only`);
          suites[s] = await openSuite(started[s].descriptor, { spec, seed, runs });
        }
        const both = suites as Record<SideName, OpenSuite>;
        const t = (s: SideName) => started[s]!.descriptor;
        const remote = SIDES.some((s) => t(s).kind === 'remote');
        const skipped = remote && !p['allow-destructive'] ? ops.filter((op) => !needsNoResource(op)) : [];
        const compared = ops.filter((op) => !skipped.includes(op));
        io.out(`dcs-conformance diff: A=${t('a').name} (${t('a').kind} ${t('a').endpoint}) B=${t('b').name} (${t('b').kind} ${t('b').endpoint}); ${compared.length} operation(s), ${runs} requests each; seed=${seed}, replay with --seed ${seed}`);
        if (skipped.length) io.out(`skipped (they make or change resources on a non-emulator target; --allow-destructive compares them): ${skipped.map((o) => o.id).join(', ')}`);
        const startedAt = Date.now();
        const found = new Map<string, Difference>();
        const tick = progress(io, () => `${found.size} difference(s) so far`);
        let sent = 0;
        for (const op of compared) {
          const r = await compareOperation(spec, op, both, runs, seed, found, tick);
          sent += r.sent;
          if (r.skipped) io.out(`- skipped ${r.skipped}`);
        }
        let n = 0;
        for (const d of found.values()) {
          const by = [...d.labels].sort((x, y) => y[1] - x[1]).map(([l, k]) => `${l} ×${k}`).join(', ');
          io.out(`\n≠ [${++n}] ${d.op} — ${d.what} — ${d.count} request(s)${by ? ` (${by})` : ''}`);
          io.out(`    A: ${d.answers.a}\n    B: ${d.answers.b}\n    request (${d.label}):`);
          for (const s of SIDES) io.out(`    on ${s.toUpperCase()}:\n${indent(d.curls[s], '      ')}`);
        }
        const differing = [...new Set([...found.values()].map((d) => d.op))];
        io.out(`\nsummary: ${compared.length} operation(s), ${sent} requests to each target in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${found.size ? `≠ ${found.size} difference(s) in ${differing.join(', ')}` : '= no difference'}; seed=${seed}`);
        return found.size ? EXIT.nonConformant : EXIT.ok;
      } finally {
        for (const s of SIDES) {
          const left = await suites[s]?.close();
          // What an embedded emulator keeps goes with it.
          if (left?.length && started[s]?.descriptor.kind === 'remote') io.err(`left behind on ${s.toUpperCase()}:\n${indent(left.join('\n'), '    ')}`);
          await started[s]?.close();
        }
      }
    }),
};
