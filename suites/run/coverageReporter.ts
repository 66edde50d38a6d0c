// Prints the coverage table at the end of a conformance run and writes it to <report dir>/coverage.json:
// operations, documented status codes, rules and transitions exercised, the operation × check matrix,
// and rule → cases. Outcomes come from each test's meta (tests filtered out are not counted).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { loadSpec } from '../../spec/index.ts';
import { computeCoverage, formatCoverage, type CoveredCase } from '../engine/coverage.ts';
import { settingsFromEnv } from '../engine/settings.ts';

export default class CoverageReporter implements Reporter {
  async onTestRunEnd(modules: readonly TestModule[]): Promise<void> {
    const cases: CoveredCase[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const meta = t.meta();
        if (!meta.operationId || !meta.outcome) continue;
        cases.push({ name: t.name, operationId: meta.operationId, check: meta.check ?? '', rules: meta.rules ?? [], ...(meta.transitions ? { transitions: meta.transitions } : {}), statuses: meta.statuses ?? [], status: t.result().state === 'failed' ? 'failed' : meta.outcome });
      }
    }
    if (!cases.length) return;
    const spec = await loadSpec();
    const coverage = computeCoverage(spec, cases, spec.rules.unreachable);
    const dir = settingsFromEnv().reportDir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'coverage.json'), `${JSON.stringify(coverage, null, 2)}\n`);
    console.log(`\n${formatCoverage(coverage, { matrix: process.env.DCS_COVERAGE_MATRIX === '1' })}\n(coverage.json in ${dir}/)`);
  }
}
