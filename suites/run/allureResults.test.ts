// A case's Allure result as its worker writes it: allure-vitest's labels and ids, the case's labels, one
// step per exchange with its transcript on disk, the outcome; and a folder that cannot be written is
// named when the run waits for the files, not lost.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProjectName, md5 } from 'allure-js-commons/sdk/reporter';
import { expect, test } from 'vitest';
import type { RunnerTestCase } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import type { Exchange } from '../../harness/index.ts';
import { allCases } from '../index.ts';
import type { CaseResult } from '../engine/types.ts';
import { AllureResults, UnsyncedWriter } from './allureResults.ts';

const spec = await loadSpec();
const c = allCases(spec).find((x) => x.rules.length > 0)!;
const task = { name: c.name, file: { filepath: join(process.cwd(), 'suites/run/contract.conformance.ts') }, suite: { name: '', file: {} } } as unknown as RunnerTestCase;
const exchange = (n: number, response?: { status: number; text: string }): Exchange => ({
  attempt: 1,
  startedAt: 1_000 + n,
  durationMs: 5,
  request: { method: 'POST', url: `http://127.0.0.1:1/v2/p/instances?n=${n}`, headers: { 'x-auth-token': '***' }, body: '{"name":"a"}' },
  ...(response ? { response: { ...response, headers: { 'content-type': 'application/json' } } } : { error: { code: 'DCS_TIMEOUT', message: 'no answer in 1 s' } }),
});

test('one result per case: labels and ids as allure-vitest gives them, a step and a transcript per exchange, the outcome', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'allure-'));
  const results = new AllureResults(dir);
  const r: CaseResult = { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules, status: 'failed', message: 'expected 400, got 200', exchanges: [exchange(1, { status: 200, text: '{"instances":[]}' }), exchange(2)], notes: ['waited 1.0 s: instance RUNNING'], durationMs: 12 };
  results.write(spec, task, c, r, 900);
  await results.flushed();

  const files = readdirSync(dir);
  const [resultFile, ...more] = files.filter((f) => f.endsWith('-result.json'));
  expect(more).toEqual([]);
  const result = JSON.parse(readFileSync(join(dir, resultFile!), 'utf8'));
  const fullName = `${getProjectName()}:suites/run/contract.conformance.ts#${c.name}`;
  expect(result).toMatchObject({ name: c.name, fullName, status: 'failed', stage: 'finished', statusDetails: { message: 'expected 400, got 200' }, start: 900, testCaseId: md5(fullName) });
  expect(result.historyId).toMatch(new RegExp(`^${md5(fullName)}:`));
  const labels = result.labels.map((l: { name: string; value: string }) => `${l.name}=${l.value}`);
  expect(labels).toEqual(expect.arrayContaining(['framework=vitest', 'language=javascript', `epic=${spec.operation(c.operationId).capability}`, `feature=${c.operationId}`, `story=${c.check}`, `section=${c.section}`, ...c.rules.map((x) => `rule=${x}`)]));

  const [note, first, second] = result.steps;
  expect(note.name).toBe('waited 1.0 s: instance RUNNING');
  expect(first).toMatchObject({ name: '1. POST /v2/p/instances -> 200', start: 1_001, stop: 1_006 });
  expect(second.name).toBe('2. POST /v2/p/instances -> DCS_TIMEOUT');
  const transcript = (step: { attachments: { source: string }[] }) => {
    const [attachment, ...others] = step.attachments;
    expect(others).toEqual([]);
    return readFileSync(join(dir, attachment!.source), 'utf8');
  };
  expect(transcript(first)).toMatch(/^POST http:\/\/127\.0\.0\.1:1\/v2\/p\/instances\?n=1\nx-auth-token: \*\*\*\n\n\{"name":"a"\}[\s\S]*HTTP 200\ncontent-type: application\/json\n\n\{"instances":\[\]\}$/);
  expect(transcript(second)).toMatch(/no answer: DCS_TIMEOUT no answer in 1 s$/);
  // Every file the result names is written, and nothing else.
  expect(files).toHaveLength(3);
});

test('a skipped case is skipped, a passed one passed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'allure-'));
  const results = new AllureResults(dir);
  for (const status of ['skipped', 'passed'] as const) results.write(spec, { ...task, name: status } as RunnerTestCase, c, { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules, status, exchanges: [], durationMs: 0 }, 1);
  await results.flushed();
  const written = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name: string; status: string; stage: string });
  expect(Object.fromEntries(written.map((w) => [w.name, `${w.status}/${w.stage}`]))).toEqual({ skipped: 'skipped/pending', passed: 'passed/finished' });
});

test('a folder that cannot be written is named when the run waits for the files', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'allure-')), 'a-file');
  writeFileSync(file, '');
  for (const dir of [file, join(file, 'allure-results')]) {
    for (const blocking of [false, true]) {
      const writer = new UnsyncedWriter(dir, blocking);
      writer.writeAttachment('x-attachment.txt', Buffer.from('x'));
      await expect(writer.flushed()).rejects.toMatchObject({ code: 'DCS_SUITES_INTERNAL', message: expect.stringContaining(dir) });
    }
    // Through the writing thread: the case is posted, the failure comes back when the run waits.
    const results = new AllureResults(dir);
    results.write(spec, task, c, { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules, status: 'passed', exchanges: [exchange(1, { status: 200, text: '{}' })], durationMs: 1 }, 1);
    await expect(results.flushed()).rejects.toMatchObject({ code: 'DCS_SUITES_INTERNAL', message: expect.stringContaining(dir) });
  }
});
