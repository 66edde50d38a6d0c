// The engine's own rules: selection by profile and --only, settings from the environment, what a
// case's outcome becomes, coverage arithmetic, targets that are down, and cleanup that removes the
// run's resources and nothing else.
import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { createInstanceBody, Masker } from '../../harness/index.ts';
import { allCases } from '../index.ts';
import { openSuite } from './context.ts';
import { computeCoverage, ruleUniverse } from './coverage.ts';
import { runCase } from './run.ts';
import { selectCases } from './select.ts';
import { CaseSkipped, ConformanceFailure, SelectionError, SettingsError } from './errors.ts';
import { settingsFromEnv } from './settings.ts';
import { startTarget } from './target.ts';
import type { Case, SuiteContext } from './types.ts';

const spec = await loadSpec();
const cases = allCases(spec);

describe('selection', () => {
  test('smoke ⊂ full ⊂ certification', () => {
    const [smoke, full, cert] = (['smoke', 'full', 'certification'] as const).map((profile) => selectCases(cases, { profile })) as [Case[], Case[], Case[]];
    expect(smoke.length).toBeGreaterThan(0);
    expect(smoke.length).toBeLessThan(full.length);
    expect(full.every((c) => cert.includes(c))).toBe(true);
    expect(smoke.every((c) => c.profile === 'smoke')).toBe(true);
  });

  test('--only matches operationId, check, tag, rule and wildcards', () => {
    const full = (only: string[]) => selectCases(cases, { profile: 'full', only });
    expect(full(['CreateInstance']).every((c) => c.operationId === 'CreateInstance')).toBe(true);
    expect(full(['not-found']).every((c) => c.check === 'not-found')).toBe(true);
    expect(full(['password.instance']).every((c) => c.rules.includes('password.instance'))).toBe(true);
    expect(full(['4.10']).every((c) => c.section.startsWith('4.10.'))).toBe(true);
    expect(full(['*Acl*']).length).toBeGreaterThan(0);
    expect(full(['*Acl*']).every((c) => /Acl/.test(c.name))).toBe(true);
  });

  test('a token that matches nothing is a usage error, not an empty green run', () => {
    expect(() => selectCases(cases, { profile: 'full', only: ['CreateInstanse'] })).toThrow(SelectionError);
    expect(() => selectCases(cases, { profile: 'full', only: ['CreateInstanse'] })).toThrow(/--only CreateInstanse matches no case/);
  });

  test('case names are unique and follow <operationId> › <check>', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) expect(c.name.startsWith(`${c.operationId} › ${c.check}`), c.name).toBe(true);
  });
});

describe('settings', () => {
  test('defaults: full profile, a seed, reports/', () => {
    const s = settingsFromEnv({});
    expect(s).toMatchObject({ profile: 'full', only: [], allowDestructive: false, reportDir: 'reports', mode: 'strict' });
    expect(Number.isInteger(s.seed)).toBe(true);
  });

  test('bad values name the variable and the fix', () => {
    expect(() => settingsFromEnv({ DCS_PROFILE: 'ful' })).toThrow(SettingsError);
    expect(() => settingsFromEnv({ DCS_PROFILE: 'ful' })).toThrow(/DCS_PROFILE must be one of smoke, full, certification/);
    expect(() => settingsFromEnv({ DCS_RUN_SEED: '12a' })).toThrow(/DCS_RUN_SEED must be an integer/);
    expect(() => settingsFromEnv({ DCS_RUNS: '0' })).toThrow(/DCS_RUNS must be at least 1/);
  });

  test('DCS_RUN_SEED wins over the pinned property seed; lists split on commas and spaces', () => {
    expect(settingsFromEnv({ DCS_RUN_SEED: '5', DCS_SEED_FC: '9' }).seed).toBe(5);
    expect(settingsFromEnv({ DCS_SEED_FC: '9' }).seed).toBe(9);
    expect(settingsFromEnv({ DCS_ONLY: 'CreateInstance, negative  4.2' }).only).toEqual(['CreateInstance', 'negative', '4.2']);
  });
});

describe('outcomes', () => {
  const fake = (over: Partial<SuiteContext> = {}) => ({ client: { masker: new Masker() }, allowDestructive: true, target: { kind: 'remote', endpoint: 'https://dcs.example', projectId: 'p' }, scenario: { mark: () => new Set(), release: async () => [] }, clock: { virtual: true }, exchanges: { take: () => [] }, journal: { begin: () => {}, take: () => [] }, ...over }) as unknown as SuiteContext;
  const one = (run: Case['run'], destructive = false): Case => ({ ...cases[0]!, destructive, run });

  test('a departure fails, a missing capability skips, a harness error fails and says so', async () => {
    expect((await runCase(one(async () => { throw new ConformanceFailure('wrong code'); }), fake())).status).toBe('failed');
    expect((await runCase(one(async () => { throw new CaseSkipped('no SSL here'); }), fake())).status).toBe('skipped');
    const broken = await runCase(one(async () => { throw new TypeError('oops'); }), fake());
    expect(broken).toMatchObject({ status: 'failed' });
    expect(broken.message).toMatch(/^harness error: TypeError: oops/);
    expect((await runCase(one(async () => {}), fake())).status).toBe('passed');
  });

  test('a message quoting what the target answered is masked like the exchanges: credentials, presigned links', async () => {
    const ctx = fake({ client: { masker: new Masker([{ value: 'tok-0123456789abcdef', env: 'DCS_TOKEN' }]) } as unknown as SuiteContext['client'] });
    const r = await runCase(one(async () => { throw new ConformanceFailure('echoed tok-0123456789abcdef; link https://b.obs/k?AWSAccessKeyId=AK123456&Expires=9&Signature=Glg%2B%3D'); }), ctx);
    expect(r.message).toBe('echoed $DCS_TOKEN; link https://b.obs/k?AWSAccessKeyId=***&Expires=9&Signature=***');
  });

  test('destructive cases are skipped on a remote target without --allow-destructive, and say how to include them', async () => {
    let ran = false;
    const r = await runCase(one(async () => void (ran = true), true), fake({ allowDestructive: false }));
    expect(r.status).toBe('skipped');
    expect(r.message).toMatch(/--allow-destructive/);
    expect(ran).toBe(false);
  });
});

describe('coverage', () => {
  test('counts what ran, not what was skipped', () => {
    const op = spec.operations[0]!;
    const status = [...op.responses.keys()][0]!;
    const rule = spec.rules.all[0]!.id;
    const base = { operationId: op.id, check: 'positive', rules: [rule], statuses: [status], transitions: ['create'] };
    const skipped = computeCoverage(spec, [{ ...base, name: 'a', status: 'skipped' }]);
    expect(skipped.operations.covered).toBe(0);
    expect(skipped.rules.covered).toBe(0);
    const ran = computeCoverage(spec, [{ ...base, name: 'a', status: 'failed' }]);
    expect(ran.operations).toMatchObject({ covered: 1, total: spec.operations.length });
    expect(ran.rules).toMatchObject({ covered: 1, total: ruleUniverse(spec).length });
    expect(ran.transitions.covered).toBe(1);
    expect(ran.matrix[op.id]!.positive).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(ran.ruleTests[rule]).toEqual(['a']);
  });
});

describe('targets', () => {
  test('a down remote target is a fast, named failure', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const started = Date.now();
    await expect(startTarget({ env: { DCS_ENDPOINT: `http://127.0.0.1:${port}`, DCS_PROJECT_ID: 'p', DCS_TOKEN: 't' }, cwd: '/' })).rejects.toMatchObject({ code: 'DCS_TARGET_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('cleanup removes what the run made and never touches anything else', async () => {
    const started = await startTarget({ env: {}, cwd: '/' });
    const d = started.descriptor;
    // A resource the run did not make, in the same project.
    const other = await testClientFor(d);
    const foreign = await other('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'not-ours' }));
    const foreignId = foreign.instances[0].instance_id as string;
    const { ctx, close } = await openSuite(d, { spec, seed: 1, runId: 'cleanuptest' });
    const made = await ctx.scenario.main();
    await ctx.scenario.instance();
    expect(await close()).toEqual([]);
    await fetch(`${d.control}/__emulator/clock/settle`, { method: 'POST' });
    const listed = (await other('GET', '/v2/{project_id}/instances?limit=1000')).instances.map((i: { instance_id: string }) => i.instance_id);
    expect(listed).toContain(foreignId);
    expect(listed).not.toContain(made.id);
    expect(listed).toHaveLength(1);
    await started.close();
  });
});

test('a positive batch create fitted to the quota gives the quota back before the next case (fresh-clone failure: the next main create got DCS.4035)', async () => {
  const started = await startTarget({ env: {}, cwd: '/' });
  const { ctx, close } = await openSuite(started.descriptor, { spec, seed: 1094878208, runId: 'quotaback', profile: 'smoke' });
  try {
    await ctx.scenario.main();
    const used = async () => ((await ctx.client.call('ShowQuotaOfTenant')).json as { quotas: { resources: { type: string; used: number }[] } }).quotas.resources;
    const before = await used();
    const create = cases.find((c) => c.name === 'CreateInstance › positive')!;
    const r = await runCase(create, ctx);
    expect(r.status, r.message).toBe('passed');
    // The batch took nearly all of the quota (seed 1094878208 fits 94 instances); none of it is still held.
    expect(r.exchanges.some((e) => /"instance_num":\s*(?:[2-9]\d)/.test(e.request.body ?? ''))).toBe(true);
    expect(await used()).toEqual(before);
  } finally {
    await close();
    await started.close();
  }
});

/** Plain requests with the target's admin token (outside the run's scenario). */
async function testClientFor(d: { endpoint: string; projectId: string; credentials: unknown }) {
  const token = (d.credentials as { token: string }).token;
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(d.endpoint + path.replace('{project_id}', d.projectId), { method, headers: { 'x-auth-token': token, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return res.json() as Promise<any>;
  };
}
