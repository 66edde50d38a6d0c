// The house's file layout, as data and one check (`layout.test.ts` runs it on the tree):
// - one file-name case: every code and data file is named in camelCase (`maintenanceWindows.json`,
//   `exploreCommon.ts`), each dot-separated part of its name on its own (`iamActions.inferred.json`,
//   `aksk.property.test.ts`, the sections of `spec/src/operations/4.1.1.json`);
// - one test layout: a test sits beside the module it tests, `x.test.ts` (or `x.<kind>.test.ts`, e.g.
//   `aksk.property.test.ts`) beside `x.ts`, or beside `x.json` for a test of spec data; a folder's
//   own test is `index.test.ts` beside its `index.ts`. A test of several modules at once (a whole
//   layer, the command line end to end) is named for what it checks and listed in CROSS_CUTTING with
//   the reason; no `test/` folders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Tests that check several modules at once, by path from the root: why they sit where they do. */
export const CROSS_CUTTING: Readonly<Record<string, string>> = {
  'cli/cli.test.ts': 'the command line end to end: exit codes, reports, bundles, replay, baselines, shard merges',
  'cli/habits.test.ts': 'the command-line habits across every command (--version, suggestions, list, --dry-run, colour)',
  'cli/hostile.test.ts': 'targets that do not behave like an API, through the real command line',
  'cli/package.test.ts': 'the package as npm installs it (npm pack, dist/, the bin)',
  'cli/reproduce.test.ts': 'a failure reproduced from its report against a faulty emulator process',
  'cli/signals.test.ts': 'stopping a run (SIGINT, SIGTERM) leaves nothing behind',
  'cli/verdict.test.ts': 'the verdict and its exit codes as a user meets them, end to end',
  'emulator/allOperations.test.ts': 'every operation of the spec against the emulator',
  'emulator/bodyLimit.test.ts': 'bad bodies cost the whole server little (http/ and every resource)',
  'emulator/realism.test.ts': 'the realistic mode: each module of realism/ and the running emulator with them',
  'emulator/referenceExamples.test.ts': 'every example request of the reference against the emulator',
  'emulator/robustness.test.ts': 'bad input to every operation never gets a 5xx',
  'emulator/security.test.ts': 'authentication, IAM, tenant isolation and concurrency across the emulator',
  'generators/againstEmulator.test.ts': 'the generators\' values accepted by the emulator',
  'generators/rulesAgainstEmulator.test.ts': 'each rule\'s generated negatives refused by the emulator with the rule\'s code',
  'generators/shrinking.test.ts': 'failing properties over the generators shrink to minimal counterexamples',
  'generators/validAgainstEmulator.test.ts': 'generated valid requests of every operation accepted by the emulator',
  'harness/defaultTarget.test.ts': 'the harness with no config: embedded emulator, both auth kinds, the checker',
  'harness/repro/secrets.test.ts': 'credentials never appear in any output: client, curl renderer and log writer together',
  'reporters/gating.test.ts': 'waivers, baselines and shard merges deciding the verdict together',
  'spec/examples.test.ts': 'every example of every operation fragment against its schema',
  'spec/referenceCoverage.test.ts': 'the whole OpenAPI document against chapter 4 of the reference',
  'spec/referenceDocument.test.ts': 'the reference document the spec names, read from the reference text',
  'spec/standardLinters.test.ts': 'the bundle through the standard OpenAPI linters (Spectral, Redocly)',
  'suites/cases/rules/ruleChecks.test.ts': 'every rule family\'s cases and the rule coverage of the whole suite',
  'suites/engine/engine.test.ts': 'the engine\'s rules across its modules: selection, settings, outcomes, coverage, cleanup',
  'suites/engine/remote.test.ts': 'the suite against a target without the control clock',
  'suites/faultSwitch.test.ts': 'faults switched on and off in a running emulator, seen by the suite',
  'suites/mutation.test.ts': 'the mutation guard: every fault of the catalog caught by a case',
  'suites/realtime.test.ts': 'the suite on a realistic emulator in real time',
  'testing/layers.test.ts': 'the import graph of every layer',
};

/** Files whose name is not ours to choose, by path from the root: why. */
export const NAME_EXCEPTIONS: Readonly<Record<string, string>> = {
  'package-lock.json': 'npm\'s name',
  'bench/peers/package-lock.json': 'npm\'s name',
  'bin/dcs-conformance.js': 'the installed command\'s name',
  'spec/dcs-v2.openapi.json': 'the published OpenAPI document (the package\'s ./openapi.json export; other tools and users point at it)',
};

const CHECKED = /\.(ts|mts|cts|js|mjs|cjs|json)$/;
const PART = /^([a-z][A-Za-z0-9]*|[0-9]+)$/;
const TEST = /^(.*)\.test\.ts$/;
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__']);

/** Every offence of the files (paths from the root) against the layout, as `path: what is wrong`. */
export function layoutOffences(files: readonly string[], crossCutting: Readonly<Record<string, string>> = CROSS_CUTTING, exceptions: Readonly<Record<string, string>> = NAME_EXCEPTIONS): string[] {
  const present = new Set(files);
  const out: string[] = [];
  for (const path of files) {
    const parts = path.split('/');
    const name = parts[parts.length - 1]!;
    const folder = parts.slice(0, -1).join('/');
    const testFolder = parts.slice(0, -1).find((p) => TEST_FOLDERS.has(p));
    if (testFolder) out.push(`${path}: in a ${testFolder}/ folder (tests sit beside the module they test)`);
    if (CHECKED.test(name) && !name.startsWith('.') && !(path in exceptions)) {
      const bad = name.replace(CHECKED, '').split('.').filter((p) => !PART.test(p));
      if (bad.length) out.push(`${path}: not camelCase (${bad.join(', ')})`);
    }
    const test = TEST.exec(name);
    if (!test) continue;
    const subject = test[1]!.split('.')[0]!;
    const beside = ['ts', 'json'].map((ext) => (folder ? `${folder}/${subject}.${ext}` : `${subject}.${ext}`)).find((p) => present.has(p));
    if (path in crossCutting) {
      if (beside) out.push(`${path}: listed as cross-cutting, but sits beside ${beside}: take it off the list`);
    } else if (!beside) {
      out.push(`${path}: no ${subject}.ts (or .json) beside it: move it beside the module it tests, or list it in CROSS_CUTTING (testing/layout.ts) with the reason`);
    }
  }
  for (const path of Object.keys(crossCutting)) if (!present.has(path)) out.push(`${path}: listed as cross-cutting, but there is no such file`);
  for (const path of Object.keys(exceptions)) if (!present.has(path)) out.push(`${path}: listed as a name exception, but there is no such file`);
  return out;
}

const SKIPPED = new Set(['node_modules', 'dist', 'reports', 'allure-results', 'scratch', '.git', '.vitest-reports']);

/** The files of the tree under the root, as paths from it (what .gitignore leaves out, left out). */
export function treeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out.sort();
}
