// `dcs-conformance report`: re-render a report folder's certificate, or merge the report folders of
// shards into one conformance.json and certificate identical in counts to an unsharded run.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpec } from '../../spec/index.ts';
import { loadBaseline } from '../../reporters/baseline.ts';
import { mergeReports } from '../../reporters/report.ts';
import type { ConformanceReport } from '../../reporters/types.ts';
import { loadWaivers } from '../../reporters/waivers.ts';
import { writeReportFiles } from '../../reporters/write.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { EXIT, UsageError, type Command } from '../types.ts';
import { printSummary } from './run.ts';

const FLAGS: Record<string, FlagSpec> = {
  from: { kind: 'string', value: 'DIR', description: 're-render DIR/certificate.html from DIR/conformance.json' },
  merge: { kind: 'list', value: 'DIR', description: 'merge the conformance.json of these shard folders' },
  'report-dir': { kind: 'string', value: 'DIR', description: 'where the merged report goes (default reports/)' },
  waivers: { kind: 'string', value: 'FILE', description: 'waivers to apply to the merged results' },
  baseline: { kind: 'string', value: 'FILE', description: 'baseline to compare the merged results with' },
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
  help: `Usage: dcs-conformance report --from DIR\n       dcs-conformance report --merge DIR1 --merge DIR2 … [--report-dir OUT] [--waivers FILE] [--baseline FILE]\n\n${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'report');
    const merge = [...((p.merge as string[] | undefined) ?? []), ...p._];
    if (!p.from && !merge.length) throw new UsageError('report needs --from DIR or --merge DIR…');
    if (p.from) {
      const dir = resolve(io.cwd, p.from as string);
      const report = readReport(dir);
      const files = writeReportFiles(dir, report);
      printSummary(report, io.out, { reportDir: dir, cwd: io.cwd });
      io.out(`reports: ${files.join(', ')}`);
      return report.verdict === 'pass' ? EXIT.ok : EXIT.nonConformant;
    }
    const spec = await loadSpec();
    const reports = merge.map((d) => readReport(resolve(io.cwd, d)));
    const baselineFile = p.baseline ? resolve(io.cwd, p.baseline as string) : undefined;
    const merged = mergeReports(spec, reports, {
      ...(p.waivers ? { waivers: loadWaivers(resolve(io.cwd, p.waivers as string)) } : {}),
      ...(baselineFile ? { baseline: { file: baselineFile, baseline: loadBaseline(baselineFile) } } : {}),
    });
    const out = resolve(io.cwd, (p['report-dir'] as string | undefined) ?? 'reports');
    const files = writeReportFiles(out, merged);
    io.out(`merged ${reports.length} shard report(s)`);
    printSummary(merged, io.out, { reportDir: out, cwd: io.cwd });
    io.out(`reports: ${files.join(', ')}`);
    return merged.verdict === 'pass' ? EXIT.ok : EXIT.nonConformant;
  },
};
