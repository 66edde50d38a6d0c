// Writes a report's files into its folder: conformance.json, the certificate page, coverage.json (the
// operation × check matrix and rule → cases), and the verdict's marks on junit.xml when vitest wrote
// one. A merge also brings the shards' replay bundles, JUnit and Allure results into the merged folder,
// so every path the merged report prints resolves there.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spec } from '../spec/index.ts';
import { renderCertificate } from './certificate.ts';
import { markJunit, mergeJunit } from './junit.ts';
import { coverageOf } from './report.ts';
import type { ConformanceReport } from './types.ts';

export function writeReportFiles(dir: string, report: ConformanceReport, options: { spec?: Spec } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'conformance.json');
  const html = join(dir, 'certificate.html');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, renderCertificate(report));
  const files = [json, html];
  if (options.spec) {
    const coverage = join(dir, 'coverage.json');
    writeFileSync(coverage, `${JSON.stringify(coverageOf(options.spec, report.results), null, 2)}\n`);
    files.push(coverage);
  }
  const junit = join(dir, 'junit.xml');
  if (existsSync(junit)) {
    writeFileSync(junit, markJunit(readFileSync(junit, 'utf8'), report.results));
    files.push(junit);
  }
  return files;
}

const copyTree = (from: string, to: string): number => {
  if (!existsSync(from)) return 0;
  mkdirSync(to, { recursive: true });
  let n = 0;
  for (const f of readdirSync(from)) {
    if (statSync(join(from, f)).isDirectory()) n += copyTree(join(from, f), join(to, f));
    else {
      copyFileSync(join(from, f), join(to, f));
      n++;
    }
  }
  return n;
};

/** Brings the shards' bundles/, allure-results/ and junit.xml (merged) into `out`, before writeReportFiles marks it. */
export function collectShardArtifacts(shardDirs: readonly string[], out: string): { bundles: number; allure: number; junit: boolean } {
  mkdirSync(out, { recursive: true });
  let bundles = 0;
  let allure = 0;
  for (const d of shardDirs) {
    if (d === out) continue;
    bundles += copyTree(join(d, 'bundles'), join(out, 'bundles'));
    allure += copyTree(join(d, 'allure-results'), join(out, 'allure-results'));
  }
  const junits = shardDirs.map((d) => join(d, 'junit.xml')).filter((f) => existsSync(f));
  if (junits.length) writeFileSync(join(out, 'junit.xml'), mergeJunit(junits.map((f) => readFileSync(f, 'utf8'))));
  return { bundles, allure, junit: junits.length > 0 };
}
