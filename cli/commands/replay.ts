// `dcs-conformance replay <bundle>`: runs a failed case again from its replay bundle (same case, seed
// and property runs) on the target it failed on (or, warned loudly, on another one named by
// --target); --emit-test writes it as a standalone vitest regression test to commit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../../spec/index.ts';
import { describeTarget, replayTarget, type ReplayBundle } from '../../suites/engine/bundle.ts';
import { replayCase } from '../../suites/engine/replay.ts';
import { allCases } from '../../suites/index.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { checkWritableDir } from '../reportDir.ts';
import { TARGET_FLAGS, targetEnv } from '../target.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// .ts in the sources, .js in the installed package: what an emitted test imports.
const EXT = extname(fileURLToPath(import.meta.url));

const FLAGS: Record<string, FlagSpec> = {
  ...TARGET_FLAGS,
  'emit-test': { kind: 'bool', description: 'write a vitest regression test instead of running (regressions/<case>.test.ts, or --out)' },
  out: { kind: 'string', value: 'FILE', description: 'where --emit-test writes the test' },
  'report-dir': { kind: 'string', value: 'DIR', description: 'resolve a bundle path given relative to a report folder (default reports/)' },
};

export function readBundle(file: string): ReplayBundle {
  let b: ReplayBundle;
  try {
    b = JSON.parse(readFileSync(file, 'utf8')) as ReplayBundle;
  } catch (e) {
    throw new UsageError(`cannot read replay bundle ${file}: ${(e as Error).message}`);
  }
  if (b?.format !== 1 || typeof b.name !== 'string' || typeof b.seed !== 'number') throw new UsageError(`${file} is not a replay bundle (needs format 1, name, seed)`);
  return b;
}

/** A committed regression test: the case by name and seed, on the target it failed on unless the environment names another. */
export function regressionTest(b: ReplayBundle, file: string, bundlePath: string): string {
  const rel = (p: string) => relative(dirname(file), resolve(ROOT, p)).replaceAll('\\', '/');
  const recorded = b.exchanges.map((x, i) => `//   ${i + 1}. ${x.request.method} ${new URL(x.request.url).pathname} -> ${x.response?.status ?? x.error?.code ?? '?'}`).join('\n');
  const remote = b.target.kind === 'remote';
  return `// Regression test from replay bundle ${bundlePath}
// "${b.name}" failed on ${describeTarget(b.target)}, with seed ${b.seed}, spec ${b.specHash.slice(0, 16)}, errata ${b.errataVersion}.
// ${(b.message ?? '').split('\n')[0]}
// Recorded exchanges (as masked in the bundle: the run's credentials as $DCS_… variables, other credentials ***):
${recorded || '//   (none)'}
// Runs on the target it failed on${remote ? ' (credentials from DCS_TOKEN, or DCS_AK and DCS_SK, or the config)' : ''}; DCS_ENDPOINT or
// DCS_TARGET name another one, and then a pass says nothing about the target it failed on.
import { expect, test } from 'vitest';
import { replayTarget } from '${rel(`suites/engine/bundle${EXT}`)}';
import { replayCase } from '${rel(`suites/engine/replay${EXT}`)}';
import { allCases } from '${rel(`suites/index${EXT}`)}';

const FAILED_ON = ${JSON.stringify(b.target)};

test(${JSON.stringify(`${b.name} (seed ${b.seed})`)}, async () => {
  const where = replayTarget({ target: FAILED_ON }, process.env);
  if (!where.recorded) console.warn(\`replaying on \${where.where}, not where it failed (\${FAILED_ON.endpoint}): a pass says nothing about that target\`);
  const r = await replayCase({ name: ${JSON.stringify(b.name)}, seed: ${b.seed}, profile: ${JSON.stringify(b.profile)}${b.runs ? `, runs: ${b.runs}` : ''} }, allCases, { env: where.env, ...(where.emulator ? { emulator: where.emulator } : {}) });
  expect(r.status, r.message).toBe('passed');
}, 600_000);
`;
}

export const replayCommand: Command = {
  name: 'replay',
  help: `Usage: dcs-conformance replay <bundle.json> [--emit-test [--out FILE]] [target flags]\n\nEvery failure of a run is saved as a replay bundle (reports/bundles/*.json: case, seed, fast-check path,\nspec hash, errata version, masked exchanges). replay runs that case again with the same seed on the target it\nfailed on (a URL target: credentials from --token/--ak/--sk, DCS_TOKEN/DCS_AK/DCS_SK or the config; the embedded\nemulator: with the faults the run had). --target names another target: a loud warning, and a pass there is not\ncalled a pass. Exit 0 when it passes, 1 when it still fails.\n\n${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'replay');
    const [given, ...extra] = p._;
    if (!given || extra.length) throw new UsageError('replay needs exactly one bundle file');
    const direct = resolve(io.cwd, given);
    const inReports = resolve(io.cwd, (p['report-dir'] as string | undefined) ?? 'reports', given);
    let file = direct;
    try {
      readFileSync(direct);
    } catch {
      file = inReports;
    }
    const b = readBundle(file);
    const spec = await loadSpec();
    if (b.specHash !== spec.hash) io.err(`note: the bundle ran against spec ${b.specHash.slice(0, 16)}; this is ${spec.hash.slice(0, 16)} (errata ${b.errataVersion} -> ${spec.errataVersion})`);
    if (p['emit-test']) {
      const out = resolve(io.cwd, (p.out as string | undefined) ?? `regressions/${b.name.replace(/[^\w.-]+/g, '_').replace(/_+/g, '_').slice(0, 100)}.test.ts`);
      mkdirSync(checkWritableDir(dirname(out), '--out'), { recursive: true });
      writeFileSync(out, regressionTest(b, out, relative(io.cwd, file)));
      io.out(`wrote ${relative(io.cwd, out)}: run it with npx vitest run ${relative(io.cwd, out)}`);
      return EXIT.ok;
    }
    const target = replayTarget(b, targetEnv(p, io.env));
    if (!target.recorded) {
      io.err(`⚠ WARNING: "${b.name}" failed on ${describeTarget(b.target)}.`);
      io.err(`⚠ This replays it on ${target.where}: whatever happens there says nothing about the target it failed on. Replay without --target (and without DCS_ENDPOINT/DCS_TARGET) to run it there.`);
    }
    io.out(`replaying "${b.name}" with seed ${b.seed}${b.path ? ` (fast-check path ${b.path})` : ''} on ${target.where}`);
    const r = await replayCase({ name: b.name, seed: b.seed, profile: b.profile, ...(b.runs ? { runs: b.runs } : {}) }, allCases, { env: target.env, cwd: io.cwd, ...(target.emulator ? { emulator: target.emulator } : {}) });
    if (r.status === 'failed') io.out(`✗ still fails on ${target.where}: ${r.message}`);
    else if (r.status === 'skipped') io.out(`- skipped on ${target.where}: ${r.message}`);
    else if (target.recorded) io.out(`✓ passes now on ${target.where}, where it failed`);
    else io.out(`✓ passes on ${target.where} — NOT where it failed (${describeTarget(b.target)}): no evidence it is fixed there`);
    return r.status === 'failed' ? EXIT.nonConformant : EXIT.ok;
  },
};
