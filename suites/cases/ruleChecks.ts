// contract › rule: one case per spec rule that the generated negatives cannot reach, because the
// rule is about the state of resources (an account still being created, a backup that did not
// succeed, the last replica IP, a migration task's status…) or about the instance a request acts on
// (its cache mode, engine version, password-free access), not about the shape of one field. Each case
// makes the situation through the public API, expects exactly the rule's status and code, and reads
// back that the refusal changed nothing; the positive rules (default account, account and migration
// task lifecycles, the LFU precondition of hot key analysis) are checked as behaviour.
//
// Rules of the brief with no case, because no public API call can make their situation, say why in
// their table (`unreachable` in spec/src/rules/*.json, read as spec.rules.unreachable).
import type { RuleEntry, Spec } from '../../spec/index.ts';
import type { CallArgs, CallResult, Expectation } from '../../harness/index.ts';
import { validPassword } from '../../spec/rules/index.ts';
import type { Inst } from '../../harness/fixtures/scenario.ts';
import { conforms, departure } from '../engine/assert.ts';
import { CaseSkipped, type Case, type SuiteContext } from '../engine/types.ts';
import { STATE_RULES } from '../engine/coverage.ts';
import { exampleField } from '../stateful/model.ts';
import { caseFor, needsNoResource, ok, successStatuses, validRequest, wholePage } from './common.ts';
import { BUSY_ATTEMPTS } from './states.ts';

// ---- rule data ------------------------------------------------------------------------------------

type Data<T> = RuleEntry & T;
const data = <T>(spec: Spec, id: string): Data<T> => spec.rules.byId(id) as Data<T>;

interface Capability {
  id: string;
  sections: string[];
  cacheModes?: string[];
  refused?: string[];
  engineVersions?: string[];
  errorCode: string;
}
const capability = (spec: Spec, id: string): Capability | undefined => spec.rules.states.data.capabilities.find((c) => c.id === id) as Capability | undefined;

interface Refusal extends Expectation {
  status: number;
  codes: string[];
  rule: string;
}

/** What a conforming target answers when the rule refuses: its code (or a capability's), alsoAccepted, and extras. */
function refusal(spec: Spec, id: string, extra: readonly string[] = []): Refusal {
  const cap = capability(spec, id);
  const rule = cap ? undefined : spec.rules.byId(id);
  const code = cap?.errorCode ?? rule!.errorCode;
  return { status: rule?.status ?? spec.errors.require(code).status, codes: [...new Set([code, ...(rule?.alsoAccepted ?? []), ...extra])], rule: id };
}

// ---- calls --------------------------------------------------------------------------------------

const instanceParams = (inst: Inst | string) => ({ instance_id: typeof inst === 'string' ? inst : inst.id });

/** A request the rule refuses: exactly its status and one of its codes. */
async function refused(ctx: SuiteContext, opId: string, args: CallArgs, expect: Refusal, what: string): Promise<CallResult> {
  const r = await ctx.client.call(opId, { ...args, expect });
  conforms(ctx.client, r, what);
  return r;
}

/** A checked read: its JSON body when it succeeded, else its status (a read-back compares either). */
async function read(ctx: SuiteContext, opId: string, args: CallArgs, what: string): Promise<any> {
  const r = await ctx.client.call(opId, args);
  conforms(ctx.client, r, what);
  return r.status < 300 ? (r.json ?? null) : { status: r.status };
}

/** Sends a refused request, lets pending work finish, and proves with `observe` that nothing changed. */
async function refusedAndUnchanged(ctx: SuiteContext, rule: string, what: string, observe: () => Promise<unknown>, send: () => Promise<CallResult>): Promise<CallResult> {
  const before = JSON.stringify(await observe());
  const r = await send();
  await ctx.clock.settle();
  const after = JSON.stringify(await observe());
  if (after !== before) departure(ctx.client, r, `${what}: refused, but the target changed (${before} -> ${after})`, rule);
  return r;
}

// ---- what the target shows ----------------------------------------------------------------------

interface Account {
  account_id: string;
  account_name: string;
  account_type: string;
  account_role: string;
  status: string;
  description?: string;
}
const accounts = async (ctx: SuiteContext, inst: Inst | string): Promise<Account[]> => ((await read(ctx, 'ListAclAccounts', { params: instanceParams(inst) }, 'listing ACL accounts'))?.accounts ?? []) as Account[];

interface NodeInfo {
  node_id: string;
  group_id?: string;
  node_type: string;
  priority_weight?: number;
  is_remove_ip?: boolean;
}
const nodes = async (ctx: SuiteContext, inst: Inst): Promise<NodeInfo[]> =>
  (((await read(ctx, 'ShowNodesInformation', { params: instanceParams(inst) }, 'reading the nodes'))?.nodes ?? []) as NodeInfo[]).map((n) => ({ node_id: n.node_id, group_id: n.group_id, node_type: n.node_type, priority_weight: n.priority_weight, is_remove_ip: n.is_remove_ip }));

const nodeParams = (inst: Inst, n: NodeInfo) => {
  if (!n.group_id) throw new CaseSkipped(`node ${n.node_id} of ${inst.id} names no group_id`);
  return { instance_id: inst.id, group_id: n.group_id, node_id: n.node_id };
};

/** The node type names of the ShowNodesInformation schema: the master is the first value, replicas the second. */
function nodeTypes(spec: Spec): { master: string; replica: string } {
  const node = (spec.operation('ShowNodesInformation').responses.get(200)?.schema?.properties as Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }> | undefined)?.nodes?.items?.properties?.node_type?.enum;
  if (!node || node.length < 2) throw new Error('spec: ShowNodesInformation node_type has no master/replica enum');
  return { master: node[0]!, replica: node[1]! };
}

const configOf = async (ctx: SuiteContext, inst: Inst) => {
  const body = await read(ctx, 'ListConfigurations', { params: instanceParams(inst) }, 'reading the configuration');
  return ((body?.redis_config ?? []) as { param_id: string; param_name: string; param_value: string }[]).map((p) => ({ param_id: p.param_id, param_name: p.param_name, param_value: p.param_value }));
};

async function param(ctx: SuiteContext, inst: Inst, name: string): Promise<{ param_id: string; param_name: string; param_value: string }> {
  const p = (await configOf(ctx, inst)).find((x) => x.param_name === name);
  if (!p) throw new CaseSkipped(`instance ${inst.id} does not list parameter ${name}`);
  return p;
}

const setParam = (ctx: SuiteContext, inst: Inst, p: { param_id: string; param_name: string }, value: string, what: string) =>
  ok(ctx, 'UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: value }] } }, what);

const backupRecords = async (ctx: SuiteContext, inst: Inst) =>
  (((await read(ctx, 'ListBackupRecords', { params: instanceParams(inst), query: { limit: wholePage(ctx.spec, 'ListBackupRecords') } }, 'listing backups'))?.backup_record_response ?? []) as { backup_id: string; status: string }[]).map((b) => ({ backup_id: b.backup_id, status: b.status }));

const restoreRecords = async (ctx: SuiteContext, inst: Inst) => ((await read(ctx, 'ListRestoreRecords', { params: instanceParams(inst), query: { limit: wholePage(ctx.spec, 'ListRestoreRecords') } }, 'listing restores'))?.restore_record_response ?? []) as { restore_id: string; status: string }[];

const instanceStatus = async (ctx: SuiteContext, inst: Inst) => {
  const body = await read(ctx, 'ShowInstance', { params: instanceParams(inst) }, 'reading the instance');
  return { status: body?.status, enable_ssl: body?.enable_ssl, no_password_access: body?.no_password_access };
};

const migrationTasksNamed = async (ctx: SuiteContext, name: string) =>
  (((await read(ctx, 'ListMigrationTask', { query: { name, limit: wholePage(ctx.spec, 'ListMigrationTask') } }, 'listing migration tasks'))?.migration_tasks ?? []) as { task_id: string; task_name: string; status: string }[]).filter((t) => t.task_name === name);

async function task(ctx: SuiteContext, id: string): Promise<{ status?: string; r: CallResult }> {
  const r = await ctx.client.call('ShowMigrationTask', { params: { task_id: id } });
  conforms(ctx.client, r, `reading migration task ${id}`);
  return { status: r.status < 300 ? (r.json as { status?: string }).status : undefined, r };
}

const taskConfig = async (ctx: SuiteContext, id: string) => {
  const body = await read(ctx, 'ShowMigrationTask', { params: { task_id: id } }, `reading migration task ${id}`);
  return { status: body?.status, source_instance: body?.source_instance, target_instance: body?.target_instance, bandwidth_limit_mb: body?.bandwidth_limit_mb, migration_method: body?.migration_method };
};

/** Custom templates, or only those named `name` (other cases create templates meanwhile). */
const userTemplates = async (ctx: SuiteContext, name?: string) =>
  (((await read(ctx, 'ListConfigTemplates', { query: { type: ctx.scenario.bodyEnum('CreateCustomTemplate', 'type').at(-1)!, limit: wholePage(ctx.spec, 'ListConfigTemplates') } }, 'listing custom templates'))?.templates ?? []) as { template_id: string; name: string }[])
    .filter((t) => name === undefined || t.name === name)
    .map((t) => ({ template_id: t.template_id, name: t.name }));

const instancesNamed = async (ctx: SuiteContext, name: string) =>
  (((await read(ctx, 'ListInstances', { query: { name } }, 'listing instances'))?.instances ?? []) as { instance_id: string; name: string }[]).filter((i) => i.name === name || i.name.startsWith(`${name}-`)).map((i) => i.instance_id);

/** A create the rule refuses, proved to make nothing; what a departing target made anyway is removed with the run's resources. */
async function refusedCreate(ctx: SuiteContext, rule: string, body: Record<string, unknown>, what: string): Promise<void> {
  const name = String(body.name);
  await refusedAndUnchanged(ctx, rule, what, () => instancesNamed(ctx, name), () =>
    refused(ctx, 'CreateInstance', { json: body }, refusal(ctx.spec, rule), what).catch(async (e: unknown) => {
      for (const id of await instancesNamed(ctx, name)) ctx.scenario.track('instances', id);
      throw e;
    }),
  );
}

/** A new ACL account of the run's main instance, its path parameters, and how to read it back. */
async function ownAccount(ctx: SuiteContext) {
  const inst = await ctx.scenario.main();
  const account = await ctx.scenario.account(inst);
  const observe = async () => (await accounts(ctx, inst)).find((a) => a.account_id === account.id) ?? null;
  return { inst, account, params: { ...instanceParams(inst), account_id: account.id }, observe };
}

// ---- instances the rules ask for ----------------------------------------------------------------

/** Cache modes an instance of `version` can be created in (the create capacity tables), minus `excluded`. */
function modesOutside(spec: Spec, excluded: readonly string[], version: string, needReplica = false): string[] {
  const engine = spec.rules.engine.engines[0];
  const modes = spec.rules.capacity.create.tables.filter((t) => (t as { engine?: string }).engine === engine && (t as { versions?: string[] }).versions?.includes(version)).flatMap((t) => t.cacheModes);
  // defaultReplicas counts the nodes of a shard, the master included: a replica needs two.
  return [...new Set(modes)].filter((m) => !excluded.includes(m) && (!needReplica || (spec.rules.flavors.defaultReplicas[m] ?? 0) >= 2));
}

function modeOutside(spec: Spec, excluded: readonly string[], version: string, needReplica = false): string {
  const mode = modesOutside(spec, excluded, version, needReplica)[0];
  if (!mode) throw new CaseSkipped(`the spec offers no ${needReplica ? 'replicated ' : ''}cache mode outside ${excluded.join(', ')} for version ${version}`);
  return mode;
}

/** An instance of a version the rule's list does not contain (reusing the main one when it fits). */
async function instanceOutsideVersions(ctx: SuiteContext, versions: readonly string[]): Promise<Inst> {
  const main = await ctx.scenario.main();
  if (!versions.includes(main.version)) return main;
  const version = ctx.spec.rules.engine.versions.find((v) => !versions.includes(v));
  if (!version) throw new CaseSkipped(`every engine version is in ${versions.join(', ')}`);
  return ctx.scenario.instance({ version });
}

/**
 * Makes an instance busy (not serving) the way the state machine's refusals do: the first action-driven
 * transition out of the serving status whose via-status has a busy code (a restart). Returns the status
 * it is in, or skips when the target finished before it could be observed.
 */
async function makeBusy(ctx: SuiteContext, inst: Inst): Promise<string> {
  const d = ctx.spec.rules.states.data;
  const busy = d.transitions.find((t) => t.action && t.from?.some((f) => d.statuses.serving.values.includes(f)) && t.via && d.requiresRunning.busyCodes[t.via]);
  if (!busy) throw new CaseSkipped('the state machine has no transition that makes an instance busy');
  const op = ctx.spec.operations.find((o) => o.section === busy.section)!;
  await ok(ctx, op.id, { json: { instances: [inst.id], action: busy.action } }, `making ${inst.id} busy (${busy.id})`);
  const { status } = await instanceStatus(ctx, inst);
  if (!status || d.statuses.serving.values.includes(status)) {
    await ctx.clock.settle();
    throw new CaseSkipped(`instance ${inst.id} was ${status ?? 'gone'} before the request could be sent: the target leaves busy states too fast to test this`);
  }
  return status;
}

// ---- cases --------------------------------------------------------------------------------------

interface Draft {
  op: string;
  rule: string;
  /** Statuses of `op` the case expects besides the rule's refusal status. */
  also?: number[];
  /** Statuses instead of the refusal (positive rules). */
  statuses?: number[];
  destructive?: boolean;
  /** Gets the draft's own rule id, so it is written once. */
  run(ctx: SuiteContext, rule: string): Promise<void>;
}

function ruleCase(spec: Spec, d: Draft): Case {
  return caseFor(spec.operation(d.op), {
    suite: 'contract',
    check: 'rule',
    qualifier: d.rule,
    rules: [d.rule],
    breaks: [d.rule],
    statuses: d.statuses ?? [...new Set([refusal(spec, d.rule).status, ...(d.also ?? [])])],
    profile: 'full',
    destructive: d.destructive ?? true,
    run: (ctx) => d.run(ctx, d.rule),
  });
}

const aclCases = (spec: Spec): Draft[] => {
  interface Lifecycle {
    statuses: { creating: string; available: string; updating: string; deleting: string };
  }
  interface DefaultAccount {
    defaultAccount: { name: string; type: string; role: string };
  }
  const aclVersions = () => data<{ engineVersions: string[] }>(spec, 'acl.engine-version').engineVersions;
  /** A new normal account's body: a run name, the first role, a password the ACL rule accepts. */
  const accountBody = (ctx: SuiteContext) => {
    const name = ctx.scenario.name('acct');
    return { account_name: name, account_role: ctx.scenario.bodyEnum('CreateAclAccount', 'account_role')[0]!, account_password: validPassword(spec.rules.password.acl, [], name) };
  };
  return [
    {
      op: 'DeleteAclAccount',
      rule: 'acl.lifecycle',
      also: successStatuses(spec.operation('DeleteAclAccount')),
      async run(ctx, rule) {
        const { statuses: s } = data<Lifecycle>(spec, rule);
        const inst = await ctx.scenario.main();
        const params = instanceParams(inst);
        const body = accountBody(ctx);
        const created = await ok(ctx, 'CreateAclAccount', { params, json: body }, 'creating an ACL account');
        const find = async () => (await accounts(ctx, inst)).find((a) => a.account_name === body.account_name);
        /** Right after a request the account is in `via` (the emulator's clock stands still), elsewhere possibly already past it. */
        const expectIn = (a: Account | undefined, via: string, then: string | undefined, what: string, r: CallResult) => {
          const allowed = [via, ...(ctx.clock.virtual ? [] : [then])];
          if (!allowed.includes(a?.status)) departure(ctx.client, r, `${what}: the account is ${a?.status ?? 'gone'}, expected ${allowed.map((x) => x ?? 'gone').join(' or ')}`, rule);
        };
        let a = await find();
        expectIn(a, s.creating, s.available, 'right after CreateAclAccount', created);
        const id = a!.account_id;
        const accountParams = { ...params, account_id: id };
        // While its create task runs, the account refuses other changes.
        if (a!.status === s.creating) {
          const r = await refused(ctx, 'DeleteAclAccount', { params: accountParams }, refusal(spec, rule), `deleting account ${id} while it is ${s.creating}`);
          if ((await find())?.status === s.deleting) departure(ctx.client, r, `the refused delete of account ${id} started deleting it`, rule);
        }
        await ctx.clock.settle();
        a = await find();
        if (a?.status !== s.available) departure(ctx.client, created, `once settled the new account is ${a?.status ?? 'gone'}, expected ${s.available}`, rule);
        // A role change runs as a job: UPDATING until it ends, refusing other changes meanwhile.
        const role = ctx.scenario.bodyEnum('UpdateAclAccount', 'account_role').find((x) => x !== a!.account_role)!;
        const changed = await ok(ctx, 'UpdateAclAccount', { params: accountParams, json: { account_role: role } }, `changing the role of account ${id}`);
        a = await find();
        expectIn(a, s.updating, s.available, 'right after UpdateAclAccount', changed);
        if (a!.status === s.updating) {
          const remark = ctx.scenario.name('remark');
          await refused(ctx, 'UpdateAclAccountRemark', { params: accountParams, json: { description: remark } }, refusal(spec, rule), `changing the description of account ${id} while it is ${s.updating}`);
          await ctx.clock.settle();
          if ((await find())?.description === remark) departure(ctx.client, changed, `the refused description change of account ${id} was applied`, rule);
        }
        await ctx.clock.settle();
        a = await find();
        if (a?.status !== s.available || a.account_role !== role) departure(ctx.client, changed, `once settled account ${id} is ${a?.status ?? 'gone'} with role ${a?.account_role}, expected ${s.available} with role ${role}`, rule);
        // A delete makes it DELETING, then it is gone; deleting it again meanwhile is refused.
        const deleted = await ok(ctx, 'DeleteAclAccount', { params: accountParams }, `deleting account ${id}`);
        a = await find();
        expectIn(a, s.deleting, undefined, 'right after DeleteAclAccount', deleted);
        if (a?.status === s.deleting) await refused(ctx, 'DeleteAclAccount', { params: accountParams }, refusal(spec, rule), `deleting account ${id} again while it is ${s.deleting}`);
        await ctx.clock.settle();
        a = await find();
        if (a) departure(ctx.client, deleted, `once settled the deleted account ${id} is still listed (${a.status})`, rule);
      },
    },
    {
      op: 'UpdateAclAccount',
      rule: 'acl.default-account',
      async run(ctx, rule) {
        const { defaultAccount: d } = data<DefaultAccount>(spec, rule);
        const inst = await ctx.scenario.main();
        const listed = await ctx.client.call('ListAclAccounts', { params: instanceParams(inst) });
        conforms(ctx.client, listed, 'listing ACL accounts');
        const defaults = ((listed.json as { accounts?: Account[] } | undefined)?.accounts ?? []).filter((a) => a.account_type === d.type);
        if (defaults.length !== 1) departure(ctx.client, listed, `the instance lists ${defaults.length} accounts of type ${d.type}, expected exactly one`, rule);
        const account = defaults[0]!;
        if (account.account_name !== d.name || account.account_role !== d.role) departure(ctx.client, listed, `the default account is ${account.account_name} with role ${account.account_role}, expected ${d.name} with role ${d.role}`, rule);
        const params = { ...instanceParams(inst), account_id: account.account_id };
        const other = ctx.scenario.bodyEnum('UpdateAclAccount', 'account_role').find((x) => x !== account.account_role)!;
        const observe = async () => (await accounts(ctx, inst)).find((a) => a.account_id === account.account_id) ?? null;
        await refusedAndUnchanged(ctx, rule, 'changing the role of the default account', observe, () => refused(ctx, 'UpdateAclAccount', { params, json: { account_role: other } }, refusal(spec, rule), 'changing the role of the default account'));
        await refusedAndUnchanged(ctx, rule, 'deleting the default account', observe, () => refused(ctx, 'DeleteAclAccount', { params }, refusal(spec, rule), 'deleting the default account'));
      },
    },
    {
      op: 'CreateAclAccount',
      rule: 'acl.engine-version',
      async run(ctx) {
        const inst = await instanceOutsideVersions(ctx, aclVersions());
        await refusedAndUnchanged(ctx, 'acl.engine-version', `an ACL account on a ${inst.version} instance`, () => accounts(ctx, inst), () => refused(ctx, 'CreateAclAccount', { params: instanceParams(inst), json: accountBody(ctx) }, refusal(spec, 'acl.engine-version'), `creating an ACL account on a ${inst.version} instance`));
      },
    },
    {
      op: 'CreateAclAccount',
      rule: 'acl.password-free',
      async run(ctx) {
        const inst = await ctx.scenario.instance({ version: ctx.scenario.aclVersion });
        // 4.2.3 makes an instance password-free (no_password_access); the default user then needs no password.
        await ok(ctx, 'ResetPassword', { params: instanceParams(inst), json: { no_password_access: true } }, `making ${inst.id} password-free`);
        await ctx.clock.settle();
        await refusedAndUnchanged(ctx, 'acl.password-free', 'an ACL account on a password-free instance', () => accounts(ctx, inst), () => refused(ctx, 'CreateAclAccount', { params: instanceParams(inst), json: accountBody(ctx) }, refusal(spec, 'acl.password-free'), 'creating an ACL account on a password-free instance'));
      },
    },
    {
      op: 'CreateAclAccount',
      rule: 'acl.account-name-unique',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        const taken = await ctx.scenario.account(inst);
        const { defaultAccount } = data<DefaultAccount>(spec, 'acl.default-account');
        for (const name of [taken.name, defaultAccount.name]) {
          const body = { ...accountBody(ctx), account_name: name };
          body.account_password = validPassword(spec.rules.password.acl, [], name);
          await refusedAndUnchanged(ctx, rule, `a second account named ${name}`, () => accounts(ctx, inst), () => refused(ctx, 'CreateAclAccount', { params: instanceParams(inst), json: body }, refusal(spec, rule), `creating a second account named ${name}`));
        }
      },
    },
    {
      op: 'UpdateAclAccountPassWord',
      rule: 'acl.password-required',
      also: successStatuses(spec.operation('UpdateAclAccountPassWord')),
      async run(ctx, rule) {
        const { account, params, observe } = await ownAccount(ctx);
        const fresh = validPassword(spec.rules.password.acl, [account.password], account.name);
        await refusedAndUnchanged(ctx, rule, 'a password change without new_password', observe, () => refused(ctx, 'UpdateAclAccountPassWord', { params, json: { old_password: account.password } }, refusal(spec, rule), 'a password change without new_password'));
        await refusedAndUnchanged(ctx, rule, 'a password change without old_password', observe, () => refused(ctx, 'UpdateAclAccountPassWord', { params, json: { new_password: fresh } }, refusal(spec, rule), 'a password change without old_password'));
        await refusedAndUnchanged(ctx, rule, 'a password reset without new_password', observe, () => refused(ctx, 'ResetAclAccountPassWord', { params, json: {} }, refusal(spec, rule), 'a password reset without new_password'));
        // The old password still authenticates: the refusals set nothing (and did not count as failures).
        const lockout = spec.rules.states.data.passwordLockout;
        const r = await ok(ctx, 'UpdateAclAccountPassWord', { params, json: { old_password: account.password, new_password: fresh } }, 'changing the password with the old one');
        const result = (r.json as { result?: string } | undefined)?.result;
        if (result === lockout.wrongPassword.result || result === lockout.locked.result) departure(ctx.client, r, `after the refused requests the account's old password answers ${result}: a refused request changed it`, rule);
      },
    },
    {
      op: 'UpdateAclAccount',
      rule: 'acl.role-required',
      async run(ctx) {
        const inst = await ctx.scenario.main();
        const account = await ctx.scenario.account(inst);
        const params = { ...instanceParams(inst), account_id: account.id };
        await refusedAndUnchanged(ctx, 'acl.role-required', 'a role change without account_role', async () => (await accounts(ctx, inst)).find((a) => a.account_id === account.id) ?? null, () => refused(ctx, 'UpdateAclAccount', { params, json: {} }, refusal(spec, 'acl.role-required'), 'a role change without account_role'));
      },
    },
  ];
};

const analysisCases = (spec: Spec): Draft[] => [
  {
    op: 'CreateBigkeyScanTask',
    rule: 'analysis.bigkey-running',
    also: successStatuses(spec.operation('CreateBigkeyScanTask')),
    async run(ctx, rule) {
      const { activeStatuses } = data<{ activeStatuses: string[] }>(spec, rule);
      const inst = await ctx.scenario.main();
      await ctx.clock.settle();
      const params = instanceParams(inst);
      const first = await ok(ctx, 'CreateBigkeyScanTask', { params }, 'starting a big key analysis');
      const id = (first.json as { id: string }).id;
      const shown = await read(ctx, 'ShowBigkeyScanTaskDetails', { params: { ...params, bigkey_id: id } }, `reading big key task ${id}`);
      if (!activeStatuses.includes(shown?.status)) {
        if (ctx.clock.virtual) departure(ctx.client, first, `right after it was started, big key task ${id} is ${shown?.status}, expected ${activeStatuses.join(' or ')}`, rule);
        throw new CaseSkipped(`big key task ${id} finished (${shown?.status}) before a second one could be requested`);
      }
      const tasks = async () => ((await read(ctx, 'ListBigkeyScanTasks', { params, query: { limit: wholePage(ctx.spec, 'ListBigkeyScanTasks') } }, 'listing big key tasks'))?.records ?? []).map((t: { id: string }) => t.id);
      const before = await tasks();
      const r = await refused(ctx, 'CreateBigkeyScanTask', { params }, refusal(spec, rule), `a second big key analysis while ${id} is ${shown.status}`);
      const after = await tasks();
      if (JSON.stringify(after) !== JSON.stringify(before)) departure(ctx.client, r, `the refused analysis was recorded (${before.length} -> ${after.length} tasks)`, rule);
      await ctx.clock.settle();
    },
  },
  {
    op: 'CreateHotkeyScanTask',
    rule: 'analysis.hotkey-lfu-policy',
    also: successStatuses(spec.operation('CreateHotkeyScanTask')),
    async run(ctx, rule) {
      const lfu = data<{ parameter: string; policies: string[] }>(spec, rule);
      const range = data<{ parameters: { param_name: string; value_range: string }[] }>(spec, 'config.param-value').parameters.find((p) => p.param_name === lfu.parameter)?.value_range.split(',');
      const other = range?.find((v) => !lfu.policies.includes(v));
      if (!other) throw new CaseSkipped(`config.param-value lists no value of ${lfu.parameter} outside ${lfu.policies.join(', ')}`);
      // A fresh instance: the shared one may have been given an LFU policy already.
      const inst = await ctx.scenario.instance();
      const params = instanceParams(inst);
      const p = await param(ctx, inst, lfu.parameter);
      if (lfu.policies.includes(p.param_value)) {
        await setParam(ctx, inst, p, other, `setting ${lfu.parameter} to ${other}`);
        await ctx.clock.settle();
      }
      const tasks = async () => ((await read(ctx, 'ListHotKeyScanTasks', { params, query: { limit: wholePage(ctx.spec, 'ListHotKeyScanTasks') } }, 'listing hot key tasks'))?.records ?? []).map((t: { id: string }) => t.id);
      await refusedAndUnchanged(ctx, rule, `hot key analysis without an LFU ${lfu.parameter}`, tasks, () => refused(ctx, 'CreateHotkeyScanTask', { params }, refusal(spec, rule), `hot key analysis with ${lfu.parameter} not LFU`));
      // With an LFU policy the same request is allowed.
      for (const policy of lfu.policies) {
        await setParam(ctx, inst, p, policy, `setting ${lfu.parameter} to ${policy}`);
        await ctx.clock.settle();
        const r = await ctx.client.call('CreateHotkeyScanTask', { params, expect: { status: successStatuses(spec.operation('CreateHotkeyScanTask')), rule } });
        conforms(ctx.client, r, `hot key analysis with ${lfu.parameter} ${policy}`);
        await ctx.clock.settle();
      }
    },
  },
  {
    op: 'UpdateBigkeyAutoscanConfig',
    rule: 'analysis.schedule-at',
    async run(ctx, rule) {
      const { pattern, appliesTo } = data<{ pattern: string }>(spec, rule);
      const re = new RegExp(pattern);
      // Times of day written in ways the HH:mm pattern refuses (hour past the day, unpadded, 12-hour).
      const bad = ['24:00', '7:05', '9pm'].filter((t) => !re.test(t));
      // Nothing to send is the spec's data gone missing, not a pass.
      if (!appliesTo?.length || !bad.length) throw new Error(`${rule}: no operation in appliesTo, or the pattern accepts every bad time (${bad.length} left)`);
      const inst = await ctx.scenario.main();
      for (const { section } of appliesTo) {
        const update = spec.operations.find((o) => o.section === section && o.method === 'PUT')!;
        const show = spec.operations.find((o) => o.method === 'GET' && o.path === update.path)!;
        const observe = () => read(ctx, show.id, { params: instanceParams(inst) }, `reading ${show.id}`);
        for (const t of bad) {
          await refusedAndUnchanged(ctx, rule, `${update.id} with schedule_at ${t}`, observe, () => refused(ctx, update.id, { params: instanceParams(inst), json: { enable_auto_scan: true, schedule_at: [t] } }, refusal(spec, rule), `${update.id} with schedule_at ${t}`));
        }
      }
    },
  },
];

const backupCases = (spec: Spec): Draft[] => [
  {
    op: 'RestoreInstance',
    rule: 'backup.restore-requires-succeed',
    async run(ctx, rule) {
      const inst = await ctx.scenario.main();
      const params = instanceParams(inst);
      // A backup that succeeded and whose file was then deleted: its record is no longer 'succeed'.
      const backupId = await ctx.scenario.backup(inst);
      await ok(ctx, 'DeleteBackupFile', { params: { ...params, backup_id: backupId } }, `deleting the file of backup ${backupId}`);
      await ctx.clock.settle();
      const { recordStatuses } = data<{ recordStatuses: { succeeded: string } }>(spec, rule);
      const record = (await backupRecords(ctx, inst)).find((b) => b.backup_id === backupId);
      if (record?.status === recordStatuses.succeeded) throw new CaseSkipped(`backup ${backupId} is still ${record.status} after its file was deleted`);
      const observe = async () => ({ instance: await instanceStatus(ctx, inst), restores: await restoreRecords(ctx, inst) });
      await refusedAndUnchanged(ctx, rule, `restoring from backup ${backupId} (${record?.status ?? 'unlisted'})`, observe, () => refused(ctx, 'RestoreInstance', { params, json: { backup_id: backupId } }, refusal(spec, rule), `restoring from backup ${backupId} (${record?.status ?? 'unlisted'})`));
    },
  },
  {
    op: 'CopyInstance',
    rule: 'backup.in-progress',
    also: successStatuses(spec.operation('CopyInstance')),
    async run(ctx, rule) {
      const { recordStatuses } = data<{ recordStatuses: { pending: string[] } }>(spec, 'backup.restore-requires-succeed');
      const inst = await ctx.scenario.main();
      await ctx.clock.settle();
      const params = instanceParams(inst);
      const first = await ok(ctx, 'CopyInstance', { params, json: {} }, 'starting a backup');
      const id = (first.json as { backup_id: string }).backup_id;
      const before = await backupRecords(ctx, inst);
      const status = before.find((b) => b.backup_id === id)?.status;
      if (!status || !recordStatuses.pending.includes(status)) {
        if (ctx.clock.virtual) departure(ctx.client, first, `right after it was started, backup ${id} is ${status ?? 'unlisted'}, expected ${recordStatuses.pending.join(' or ')}`, rule);
        throw new CaseSkipped(`backup ${id} finished (${status}) before a second one could be requested`);
      }
      const r = await refused(ctx, 'CopyInstance', { params, json: {} }, refusal(spec, rule), `a second backup while ${id} is ${status}`);
      // Compared before settling: the running backup itself moves on, but no second record may appear.
      const after = await backupRecords(ctx, inst);
      if (after.length !== before.length) departure(ctx.client, r, `the refused backup was recorded (${before.length} -> ${after.length} records)`, rule);
      await ctx.clock.settle();
    },
  },
  {
    op: 'CopyInstance',
    rule: 'backup-restore.cache-mode',
    async run(ctx, rule) {
      const cap = capability(spec, rule)!;
      const mode = cap.refused?.[0] ?? modeOutside(spec, cap.cacheModes ?? [], ctx.scenario.aclVersion);
      const inst = await ctx.scenario.instance({ mode });
      await refusedAndUnchanged(ctx, rule, `backing up a ${mode} instance`, () => backupRecords(ctx, inst), () => refused(ctx, 'CopyInstance', { params: instanceParams(inst), json: {} }, refusal(spec, rule), `backing up a ${mode} instance`));
    },
  },
];

const configCases = (spec: Spec): Draft[] => {
  interface Param {
    param_name: string;
    value_range: string;
  }
  const params = () => data<{ parameters: Param[] }>(spec, 'config.param-value').parameters;
  /** The first parameter whose value_range is a numeric range "min-max", with its bounds. */
  const numeric = () => {
    for (const p of params()) {
      const m = /^(-?\d+)-(-?\d+)$/.exec(p.value_range);
      if (m) return { name: p.param_name, min: Number(m[1]), max: Number(m[2]) };
    }
    throw new CaseSkipped('config.param-value lists no parameter with a numeric range');
  };
  return [
    {
      op: 'UpdateConfigurations',
      rule: 'config.param-value',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        await ctx.clock.settle();
        const n = numeric();
        const out = [String(n.max + 1), String(n.min - 1)].map((value) => ({ name: n.name, value }));
        // A value outside a listed parameter's value list (every listed value glued together is none of them).
        const list = params().find((p) => !/^(-?\d+)-(-?\d+)$/.test(p.value_range));
        if (list) out.push({ name: list.param_name, value: list.value_range.split(',').join('') });
        for (const { name, value } of out) {
          const p = await param(ctx, inst, name);
          await refusedAndUnchanged(ctx, rule, `${name} = ${value}`, () => configOf(ctx, inst), () => refused(ctx, 'UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: value }] } }, refusal(spec, rule), `setting ${name} to ${value}`));
        }
      },
    },
    {
      op: 'UpdateConfigurations',
      rule: 'config.updating',
      also: successStatuses(spec.operation('UpdateConfigurations')),
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        await ctx.clock.settle();
        const n = numeric();
        const p = await param(ctx, inst, n.name);
        const [first, second] = [n.min, n.min + 1, n.min + 2].map(String).filter((v) => v !== p.param_value);
        await setParam(ctx, inst, p, first!, `setting ${n.name} to ${first}`);
        const r = await ctx.client.call('UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: second }] }, expect: refusal(spec, rule) });
        if (!ctx.clock.virtual && r.status < 300) {
          // Elsewhere the first modification may have ended already; accepting the second is a departure
          // only while the first is still being applied (its value not in place yet).
          const now = (await configOf(ctx, inst)).find((x) => x.param_name === n.name)?.param_value;
          await ctx.clock.settle();
          await setParam(ctx, inst, p, p.param_value, `restoring ${n.name}`);
          await ctx.clock.settle();
          if (now === p.param_value) departure(ctx.client, r, `a second modification was accepted while the first (${n.name} = ${first}) was still being applied`, rule);
          throw new CaseSkipped(`the first modification of ${n.name} was applied before a second one could be sent`);
        }
        conforms(ctx.client, r, `a second modification while ${n.name} = ${first} is being applied`);
        await ctx.clock.settle();
        const applied = (await configOf(ctx, inst)).find((x) => x.param_name === n.name)?.param_value;
        if (applied !== first) departure(ctx.client, r, `once settled ${n.name} is ${applied}, expected ${first} (the refused ${second} must not apply)`, rule);
        await setParam(ctx, inst, p, p.param_value, `restoring ${n.name}`);
        await ctx.clock.settle();
      },
    },
  ];
};

const replicaCases = (spec: Spec): Draft[] => {
  const weight = () => {
    const w = (spec.operation('UpdateSlavePriority').requestBody?.schema?.properties as Record<string, { minimum?: number; maximum?: number }> | undefined)?.slave_priority_weight;
    if (w?.minimum === undefined || w.maximum === undefined) throw new Error('spec: UpdateSlavePriority slave_priority_weight has no minimum/maximum');
    return { minimum: w.minimum, maximum: w.maximum };
  };
  const groupOf = (all: NodeInfo[], types: { replica: string }) => {
    const replica = all.find((n) => n.node_type === types.replica);
    return all.filter((n) => n.node_type === types.replica && n.group_id === replica?.group_id);
  };
  return [
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.not-replica',
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.main();
        const master = (await nodes(ctx, inst)).find((n) => n.node_type === types.master);
        if (!master) throw new CaseSkipped(`instance ${inst.id} lists no ${types.master} node`);
        const params = nodeParams(inst, master);
        const observe = () => nodes(ctx, inst);
        await refusedAndUnchanged(ctx, rule, 'a priority on the master', observe, () => refused(ctx, 'UpdateSlavePriority', { params, json: { slave_priority_weight: weight().maximum } }, refusal(spec, rule), 'setting the priority of the master node'));
        await refusedAndUnchanged(ctx, rule, "removing the master's IP", observe, () => refused(ctx, 'DeleteIpFromDomainName', { params }, refusal(spec, rule), 'removing the master node from the read-only domain name'));
      },
    },
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.all-zero',
      also: successStatuses(spec.operation('UpdateSlavePriority')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        // Promotion is disabled by the weight's minimum (0); a fresh instance with two replicas per shard.
        const zero = weight().minimum;
        const inst = await ctx.scenario.instance({ replicas: 3 });
        const shard = groupOf(await nodes(ctx, inst), types);
        if (!shard.length) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        for (const n of shard.slice(0, -1)) await ok(ctx, 'UpdateSlavePriority', { params: nodeParams(inst, n), json: { slave_priority_weight: zero } }, `disabling promotion of replica ${n.node_id}`);
        await ctx.clock.settle();
        const last = shard.at(-1)!;
        await refusedAndUnchanged(ctx, rule, 'the last promotable replica set to 0', () => nodes(ctx, inst), () => refused(ctx, 'UpdateSlavePriority', { params: nodeParams(inst, last), json: { slave_priority_weight: zero } }, refusal(spec, rule), `disabling promotion of the shard's last promotable replica ${last.node_id}`));
      },
    },
    {
      op: 'UpdateSlavePriority',
      rule: 'replica.priority-weight',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        const replica = await ctx.scenario.replica(inst);
        const w = weight();
        for (const value of [w.maximum + 1, w.minimum - 1]) {
          await refusedAndUnchanged(ctx, rule, `slave_priority_weight ${value}`, () => nodes(ctx, inst), () => refused(ctx, 'UpdateSlavePriority', { params: replica, json: { slave_priority_weight: value } }, refusal(spec, rule), `setting slave_priority_weight to ${value}`));
        }
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.cache-mode',
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const { cacheModes } = data<{ cacheModes: string[] }>(spec, rule);
        // An instance type without a read-only domain name that still has replicas (the refusal is about the type).
        const mode = modeOutside(spec, cacheModes, ctx.scenario.aclVersion, true);
        const inst = await ctx.scenario.instance({ mode });
        const replica = (await nodes(ctx, inst)).find((n) => n.node_type === types.replica);
        if (!replica) throw new CaseSkipped(`the ${mode} instance ${inst.id} lists no replica`);
        await refusedAndUnchanged(ctx, rule, `removing a replica IP of a ${mode} instance`, () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, replica) }, refusal(spec, rule), `removing a replica IP of a ${mode} instance`));
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.last-replica',
      also: successStatuses(spec.operation('DeleteIpFromDomainName')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.instance();
        const replicas = (await nodes(ctx, inst)).filter((n) => n.node_type === types.replica);
        if (!replicas.length) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        // Take every replica but one out of the domain name; the last one must stay.
        for (const n of replicas.slice(0, -1)) {
          await ok(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, n) }, `removing replica ${n.node_id}`);
          await ctx.clock.settle();
        }
        const last = replicas.at(-1)!;
        await refusedAndUnchanged(ctx, rule, 'removing the last replica IP', () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params: nodeParams(inst, last) }, refusal(spec, rule), `removing the last replica IP (${last.node_id})`));
      },
    },
    {
      op: 'DeleteIpFromDomainName',
      rule: 'remove-ip.already-removed',
      also: successStatuses(spec.operation('DeleteIpFromDomainName')),
      async run(ctx, rule) {
        const types = nodeTypes(spec);
        const inst = await ctx.scenario.instance({ replicas: 3 });
        const replica = (await nodes(ctx, inst)).find((n) => n.node_type === types.replica);
        if (!replica) throw new CaseSkipped(`instance ${inst.id} lists no replica`);
        const params = nodeParams(inst, replica);
        await ok(ctx, 'DeleteIpFromDomainName', { params }, `removing replica ${replica.node_id}`);
        await ctx.clock.settle();
        const removed = (await nodes(ctx, inst)).find((n) => n.node_id === replica.node_id);
        if (removed?.is_remove_ip !== true) throw new CaseSkipped(`replica ${replica.node_id} is not reported removed (is_remove_ip ${removed?.is_remove_ip}) once the removal settled`);
        await refusedAndUnchanged(ctx, rule, 'removing the same replica IP again', () => nodes(ctx, inst), () => refused(ctx, 'DeleteIpFromDomainName', { params }, refusal(spec, rule), `removing replica ${replica.node_id} again`));
      },
    },
  ];
};

const templateCases = (spec: Spec): Draft[] => {
  const create = spec.operation('CreateCustomTemplate');
  return [
    {
      op: 'CreateCustomTemplate',
      rule: 'template.matches-source',
      async run(ctx, rule) {
        const req = await validRequest(ctx, create);
        const body = req.body as Record<string, unknown>;
        // The source template's own values, as the listing shows them.
        const sys = await read(ctx, 'ListConfigTemplates', { query: { type: ctx.scenario.enumOf('ListConfigTemplates', 'type'), limit: wholePage(ctx.spec, 'ListConfigTemplates') } }, 'listing default templates');
        const source = ((sys?.templates ?? []) as { template_id: string; cache_mode: string; engine_version: string }[]).find((t) => t.template_id === body.template_id);
        if (!source) throw new CaseSkipped(`default template ${String(body.template_id)} is not listed`);
        const props = create.requestBody!.schema!.properties as Record<string, { enum?: string[] }>;
        let tried = 0;
        for (const field of ['cache_mode', 'engine_version'] as const) {
          const other = props[field]?.enum?.find((v) => v !== source[field]);
          if (!other) continue;
          tried++;
          const bad = { ...body, name: ctx.scenario.name('tpl'), [field]: other };
          await refusedAndUnchanged(ctx, rule, `${field} ${other} on a ${source[field]} template`, () => userTemplates(ctx, bad.name), () => refused(ctx, create.id, { json: bad }, refusal(spec, rule), `a custom template with ${field} ${other} from a ${source[field]} default template`));
        }
        if (!tried) throw new CaseSkipped(`CreateCustomTemplate's schema offers no cache_mode or engine_version other than template ${String(body.template_id)}'s`);
      },
    },
    {
      op: 'CreateCustomTemplate',
      rule: 'template.name-unique',
      async run(ctx, rule) {
        // The run's shared custom template holds the name; a second template under it is refused.
        const existing = await ctx.scenario.customTemplate();
        const taken = (await userTemplates(ctx)).find((t) => t.template_id === existing)?.name;
        if (!taken) throw new CaseSkipped(`custom template ${existing} is not listed`);
        const req = await validRequest(ctx, create);
        await refusedAndUnchanged(ctx, rule, `a second template named ${taken}`, () => userTemplates(ctx, taken), () => refused(ctx, create.id, { json: { ...(req.body as object), name: taken } }, refusal(spec, rule), `a custom template named ${taken}, which exists`));
      },
    },
  ];
};

const logCases = (spec: Spec): Draft[] => {
  const DAY = 86_400_000;
  return [
    {
      op: 'ListSlowlog',
      rule: 'slowlog.time-format',
      async run(ctx, rule) {
        const inst = await ctx.scenario.main();
        const now = await ctx.scenario.now();
        // The same instants, written as ISO dates instead of epoch milliseconds.
        const iso = (ms: number) => new Date(ms).toISOString();
        for (const query of [{ start_time: iso(now - DAY), end_time: String(now) }, { start_time: String(now - DAY), end_time: iso(now) }]) {
          await refused(ctx, 'ListSlowlog', { params: instanceParams(inst), query }, refusal(spec, rule), `slow logs from ${query.start_time} to ${query.end_time}`);
        }
      },
    },
    {
      op: 'ListSlowlog',
      rule: 'slowlog.time-order',
      async run(ctx) {
        const inst = await ctx.scenario.main();
        const now = await ctx.scenario.now();
        await refused(ctx, 'ListSlowlog', { params: instanceParams(inst), query: { start_time: String(now), end_time: String(now - DAY) } }, refusal(spec, 'slowlog.time-order'), 'slow logs whose end_time is before start_time');
      },
    },
    {
      op: 'CreateRedislog',
      rule: 'redislog.replication-id',
      async run(ctx, rule) {
        const { singleNodeCacheModes } = data<{ singleNodeCacheModes: string[] }>(spec, rule);
        const main = await ctx.scenario.main();
        const inst = singleNodeCacheModes.includes(main.mode) ? await ctx.scenario.instance({ mode: modeOutside(spec, singleNodeCacheModes, main.version) }) : main;
        const query = await ctx.scenario.redislogQuery(inst);
        const { replication_id: _dropped, ...without } = query;
        const observe = () => read(ctx, 'ListRedislog', { params: instanceParams(inst), query: { log_type: query.log_type! } }, 'listing run logs');
        await refusedAndUnchanged(ctx, rule, `collecting run logs of a ${inst.mode} instance without replication_id`, observe, () => refused(ctx, 'CreateRedislog', { params: instanceParams(inst), query: without }, refusal(spec, rule), `collecting run logs of a ${inst.mode} instance without replication_id`));
      },
    },
  ];
};

const migrationCases = (spec: Spec): Draft[] => {
  interface TaskState {
    backupImport: { migrationType: string; via: string; to: string };
    online: { migrationType: string; pending: string; via: string; to: Record<string, string> };
    stop: { via: string; to: string };
    migrating: string[];
    allowed: Record<string, string[]>;
    listStatus: Record<string, string>;
  }
  const states = () => data<TaskState>(spec, 'migration.task-state');
  const importRefused = (rule: string, change: (body: Record<string, unknown>) => Record<string, unknown>, what: string, extra: string[] = []): ((ctx: SuiteContext) => Promise<void>) =>
    async (ctx) => {
      const body = change(await ctx.scenario.importBody());
      const name = String(body.task_name);
      await refusedAndUnchanged(ctx, rule, what, () => migrationTasksNamed(ctx, name), () => refused(ctx, 'CreateMigrationTask', { json: body }, refusal(spec, rule, extra), what));
    };
  /** A pending online task and the body that configures it (target: the main instance). */
  const pendingOnline = async (ctx: SuiteContext) => {
    const req = await validRequest(ctx, spec.operation('SetOnlineMigrationTask'));
    return { taskId: req.params!.task_id!, body: req.body as Record<string, any> };
  };
  const configRefused = (rule: string, change: (body: Record<string, any>, main: Inst) => Record<string, any>, what: string): ((ctx: SuiteContext) => Promise<void>) =>
    async (ctx) => {
      const { taskId, body } = await pendingOnline(ctx);
      const bad = change(structuredClone(body), await ctx.scenario.main());
      await refusedAndUnchanged(ctx, rule, what, () => taskConfig(ctx, taskId), () => refused(ctx, 'SetOnlineMigrationTask', { params: { task_id: taskId }, json: bad }, refusal(spec, rule), what));
    };
  return [
    {
      op: 'StopMigrationTask',
      rule: 'migration.task-state',
      also: successStatuses(spec.operation('StopMigrationTask')),
      async run(ctx, rule) {
        const s = states();
        const refuse = refusal(spec, rule);
        const section = (opId: string) => spec.operation(opId).section;
        /** The task's status, checked against what is allowed right after a request (via) or once settled. */
        const expectStatus = async (id: string, allowed: (string | undefined)[], what: string) => {
          const t = await task(ctx, id);
          if (!allowed.includes(t.status)) departure(ctx.client, t.r, `${what}: task ${id} is ${t.status ?? 'gone'}, expected ${allowed.map((x) => x ?? 'gone').join(' or ')}`, rule);
          return t.status!;
        };
        /**
         * A request the task's status does not allow: refused, and the task stays as it was — or, in real
         * time, has gone on by itself to `later` (a transition it was already in, e.g. the full copy ending).
         */
        const notAllowed = async (opId: string, id: string, status: string, args: CallArgs, later: string[] = []) => {
          if (s.allowed[section(opId)]?.includes(status)) throw new Error(`migration.task-state allows ${opId} in ${status}; pick another step`);
          await refused(ctx, opId, args, refuse, `${opId} on task ${id} while it is ${status}`);
          await expectStatus(id, [status, ...(ctx.clock.virtual ? [] : later)], `after the refused ${opId}`);
        };
        // Backup import: MIGRATING, then SUCCESS; a finished task cannot be stopped.
        const made = await ok(ctx, 'CreateMigrationTask', { json: await ctx.scenario.importBody() }, 'creating a backup import task');
        const importId = (made.json as { id: string }).id;
        ctx.scenario.track('migrationTasks', importId);
        await expectStatus(importId, [s.backupImport.via, ...(ctx.clock.virtual ? [] : [s.backupImport.to])], 'right after CreateMigrationTask');
        await ctx.clock.settle();
        const imported = await expectStatus(importId, [s.backupImport.to], 'once the import settled');
        await notAllowed('StopMigrationTask', importId, imported, { params: { task_id: importId } });
        // Online migration: pending configuration (RUNNING) until configured; stop refused meanwhile.
        const { taskId, body } = await pendingOnline(ctx);
        await expectStatus(taskId, [s.online.pending], 'a created online task');
        await notAllowed('StopMigrationTask', taskId, s.online.pending, { params: { task_id: taskId } });
        // The method whose copy never ends by itself keeps the task migrating until it is stopped.
        const method = Object.entries(s.online.to).find(([, to]) => s.migrating.includes(to))?.[0];
        if (!method) throw new CaseSkipped('migration.task-state names no online method that keeps migrating');
        const config = { ...body, migration_method: method };
        await ok(ctx, 'SetOnlineMigrationTask', { params: { task_id: taskId }, json: config }, `configuring online task ${taskId}`);
        const to = s.online.to[method]!;
        const configured = await expectStatus(taskId, [s.online.via, ...(ctx.clock.virtual ? [] : [to])], 'right after SetOnlineMigrationTask');
        await notAllowed('SetOnlineMigrationTask', taskId, configured, { params: { task_id: taskId }, json: config }, configured === s.online.via ? [to] : []);
        await ctx.clock.settle();
        const migrating = await expectStatus(taskId, [to], 'once the full copy settled');
        // The list reports statuses it does not document by meaning (listStatus).
        const listed = ((await read(ctx, 'ListMigrationTask', { query: { limit: wholePage(ctx.spec, 'ListMigrationTask') } }, 'listing migration tasks'))?.migration_tasks ?? []).find((t: { task_id: string }) => t.task_id === taskId);
        const listedAs = s.listStatus[migrating] ?? migrating;
        if (listed?.status !== listedAs) departure(ctx.client, (await task(ctx, taskId)).r, `ListMigrationTask reports task ${taskId} (${migrating}) as ${listed?.status ?? 'missing'}, expected ${listedAs}`, rule);
        await notAllowed('DeleteMigrationTask', taskId, migrating, { json: { task_id_list: [taskId] } });
        // Stop: TERMINATING, then TERMINATED; stopping again is refused, deleting is allowed.
        await ok(ctx, 'StopMigrationTask', { params: { task_id: taskId } }, `stopping online task ${taskId}`);
        await expectStatus(taskId, [s.stop.via, ...(ctx.clock.virtual ? [] : [s.stop.to])], 'right after StopMigrationTask');
        await ctx.clock.settle();
        const stopped = await expectStatus(taskId, [s.stop.to], 'once the stop settled');
        await notAllowed('StopMigrationTask', taskId, stopped, { params: { task_id: taskId } });
        await ok(ctx, 'DeleteMigrationTask', { json: { task_id_list: [taskId] } }, `deleting stopped task ${taskId}`);
        await ctx.clock.settle();
        const gone = await ctx.client.call('ShowMigrationTask', { params: { task_id: taskId }, expect: { status: refusal(spec, 'resource.not-found').status, codes: [spec.rules.protocol('resource.not-found').errorCode], rule: 'resource.not-found' } });
        conforms(ctx.client, gone, `reading deleted task ${taskId}`);
      },
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.online-type-retired',
      run: importRefused('migration.online-type-retired', (b) => ({ ...b, migration_type: states().online.migrationType }), 'CreateMigrationTask of the online type'),
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.backup-files',
      async run(ctx, rule) {
        const { fileSources } = data<{ fileSources: { obs: string; backupRecord: string } }>(spec, rule);
        const variants: [string, (files: Record<string, unknown>) => Record<string, unknown> | undefined][] = [
          ['no backup_files', () => undefined],
          ['an OBS source without bucket_name', ({ bucket_name: _b, ...f }) => f],
          ['an OBS source without files', (f) => ({ ...f, files: [] })],
          ['a backup-record source without backup_id', (f) => ({ ...f, file_source: fileSources.backupRecord, files: [] })],
          ['a file_source of neither kind', (f) => ({ ...f, file_source: `${fileSources.obs}${fileSources.backupRecord}` })],
        ];
        for (const [what, change] of variants) {
          await importRefused(rule, (b) => {
            const { backup_files: files, ...rest } = b;
            const changed = change(files as Record<string, unknown>);
            return changed ? { ...rest, backup_files: changed } : rest;
          }, `a backup import with ${what}`)(ctx);
        }
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.redis-password',
      run: configRefused('migration.redis-password', (b, main) => ({ ...b, target_instance: { id: main.id, password: validPassword(spec.rules.password.instance, [main.password]) } }), 'an online migration into the main instance with a wrong password'),
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.endpoint',
      async run(ctx, rule) {
        const re = new RegExp(data<{ addrsPattern: string }>(spec, rule).addrsPattern);
        await configRefused(rule, (b) => ({ ...b, source_instance: { password: b.source_instance?.password } }), 'a source with neither id nor addrs')(ctx);
        await configRefused(rule, (b) => {
          // The example's address list with spaces for the host:port colons: no longer host:port pairs.
          const addrs = String(b.source_instance?.addrs ?? '').replaceAll(':', ' ');
          if (re.test(addrs)) throw new Error(`${addrs} still matches migration.endpoint's addrsPattern`);
          return { ...b, source_instance: { ...b.source_instance, id: undefined, addrs } };
        }, 'a source address list that is not host:port pairs')(ctx);
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.distinct-endpoints',
      run: configRefused('migration.distinct-endpoints', (b, main) => ({ ...b, source_instance: { id: main.id, password: main.password }, target_instance: { id: main.id, password: main.password } }), 'an online migration of the main instance into itself'),
    },
    {
      op: 'CreateMigrationTask',
      rule: 'migration.instance-running',
      async run(ctx, rule) {
        const target = await ctx.scenario.instance();
        const serving = spec.rules.states.data.statuses.serving.values;
        for (let attempt = 1; ; attempt++) {
          const status = await makeBusy(ctx, target);
          const body: Record<string, unknown> = { ...(await ctx.scenario.importBody()), target_instance: { id: target.id, password: target.password } };
          const what = `a backup import into an instance that is ${status}`;
          // The state machine's busy code for the status is accepted beside the rule's own (codeChoice).
          const r = await ctx.client.call('CreateMigrationTask', { json: body, expect: refusal(spec, rule, spec.rules.states.busyCodes) });
          if (r.status < 300) {
            const id = (r.json as { id?: string } | undefined)?.id;
            if (id) ctx.scenario.track('migrationTasks', id);
            // Where time is real the restart may have ended before the import arrived: only a read after
            // it that still shows the instance busy makes the acceptance a departure.
            if (!ctx.clock.virtual && serving.includes((await instanceStatus(ctx, target)).status)) {
              await ctx.clock.settle();
              if (attempt < BUSY_ATTEMPTS) continue;
              throw new CaseSkipped(`the import reached ${target.id} after its restart ended, ${BUSY_ATTEMPTS} times: the target leaves busy states too fast to test this`);
            }
          }
          await ctx.clock.settle();
          conforms(ctx.client, r, what);
          if ((await migrationTasksNamed(ctx, String(body.task_name))).length) departure(ctx.client, r, `${what}: refused, but the task was recorded`, rule);
          return;
        }
      },
    },
    {
      op: 'SetOnlineMigrationTask',
      rule: 'migration.bandwidth',
      async run(ctx, rule) {
        const { minimum, maximum } = data<{ minimum: number; maximum: number }>(spec, rule);
        for (const value of [maximum + 1, minimum - 1]) {
          await configRefused(rule, (b) => ({ ...b, bandwidth_limit_mb: String(value) }), `bandwidth_limit_mb ${value}`)(ctx);
        }
      },
    },
  ];
};

/**
 * request.invalid-parameter, which the schema negatives break only where their sample has a field no
 * rule governs: a bounded integer query parameter of a read past its maximum, and not a number.
 */
const protocolCases = (spec: Spec): Draft[] => {
  const bounded = spec.operations
    .filter((op) => op.method === 'GET' && needsNoResource(op))
    .flatMap((op) => op.parameters.filter((p) => p.in === 'query' && typeof p.schema.maximum === 'number' && p.schema.type === 'integer' && !p.schema['x-dcs-rule']).map((p) => ({ op, p })))[0];
  if (!bounded) throw new Error('spec: no GET of the project has a bounded integer query parameter');
  const { op, p } = bounded;
  return [
    {
      op: op.id,
      rule: 'request.invalid-parameter',
      destructive: false,
      async run(ctx, rule) {
        for (const value of [String(Number(p.schema.maximum) + 1), 'not-a-number']) await refused(ctx, op.id, { query: { [p.name]: value } }, refusal(spec, rule), `${op.id} with ${p.name}=${value}`);
      },
    },
  ];
};

/**
 * Password rules whose breaking requests only the stateful models sent, when chance had them: a new
 * password equal to the old one, and enough wrong old passwords in a row to lock (instance and ACL
 * account). Each case sends them on every run, on a password no other case uses.
 */
const passwordCases = (spec: Spec): Draft[] => {
  const lockout = () => spec.rules.states.data.passwordLockout;
  /** The `result` of a change that succeeded, as the reference's example answers it. */
  const success = (opId: string) => String(exampleField(spec, opId, successStatuses(spec.operation(opId))[0]!, 'result'));
  /**
   * `maxFailures` changes with a wrong old password: each answered passwordFailed with one retry
   * fewer, the last one locked; then the right old password is answered locked too.
   */
  const lockWith = async (ctx: SuiteContext, rule: string, opId: string, params: Record<string, string>, passwords: { old: string; wrong: string; next: string }, what: string) => {
    const l = lockout();
    const { old, wrong, next } = passwords;
    const expect = async (json: { old_password: string; new_password: string }, result: string, retries: number, step: string) => {
      const r = await ok(ctx, opId, { params, json }, `${what}: ${step}`);
      const body = (r.json ?? {}) as { result?: string; retry_times_left?: string };
      if (body.result !== result || Number(body.retry_times_left) !== retries) departure(ctx.client, r, `${what}: ${step}: result ${body.result} with retry_times_left ${body.retry_times_left}, expected ${result} with ${retries}`, rule);
    };
    for (let i = 1; i <= l.maxFailures; i++) await expect({ old_password: wrong, new_password: next }, i < l.maxFailures ? l.wrongPassword.result : l.locked.result, l.maxFailures - i, `wrong old password ${i} of ${l.maxFailures}`);
    await expect({ old_password: old, new_password: next }, l.locked.result, 0, 'the right old password while locked');
  };
  return [
    {
      op: 'UpdatePassword',
      rule: 'password.new-differs',
      also: successStatuses(spec.operation('UpdatePassword')),
      async run(ctx, rule) {
        const inst = await ctx.scenario.instance();
        const params = instanceParams(inst);
        await refusedAndUnchanged(ctx, rule, 'the new password equal to the old one', () => instanceStatus(ctx, inst), () => refused(ctx, 'UpdatePassword', { params, json: { old_password: inst.password, new_password: inst.password } }, refusal(spec, rule), 'changing the password to itself'));
        // The refusal counted no failure and left the password: it changes with the same old one.
        const next = validPassword(spec.rules.password.instance, [inst.password]);
        const r = await ok(ctx, 'UpdatePassword', { params, json: { old_password: inst.password, new_password: next } }, 'changing the password afterwards');
        const result = (r.json as { result?: string } | undefined)?.result;
        if (result !== success('UpdatePassword')) departure(ctx.client, r, `after the refused change the right old password gets ${result}, expected ${success('UpdatePassword')}`, rule);
        inst.password = next;
      },
    },
    {
      op: 'UpdatePassword',
      rule: STATE_RULES[2],
      statuses: [...successStatuses(spec.operation('UpdatePassword')), spec.errors.require(spec.rules.states.data.passwordLockout.resetWhileLocked.errorCode).status],
      async run(ctx, rule) {
        // An instance of its own: the lock must not hit a password other cases use.
        const inst = await ctx.scenario.instance();
        const params = instanceParams(inst);
        const next = validPassword(spec.rules.password.instance, [inst.password]);
        await lockWith(ctx, rule, 'UpdatePassword', params, { old: inst.password, wrong: validPassword(spec.rules.password.instance, [inst.password, next]), next }, 'the instance password');
        const code = lockout().resetWhileLocked.errorCode;
        await refusedAndUnchanged(ctx, rule, 'a reset while locked', () => instanceStatus(ctx, inst), () => refused(ctx, 'ResetPassword', { params, json: { new_password: next } }, { status: spec.errors.require(code).status, codes: [code], rule }, 'resetting the locked password'));
      },
    },
    {
      op: 'UpdateAclAccountPassWord',
      rule: 'acl.password-lockout',
      also: successStatuses(spec.operation('UpdateAclAccountPassWord')),
      async run(ctx, rule) {
        // An account of its own: the lock is per account.
        const { account, params, observe } = await ownAccount(ctx);
        const next = validPassword(spec.rules.password.acl, [account.password], account.name);
        const wrong = validPassword(spec.rules.password.acl, [account.password, next], account.name);
        await lockWith(ctx, rule, 'UpdateAclAccountPassWord', params, { old: account.password, wrong, next }, `the password of ACL account ${account.name}`);
        await refusedAndUnchanged(ctx, rule, 'a reset of the locked account', observe, () => refused(ctx, 'ResetAclAccountPassWord', { params, json: { new_password: next } }, refusal(spec, rule), 'resetting the locked ACL account password'));
      },
    },
  ];
};

const instanceCases = (spec: Spec): Draft[] => [
  {
    op: 'CreateInstance',
    rule: 'resource.az-not-found',
    async run(ctx, rule) {
      const req = await validRequest(ctx, spec.operation('CreateInstance'));
      const body = req.body as Record<string, unknown>;
      const zones = await ctx.scenario.zones();
      // A code the tenant's zone list does not have: a listed code with the run id appended.
      const unknown = `${zones[0]?.code ?? 'az'}-${ctx.runId}`;
      if (zones.some((z) => z.code === unknown)) throw new Error(`zone ${unknown} exists`);
      await refusedCreate(ctx, rule, { ...body, az_codes: [unknown] }, `creating an instance in zone ${unknown}`);
    },
  },
  {
    op: 'CreateInstance',
    rule: 'password.required',
    async run(ctx, rule) {
      const req = await validRequest(ctx, spec.operation('CreateInstance'));
      // No password, and password access (not password-free): the one case that needs one.
      const { password: _dropped, ...body } = req.body as Record<string, unknown>;
      await refusedCreate(ctx, rule, { ...body, ...(body.no_password_access === undefined ? {} : { no_password_access: false }) }, 'creating an instance with password access and no password');
    },
  },
  {
    op: 'UpdateInstance',
    rule: 'name.unique',
    async run(ctx, rule) {
      const taken = await ctx.scenario.main();
      const inst = await ctx.scenario.instance();
      const nameOf = async (i: Inst) => (await read(ctx, 'ShowInstance', { params: instanceParams(i) }, `reading instance ${i.id}`))?.name as string;
      const name = await nameOf(taken);
      await refusedAndUnchanged(ctx, rule, `renaming onto ${name}`, () => nameOf(inst), () => refused(ctx, 'UpdateInstance', { params: instanceParams(inst), json: { name } }, refusal(spec, rule), `renaming instance ${inst.id} to ${name}, the name of instance ${taken.id}`));
    },
  },
  {
    op: 'ChangeMasterStandby',
    rule: 'swap.cache-mode',
    async run(ctx, rule) {
      const mode = modeOutside(spec, capability(spec, rule)?.cacheModes ?? [], ctx.scenario.aclVersion);
      const inst = await ctx.scenario.instance({ mode });
      await refusedAndUnchanged(ctx, rule, `a master/standby swap of a ${mode} instance`, async () => ({ instance: await instanceStatus(ctx, inst), nodes: await nodes(ctx, inst) }), () => refused(ctx, 'ChangeMasterStandby', { params: instanceParams(inst) }, refusal(spec, rule), `swapping master and standby of a ${mode} instance`));
    },
  },
  {
    op: 'ChangeMasterStandby',
    rule: 'swap.roles',
    statuses: successStatuses(spec.operation('ChangeMasterStandby')),
    async run(ctx, rule) {
      const types = nodeTypes(spec);
      // A fresh instance of a type that swaps: the shared one keeps its master for the other cases.
      const mode = capability(spec, 'swap.cache-mode')?.cacheModes?.[0];
      const inst = await ctx.scenario.instance(mode ? { mode } : {});
      const before = await nodes(ctx, inst);
      const shards = [...new Set(before.map((n) => n.group_id).filter((g) => g !== undefined))];
      if (!before.some((n) => n.node_type === types.replica)) throw new CaseSkipped(`the ${mode ?? ''} instance ${inst.id} lists no standby to promote`);
      await ok(ctx, 'ChangeMasterStandby', { params: instanceParams(inst) }, 'switching master and standby');
      await ctx.clock.settle();
      const serving = ctx.spec.rules.states.data.statuses.serving.values;
      const details = await ctx.client.call('ShowInstance', { params: instanceParams(inst) });
      conforms(ctx.client, details, 'reading the instance after the switchover');
      const status = (details.json as { status?: string } | undefined)?.status ?? '';
      if (!serving.includes(status)) departure(ctx.client, details, `once the switchover settled the instance is ${status}, expected ${serving.join(' or ')}`, rule);
      // Both node reads, by node ID: in every shard the master is a former standby and the former master a standby.
      const shown = await ctx.client.call('ShowNodesInformation', { params: instanceParams(inst) });
      conforms(ctx.client, shown, 'reading the nodes after the switchover');
      const replication = await ctx.client.call('ListGroupReplicationInfo', { params: instanceParams(inst) });
      conforms(ctx.client, replication, 'reading shards and replicas after the switchover');
      const afterNodes = new Map((((shown.json as { nodes?: NodeInfo[] } | undefined)?.nodes ?? []) as NodeInfo[]).map((n) => [n.node_id, n.node_type]));
      const afterReplicas = new Map(((replication.json as { group_list?: { replication_list?: { node_id: string; replication_role: string }[] }[] } | undefined)?.group_list ?? []).flatMap((g) => g.replication_list ?? []).map((x) => [x.node_id, x.replication_role]));
      for (const [what, res, roles] of [['ShowNodesInformation node_type', shown, afterNodes], ['ListGroupReplicationInfo replication_role', replication, afterReplicas]] as const) {
        for (const group of shards) {
          const shard = before.filter((n) => n.group_id === group);
          const master = shard.find((n) => n.node_type === types.master);
          const promoted = shard.filter((n) => n.node_type === types.replica && roles.get(n.node_id) === types.master);
          const summary = shard.map((n) => `${n.node_id} ${n.node_type} -> ${roles.get(n.node_id) ?? 'missing'}`).join(', ');
          if (master && roles.get(master.node_id) !== types.replica) departure(ctx.client, res, `after the switchover ${what} shows the former master ${master.node_id} as ${roles.get(master.node_id) ?? 'missing'}, expected ${types.replica} (shard ${group}: ${summary})`, rule);
          if (promoted.length !== 1) departure(ctx.client, res, `after the switchover ${what} shows ${promoted.length} former standbys of shard ${group} as ${types.master}, expected one (${summary})`, rule);
        }
      }
    },
  },
];

const sslCases = (spec: Spec): Draft[] => {
  interface Scope {
    sections: string[];
    engineVersions?: string[];
    cacheModes?: string[];
  }
  const support = () => data<{ scopes: Scope[]; referenceExampleCode?: string }>(spec, 'ssl.support');
  /** The reference's own example code is accepted too (ssl.support codeChoice), though the catalog lacks it. */
  const sslRefused = async (ctx: SuiteContext, opId: string, args: CallArgs, what: string) => {
    const rule = 'ssl.support';
    const example = support().referenceExampleCode;
    const r = await ctx.client.call(opId, { ...args, expect: refusal(spec, rule, example ? [example] : []) });
    const findings = r.findings.filter((f) => !(f.check === 'error-code-known' && example !== undefined && (r.json as { error_code?: string } | undefined)?.error_code === example));
    conforms(ctx.client, { ...r, findings }, what);
    return r;
  };
  const sslBody = (opId: string) => (opId === 'UpdateSslSwitch' ? { json: { enabled: true } } : {});
  return [
    {
      op: 'UpdateSslSwitch',
      rule: 'ssl.support',
      async run(ctx, rule) {
        const scopes = support().scopes;
        const observe = (inst: Inst) => () => instanceStatus(ctx, inst);
        // Every SSL operation on an instance of a version outside its scope.
        const old = await instanceOutsideVersions(ctx, scopes.flatMap((s) => s.engineVersions ?? []));
        for (const scope of scopes) {
          for (const op of spec.operations.filter((o) => scope.sections.includes(o.section))) {
            await refusedAndUnchanged(ctx, rule, `${op.id} on a ${old.version} instance`, observe(old), () => sslRefused(ctx, op.id, { params: instanceParams(old), ...sslBody(op.id) }, `${op.id} on a ${old.version} instance`));
          }
        }
        // Switching names cache modes too: an instance of a supported version in a mode outside them.
        for (const scope of scopes.filter((s) => s.cacheModes && s.engineVersions?.length)) {
          const version = scope.engineVersions!.find((v) => spec.rules.engine.versions.includes(v))!;
          const mode = modesOutside(spec, scope.cacheModes!, version)[0];
          if (!mode) continue;
          const inst = await ctx.scenario.instance({ mode, version });
          for (const op of spec.operations.filter((o) => scope.sections.includes(o.section))) {
            await refusedAndUnchanged(ctx, rule, `${op.id} on a ${mode} instance`, observe(inst), () => sslRefused(ctx, op.id, { params: instanceParams(inst), ...sslBody(op.id) }, `${op.id} on a ${mode} ${version} instance`));
          }
        }
      },
    },
    {
      op: 'DownloadSslCert',
      rule: 'ssl.cert-requires-enabled',
      also: successStatuses(spec.operation('DownloadSslCert')),
      async run(ctx, rule) {
        // A fresh instance in the SSL scope: the shared one may have SSL switched on by another case.
        const inst = await ctx.scenario.instance({ ...ctx.scenario.sslScope });
        const params = instanceParams(inst);
        await refused(ctx, 'DownloadSslCert', { params }, refusal(spec, rule), 'downloading the certificate with SSL off');
        // Once SSL is on, the same request answers a link.
        await ok(ctx, 'UpdateSslSwitch', { params, json: { enabled: true } }, 'switching SSL on');
        await ctx.clock.settle();
        await ok(ctx, 'DownloadSslCert', { params }, 'downloading the certificate with SSL on');
      },
    },
  ];
};

/** One contract case per rule the generated negatives do not reach (spec.rules.unreachable lists the rest). */
export function ruleCheckCases(spec: Spec): Case[] {
  return [...aclCases(spec), ...analysisCases(spec), ...backupCases(spec), ...configCases(spec), ...replicaCases(spec), ...templateCases(spec), ...logCases(spec), ...migrationCases(spec), ...passwordCases(spec), ...protocolCases(spec), ...instanceCases(spec), ...sslCases(spec)].map((d) => ruleCase(spec, d));
}
