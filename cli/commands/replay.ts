// `dcs-conformance replay <bundle>`: runs a failed case again from its replay bundle (same case, seed
// and property runs) against the emulator or a URL; --emit-test writes it as a standalone vitest
// regression test to commit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../../spec/index.ts';
import type { ReplayBundle } from '../../suites/engine/bundle.ts';
import { replayCase } from '../../suites/engine/replay.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { checkWritableDir } from '../reportDir.ts';
import { TARGET_FLAGS, targetEnv } from '../target.ts';
import { EXIT, UsageError, type Command } from '../types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

/** A committed regression test: the case by name and seed, on whatever target the environment names. */
export function regressionTest(b: ReplayBundle, file: string, bundlePath: string): string {
  const rel = (p: string) => relative(dirname(file), resolve(ROOT, p)).replaceAll('\\', '/');
  const recorded = b.exchanges.map((x, i) => `//   ${i + 1}. ${x.request.method} ${new URL(x.request.url).pathname} -> ${x.response?.status ?? x.error?.code ?? '?'}`).join('\n');
  return `// Regression test from replay bundle ${bundlePath}
// "${b.name}" failed on ${b.target.name} (${b.target.kind}) with seed ${b.seed}, spec ${b.specHash.slice(0, 16)}, errata ${b.errataVersion}.
// ${(b.message ?? '').split('\n')[0]}
// Recorded exchanges (masked; the bundle has them in full):
${recorded || '//   (none)'}
// Runs against the target the environment names (DCS_ENDPOINT, DCS_TOKEN…; default the embedded emulator).
import { expect, test } from 'vitest';
import { replayCase } from '${rel('suites/engine/replay.ts')}';

test(${JSON.stringify(`${b.name} (seed ${b.seed})`)}, async () => {
  const r = await replayCase({ name: ${JSON.stringify(b.name)}, seed: ${b.seed}, profile: ${JSON.stringify(b.profile)}${b.runs ? `, runs: ${b.runs}` : ''} }, { env: process.env });
  expect(r.status, r.message).toBe('passed');
}, 600_000);
`;
}

export const replayCommand: Command = {
  name: 'replay',
  help: `Usage: dcs-conformance replay <bundle.json> [--emit-test [--out FILE]] [target flags]\n\nEvery failure of a run is saved as a replay bundle (reports/bundles/*.json: case, seed, fast-check path,\nspec hash, errata version, masked exchanges). replay runs that case again with the same seed against the\nemulator (default) or --target URL: exit 0 when it passes now, 1 when it still fails.\n\n${flagHelp(FLAGS)}`,
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
    io.out(`replaying "${b.name}" with seed ${b.seed}${b.path ? ` (fast-check path ${b.path})` : ''}`);
    const r = await replayCase({ name: b.name, seed: b.seed, profile: b.profile, ...(b.runs ? { runs: b.runs } : {}) }, { env: targetEnv(p, io.env), cwd: io.cwd });
    io.out(`${r.status === 'passed' ? '✓ passes now' : r.status === 'skipped' ? `- skipped: ${r.message}` : `✗ still fails: ${r.message}`}`);
    return r.status === 'failed' ? EXIT.nonConformant : EXIT.ok;
  },
};
