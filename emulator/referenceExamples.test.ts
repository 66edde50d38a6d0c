// Every example request of the reference, replayed against an in-process emulator with the IDs the
// test creates, succeeds, or the errata say why not. Bodies are sent as the reference writes them:
// only IDs and secrets that refer to resources are substituted (harness/scenario/requests.ts says which, per
// operation). Request-line examples (operations without a body example) are sent with the line's
// method, path and query; IDs in the path and *_id query values become the test's, {placeholders}
// take the test's values or the parameter's default (harness/scenario/examples.ts).
//
// An example that cannot succeed is excused by spec.exampleExcuses (bodies already known to break
// their schema) or by "exampleReplayExcuses" in spec/src/errata.json. The test fails for an
// unexcused failure and for a stale excuse (an excused example that now succeeds).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSrc } from '../spec/build/sources.ts';
import { loadSpec, type ExampleExcuse, type OperationInfo } from '../spec/index.ts';
import { fillPath, fillQuery, urlExamples, type ExampleUrl, REQUESTS, Scenario, successStatuses } from '../harness/index.ts';
import { emulatorScenario, type TestClient } from '../testing/emulatorClient.ts';

const spec = await loadSpec();
const replayExcuses = readSrc<{ exampleReplayExcuses?: ExampleExcuse[] }>('errata.json').exampleReplayExcuses ?? [];
const key = (section: string, example: string) => `${section} ${example}`;
const excuses = new Map<string, string>([
  ...spec.exampleExcuses.filter((x) => x.example.startsWith('request/')).map((x) => [key(x.section, x.example), x.reason] as const),
  ...replayExcuses.map((x) => [key(x.section, x.example), x.reason] as const),
]);

interface Case { op: OperationInfo; example: string; body?: { value?: unknown }; url?: ExampleUrl }
const removes = (op: OperationInfo) => op.method === 'DELETE';
const cases: Case[] = [...spec.operations.filter((o) => !removes(o)), ...spec.operations.filter(removes)].flatMap((op): Case[] => {
  const bodies = op.requestBody?.examples ?? [];
  if (bodies.length) return bodies.map((b) => ({ op, example: `request/${b.name}`, body: 'value' in b ? { value: b.value } : {} }));
  return urlExamples(op).map((u) => ({ op, example: u.name, url: u }));
});

interface Outcome { key: string; ok: boolean; excused: boolean; sent: string; got: string }
const outcomes: Outcome[] = [];

let s: Scenario<TestClient>;
beforeAll(async () => {
  s = await emulatorScenario(spec, 89);
});
afterAll(() => s.close());

async function replay(c: Case): Promise<{ status: number; sent: string; got: string }> {
  const build = REQUESTS[c.op.id];
  if (!build) throw new Error(`no request builder for ${c.op.id} in harness/scenario/requests.ts`);
  let method = c.op.method;
  let url: string;
  let body: unknown;
  if (c.body) {
    // A body example without JSON (a URL only) is sent without a body.
    const req = await build(s, 'value' in c.body ? structuredClone(c.body.value) : undefined);
    url = s.url(c.op, { ...req, query: req.query ?? {} });
    body = 'value' in c.body ? req.body : undefined;
  } else {
    const ex = c.url!;
    const req = await build(s, undefined);
    method = ex.method as typeof method;
    const qs = new URLSearchParams(fillQuery(c.op, ex.query, req.query)).toString();
    url = fillPath(c.op, ex, s.c.emu.projectId, req.params) + (qs ? `?${qs}` : '');
  }
  const r = await s.c.call(method, url, body);
  await s.settle();
  return { status: r.status, sent: `${method} ${url} ${body === undefined ? '' : JSON.stringify(body)}`, got: `${r.status} ${JSON.stringify(r.body)}` };
}

describe('reference example requests replayed on the emulator', () => {
  test.for(cases.map((c) => ({ name: `${c.op.section} ${c.op.id} ${c.example}`, c })))('$name', async ({ c }) => {
    const k = key(c.op.section, c.example);
    const { status, sent, got } = await replay(c);
    const ok = successStatuses(c.op).includes(status);
    outcomes.push({ key: k, ok, excused: excuses.has(k), sent, got });
    if (ok) return;
    expect(excuses.has(k), `${k} failed and no errata entry excuses it\n${sent}\n-> ${got}`).toBe(true);
    // Even an excused example is refused as a client error, never a server fault.
    expect(status, `${k}: ${got}`).toBeGreaterThanOrEqual(400);
    expect(status, `${k}: ${got}`).toBeLessThan(500);
  });

  test('no excuse is stale, and every excuse names an example and a reason', () => {
    const names = new Set(cases.map((c) => key(c.op.section, c.example)));
    const stale = outcomes.filter((o) => o.ok && o.excused).map((o) => `${o.key} now succeeds (${o.sent} -> ${o.got}): remove its excuse`);
    expect(stale).toEqual([]);
    const unknown = replayExcuses.map((x) => key(x.section, x.example)).filter((k) => !names.has(k));
    expect(unknown, 'exampleReplayExcuses naming no replayed example').toEqual([]);
    for (const x of replayExcuses) expect(x.reason.length, key(x.section, x.example)).toBeGreaterThan(20);
    expect(outcomes.length, 'every example was replayed').toBe(cases.length);
    const succeeded = outcomes.filter((o) => o.ok).length;
    console.log(`replayed ${outcomes.length} examples: ${succeeded} succeeded, ${outcomes.length - succeeded} excused`);
  });
});
