// The conformance run (not the project's own tests): the suite families run one after another
// against one target started by the global setup. Settings come from DCS_* variables (settings.ts).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import CoverageReporter from './run/coverageReporter.ts';
import FamilyOrder from './run/sequencer.ts';

// .ts in the sources (root: the project), .js in the installed package (root: its dist/).
const ext = extname(fileURLToPath(import.meta.url));

export default defineConfig({
  test: {
    // One file per family, one after another; a run on several lanes (a real-time target, or a virtual
    // clock's lanes for the cases that share it) takes every family's cases on one pool instead, so long
    // cases of one family overlap the others'.
    include: Number(process.env.DCS_CONCURRENCY) > 1 ? [`suites/run/lanes.concurrent${ext}`] : [`suites/run/*.conformance${ext}`],
    globalSetup: [`suites/run/globalSetup${ext}`],
    // Allure's runtime: labels, steps and attachments from the tests (written only when its reporter runs).
    setupFiles: ['allure-vitest/setup'],
    // Families share the target's tenant (quotas, lists): one at a time keeps every read-back exact.
    fileParallelism: false,
    // One worker keeps the loaded spec and the generated cases for every family (no re-import per file).
    isolate: false,
    // Always the same order of families, whatever vitest's cache remembers (run/sequencer.ts).
    sequence: { shuffle: false, sequencer: FamilyOrder },
    // Cases take lanes of their own (suites/engine/lanes.ts); vitest only has to start that many at once.
    maxConcurrency: Number(process.env.DCS_CONCURRENCY) || 16,
    hookTimeout: 30 * 60_000,
    reporters: ['default', new CoverageReporter()],
    // The worker imports the suite natively (Node's loader, through tsx in the sources) instead of
    // through Vite's module runner: no module is transformed in the run's process and sent over IPC,
    // none evaluated through the runner's wrappers. The suite uses neither vi.mock nor import.meta.vitest.
    ...(ext === '.ts' ? { execArgv: ['--import', 'tsx'] } : {}),
    experimental: { viteModuleRunner: false, nodeLoader: false },
  },
});
