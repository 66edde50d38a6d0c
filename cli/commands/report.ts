// `dcs-conformance report`: re-render a report folder's certificate, or merge the report folders of
// shards into one conformance.json and certificate identical in counts to an unsharded run.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpec } from '../../spec/index.ts';
import { loadBaseline } from '../../reporters/baseline.ts';
import { mergeReports } from '../../reporters/report.ts';
import type { ConformanceReport } from '../../reporters/types.ts';
import { loadWaivers, waiverWarnings } from '../../reporters/waivers.ts';
import { collectShardArtifacts, writeReportFiles } from '../../reporters/write.ts';
import { allCases } from '../../suites/index.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { checkWritableDir } from '../reportDir.ts';
import { outputOf, OUTPUT_FLAGS } from '../output.ts';
import { finish } from '../summary.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../types.ts';

const FLAGS: Record<string, FlagSpec> = {
  from: { kind: 'string', value: 'DIR', description: 're-render DIR/certificate.html from DIR/conformance.json' },
  merge: { kind: 'list', value: 'DIR', description: 'merge the conformance.json of these shard folders' },
  'report-dir': { kind: 'string', value: 'DIR', description: 'where the merged report goes (default reports/)' },
  waivers: { kind: 'string', value: 'FILE', description: 'waivers to apply to the merged results' },
  baseline: { kind: 'string', value: 'FILE', description: 'baseline to compare the merged results with' },
  ...OUTPUT_FLAGS,
};

export function readReport(dir: string): ConformanceReport {
  const file = join(dir, 'conformance.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

export const reportCommand: Command = {
  name: 'report',
  help: `Usage: dcs-conformance report --from DIR
       dcs-conformance report --merge DIR1 --merge DIR2 … [--report-dir OUT] [--waivers FILE] [--baseline FILE]

--from renders DIR's certificate, coverage.json and JUnit marks again from its conformance.json.
--merge joins shard folders: one conformance.json, certificate and coverage.json whose counts equal an
unsharded run's, the shards' junit.xml merged, and their bundles/ and allure-results/ copied, so every
replay path the merged report prints resolves in it. Exit codes as \`run\`'s (0, 1, 4 incomplete).

${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'report');
    const o = outputOf(p, io);
    const merge = [...((p.merge as string[] | undefined) ?? []), ...p._];
    if (!p.from && !merge.length) throw new UsageError('report needs --from DIR or --merge DIR…');
    const spec = await loadSpec();
    if (p.from) {
      const dir = checkWritableDir(resolve(io.cwd, p.from as string), '--from');
      const report = readReport(dir);
      const files = writeReportFiles(dir, report, { spec });
      return finish(report, io, o, { reportDir: dir, files, warnings: [] });
    }
    const out = checkWritableDir(resolve(io.cwd, (p['report-dir'] as string | undefined) ?? 'reports'));
    const dirs = merge.map((d) => resolve(io.cwd, d));
    const reports = dirs.map(readReport);
    const baselineFile = p.baseline ? resolve(io.cwd, p.baseline as string) : undefined;
    const waivers = p.waivers ? loadWaivers(resolve(io.cwd, p.waivers as string)) : [];
    const merged = mergeReports(spec, reports, {
      ...(waivers.length ? { waivers } : {}),
      ...(baselineFile ? { baseline: { file: baselineFile, baseline: loadBaseline(baselineFile) } } : {}),
    });
    const copied = collectShardArtifacts(dirs, out);
    const files = writeReportFiles(out, merged, { spec });
    o.say(`merged ${reports.length} shard report(s): ${copied.bundles} replay bundle(s), ${copied.allure} Allure file(s)${copied.junit ? ', junit.xml' : ''}`);
    return finish(merged, io, o, { reportDir: out, files, warnings: waiverWarnings(waivers, { results: merged.results, caseNames: allCases(spec).map((c) => c.name), ruleIds: spec.rules.ids, now: new Date() }) });
  },
};
