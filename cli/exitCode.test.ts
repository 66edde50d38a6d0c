// The exit code of each error a command may end on: the errors that are the user's to fix (each
// layer's own class) exit 2 with the message and the --help pointer, an unreachable target exits 3,
// anything else is not the user's and goes on up.
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../config/errors.ts';
import { EmulatorConfigError, UnknownFaultError } from '../emulator/core/errors.ts';
import { ScenarioError, SpecMismatchError, TargetUnreachableError } from '../harness/errors.ts';
import { BaselineFileError, MergeError, ReportersInternalError, WaiverFileError } from '../reporters/errors.ts';
import { CaseGoneError, ConformanceFailure, SelectionError, SettingsError, SuitesInternalError } from '../suites/engine/errors.ts';
import { UsageError } from './errors.ts';
import { exitCodeOf } from './exitCode.ts';
import { exitFor } from './summary.ts';
import type { ConformanceReport } from '../reporters/types.ts';
import { capturedIo } from './testing.ts';
import { EXIT } from './types.ts';

const ending = async (e: unknown) => {
  const io = capturedIo();
  const code = await exitCodeOf('run', io, () => Promise.reject(e));
  return { code, stderr: io.stderr() };
};

describe('exitCodeOf', () => {
  const usage: Error[] = [
    new UsageError('--shard 5/4: i must be at most n'),
    new ConfigError('targets.prod.endpoint', 'is not a URL', 'write https://…'),
    new EmulatorConfigError('projects', 'give at least one project'),
    new SettingsError('DCS_RUNS', 'must be at least 1 (got 0)', 'set DCS_RUNS=1 or more'),
    new SelectionError('--only CreateInstanse matches no case'),
    new CaseGoneError('no case is named "x" in this version of the suite'),
    new MergeError('nothing to merge: give the report folders of the shards'),
    new WaiverFileError('waivers.json: must be a JSON array of waivers'),
    new BaselineFileError('baseline.json: not a baseline'),
  ];

  test.each(usage.map((e) => [e.name, e]))('%s: exit 2, the message and where the help is', async (_, e) => {
    const { code, stderr } = await ending(e);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe(`dcs-conformance run: ${e.message}\n(see dcs-conformance run --help)`);
  });

  test('an unreachable target: exit 3', async () => {
    const { code, stderr } = await ending(new TargetUnreachableError('http://127.0.0.1:1', 'connection refused'));
    expect(code).toBe(EXIT.unreachable);
    expect(stderr).toMatch(/^dcs-conformance run: target unreachable: target http:\/\/127\.0\.0\.1:1 is unreachable/);
  });

  test('errors that are not the user\'s go on up, typed or not', async () => {
    const others = [new UnknownFaultError('no.such', ['a.b']), new ScenarioError('CreateInstance', { status: 500, body: 'no', headers: {} }), new SpecMismatchError('spec: gone'), new ConformanceFailure('departed'), new SuitesInternalError('two cases'), new ReportersInternalError('allure changed'), new TypeError('oops')];
    for (const e of others) await expect(exitCodeOf('run', capturedIo(), () => Promise.reject(e))).rejects.toBe(e);
  });
});

describe('the exit code of a report (cli/summary.ts exitFor)', () => {
  const report = (extra: Partial<ConformanceReport>) => ({ results: [], outcome: 'fail', verdict: 'fail', ...extra }) as unknown as ConformanceReport;
  test('a run that broke is 5, apart from a failing target (1) and a run stopped at --max-failures (1)', () => {
    expect(exitFor(report({ stopped: { reason: 'error', error: 'x.ts: SyntaxError', notRun: 3 } }))).toBe(EXIT.broken);
    expect(exitFor(report({ stopped: { reason: 'max-failures', maxFailures: 1, notRun: 3 } }))).toBe(EXIT.nonConformant);
    expect(exitFor(report({}))).toBe(EXIT.nonConformant);
    expect(exitFor(report({ outcome: 'pass', verdict: 'pass' }))).toBe(EXIT.ok);
  });
});
