// The model-based cases against the embedded emulator: every model passes on the faithful one, and
// the models can fail: started with a fault (emulator/faults), or with one response altered on the
// client side, the case fails and its message lists the minimal failing sequence as numbered,
// masked requests with the seed and the fast-check path.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import type { CallArgs, CallResult } from '../../harness/index.ts';
import { openSuite } from '../engine/context.ts';
import { ruleUniverse } from '../engine/coverage.ts';
import { runCases } from '../engine/run.ts';
import { startTarget } from '../engine/target.ts';
import type { Case, CaseResult, SuiteContext } from '../engine/types.ts';
import { statefulCases } from './index.ts';
import { printOnFailure } from '../../testing/seeds.ts';

const spec = await loadSpec();
const cases = statefulCases(spec);
// A fresh seed each run, printed; DCS_SEED_FC replays one.
const seed = process.env.DCS_SEED_FC?.trim() ? Number(process.env.DCS_SEED_FC) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
printOnFailure(`[stateful] seed=${seed} (DCS_SEED_FC=${seed} replays it)`);

const MODELS = ['instance-lifecycle', 'password', 'whitelist', 'backups', 'configs', 'acl', 'tags', 'analysis', 'migration-tasks'];

async function runAgainst(selected: readonly Case[], options: { faults?: string[]; runs?: number; wrap?: (ctx: SuiteContext) => void } = {}): Promise<CaseResult[]> {
  const started = await startTarget({ env: {}, cwd: '/', emulator: { seed: 5, ...(options.faults ? { faults: options.faults } : {}) } });
  const { ctx, close } = await openSuite(started.descriptor, { profile: 'full', seed, ...(options.runs ? { runs: options.runs } : {}) });
  options.wrap?.(ctx);
  try {
    return await runCases(selected, ctx);
  } finally {
    expect(await close()).toEqual([]);
    await started.close();
  }
}

const show = (rs: CaseResult[]) => rs.map((r) => `${r.name}: ${r.status} (${r.durationMs} ms)${r.message ? `\n  ${r.message}` : ''}`);
const byModel = (name: string) => cases.filter((c) => c.check === `stateful.${name}`);

/** The failure names the sequence: numbered requests with their command, the seeds and the path. */
function expectSequence(r: CaseResult | undefined): string {
  expect(r?.status, r?.message).toBe('failed');
  const message = r!.message!;
  expect(message).toMatch(/minimal failing sequence:/);
  // Numbered steps from 1; a step may be a settle (no request), so the request is looked for in any of them.
  expect(message).toMatch(/^ {2}1\. \S/m);
  expect(message).toMatch(/^ {2}\d+\. (GET|POST|PUT|DELETE) \/v2\/\{project_id\}\/\S+.* → \d{3} {4}\[.+\]$/m);
  expect(message).toMatch(/fast-check seed -?\d+, path "[\d:]*"/);
  expect(message).toContain(`run seed ${seed}`);
  return message;
}

describe('stateful cases', () => {
  test('one case per model, each named, tagged, destructive, with rules the spec knows', () => {
    expect(cases.map((c) => c.check)).toEqual(MODELS.map((m) => `stateful.${m}`));
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    const transitions = new Set(spec.rules.states.data.transitions.map((t) => t.id));
    for (const c of cases) {
      expect(c.tags, c.name).toContain('stateful');
      expect(c.destructive, c.name).toBe(true);
      expect(c.profile, c.name).toBe('full');
      expect(c.statuses.length, c.name).toBeGreaterThan(0);
      for (const r of c.rules) expect(ruleUniverse(spec), `${c.name}: ${r}`).toContain(r);
      for (const t of c.transitions ?? []) expect(transitions.has(t), `${c.name}: ${t}`).toBe(true);
    }
    // Together the models drive every transition of the state machine.
    expect([...transitions].filter((t) => !cases.some((c) => c.transitions?.includes(t)))).toEqual([]);
  });

  test('every model passes on the faithful emulator (profile full)', async () => {
    const started = performance.now();
    const results = await runAgainst(cases);
    console.log(`[stateful] ${results.length} models in ${Math.round(performance.now() - started)} ms: ${results.map((r) => `${r.check} ${r.durationMs} ms`).join(', ')}`);
    expect(show(results.filter((r) => r.status !== 'passed'))).toEqual([]);
    expect(results).toHaveLength(MODELS.length);
  }, 120_000);
});

/** Wraps the client so one operation's answers are altered (a departure the emulator has no fault for). */
function alter(ctx: SuiteContext, change: (opId: string, args: CallArgs, r: CallResult) => unknown): void {
  const inner = ctx.client;
  ctx.client = {
    ...inner,
    call: async (opId, args = {}) => {
      const r = await inner.call(opId, args);
      const json = change(opId, args, r);
      // The altered body is also what failure messages quote.
      return json === r.json ? r : { ...r, json, text: JSON.stringify(json) };
    },
  };
}

describe('the models can fail', () => {
  test('instance lifecycle: a target that accepts operations on busy instances (fault state.requires-running-ignored)', async () => {
    const results = await runAgainst(byModel('instance-lifecycle'), { faults: ['state.requires-running-ignored'], runs: 60 });
    const message = expectSequence(results[0]);
    expect(message).toMatch(/while busy/);
    // The generated password is test data, shown as sent (harness/README.md, "Masking").
    expect(message).toMatch(/"password":"(?!\*\*\*)[^"]+"/);
    console.log(show(results).join('\n'));
  }, 120_000);

  test('whitelist: a target that accepts too many groups (fault whitelist.group-limit-ignored)', async () => {
    const results = await runAgainst(byModel('whitelist'), { faults: ['whitelist.group-limit-ignored'], runs: 40 });
    expect(expectSequence(results[0])).toMatch(/breaks too-many-groups/);
  }, 120_000);

  test('whitelist: a target whose GET loses the last address of the set (client-side alteration)', async () => {
    const results = await runAgainst(byModel('whitelist'), {
      runs: 10,
      wrap: (ctx) =>
        alter(ctx, (opId, _args, r) => {
          const body = r.json as { whitelist?: { group_name: string; ip_list: string[] }[] } | undefined;
          if (opId !== 'ShowIpWhitelist' || !body?.whitelist?.length) return r.json;
          const groups = body.whitelist.map((g, i, all) => (i === all.length - 1 ? { ...g, ip_list: g.ip_list.slice(0, -1) } : g));
          return { ...body, whitelist: groups };
        }),
    });
    const message = expectSequence(results[0]);
    expect(message).toMatch(/the last accepted PUT set/);
    console.log(show(results).join('\n'));
  }, 120_000);

  test('password: a target that accepts short passwords (fault password.short-accepted)', async () => {
    const results = await runAgainst(byModel('password'), { faults: ['password.short-accepted'], runs: 60 });
    const message = expectSequence(results[0]);
    expect(message).toMatch(/new password breaks/);
    // The password that broke the rule is shown as sent: the finding is which password the target accepted.
    expect(message).toMatch(/"new_password":"(?!\*\*\*)[^"]+"\} → 2\d\d/);
  }, 120_000);

  // The other models, each against a target whose reads lose what the model made (client-side
  // alterations of one read each): the model must say so with its minimal sequence.
  type Body = Record<string, any>;
  const defaultAccount = (spec.rules.byId('acl.default-account') as unknown as { defaultAccount: { name: string } }).defaultAccount.name;
  const departures: [model: string, alter: (opId: string, body: Body) => Body | undefined][] = [
    // One history record more than the modifications made (none at the start, so the model's baseline holds).
    ['configs', (opId, b) => (opId === 'ListConfigHistories' && Number(b.history_num) > 0 ? { ...b, history_num: Number(b.history_num) + 1 } : undefined)],
    // Only the default account is ever listed.
    ['acl', (opId, b) => (opId === 'ListAclAccounts' && Array.isArray(b.accounts) ? { ...b, accounts: b.accounts.filter((a: Body) => a.account_name === defaultAccount) } : undefined)],
    // Analysis task lists come back empty.
    ['analysis', (opId, b) => (/^List\w+ScanTasks$/.test(opId) && Array.isArray(b.records) ? { ...b, records: [], count: 0 } : undefined)],
    // Instance and tenant tag lists come back empty.
    ['tags', (opId, b) => (Array.isArray(b.tags) ? { ...b, tags: [] } : undefined)],
    // Migration task lists come back empty.
    ['migration-tasks', (opId, b) => (opId === 'ListMigrationTask' && Array.isArray(b.migration_tasks) ? { ...b, migration_tasks: [], count: 0 } : undefined)],
  ];
  test.for(departures)('%s: a target whose reads lose what the model made (client-side alteration)', { timeout: 120_000 }, async ([model, change]) => {
    const results = await runAgainst(byModel(model), {
      runs: 30,
      wrap: (ctx) => alter(ctx, (opId, _args, r) => (r.json && typeof r.json === 'object' ? (change(opId, r.json as Body) ?? r.json) : r.json)),
    });
    expectSequence(results[0]);
  });

  test('backups: a target that keeps listing a deleted backup as usable (client-side alteration)', async () => {
    const deleted = new Set<string>();
    const results = await runAgainst(byModel('backups'), {
      runs: 60,
      wrap: (ctx) =>
        alter(ctx, (opId, args, r) => {
          if (opId === 'DeleteBackupFile' && r.status < 300) deleted.add(String(args.params?.backup_id));
          if (opId !== 'ListBackupRecords' || !r.json) return r.json;
          const body = r.json as { backup_record_response: { backup_id: string; status: string }[] };
          const done = spec.rules.states.transitionFor(spec.operation('CopyInstance').section) as { record?: string[] };
          return { ...body, backup_record_response: body.backup_record_response.map((b) => (deleted.has(b.backup_id) ? { ...b, status: done.record!.at(-1)! } : b)) };
        }),
    });
    expect(expectSequence(results[0])).toMatch(/deleted backup .* is listed/);
  }, 120_000);
});
