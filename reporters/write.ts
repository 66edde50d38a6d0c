// Writes a report's files into its folder: conformance.json and the certificate page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCertificate } from './certificate.ts';
import type { ConformanceReport } from './types.ts';

export function writeReportFiles(dir: string, report: ConformanceReport): string[] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'conformance.json');
  const html = join(dir, 'certificate.html');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, renderCertificate(report));
  return [json, html];
}
