// Rule cases: ACL accounts (spec/src/rules/acl.json): lifecycle, default account, engine version,
// password-free access, unique names, required password and role.
import type { Spec } from '../../../spec/index.ts';
import type { CallResult } from '../../../harness/index.ts';
import { validPassword } from '../../../spec/rules/index.ts';
import { conforms, departure } from '../../engine/assert.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { ok, successStatuses } from '../common.ts';
import { data, refusal, instanceParams, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { type Account, accounts, ownAccount } from './_internals/reads.ts';
import { instanceOutsideVersions } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const aclCases = (spec: Spec): Draft[] => {
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
