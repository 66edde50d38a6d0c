// ACL accounts (reference 4.10). Each instance has its default account (the instance password) and
// the normal accounts created through 4.10.1. Create, role change and delete are tasks that finish
// on the virtual clock (CREATING / UPDATING / DELETING); password and description changes are
// immediate. The statuses, the default account and every refusal come from spec/src/rules/acl.json.
import { checkName, checkPassword } from '../../spec/rules/index.ts';
import { ApiError } from '../core/errors.ts';
import { startJob } from '../core/jobs.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { enforce, instanceOf, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

interface Lifecycle { statuses: Record<'creating' | 'available' | 'updating' | 'deleting', string>; errorCode: string }
interface DefaultAccountRule { defaultAccount: { name: string; type: string; role: string }; normalType: string; errorCode: string }

interface Account {
  account_id: string;
  account_name: string;
  account_type: string;
  account_role: string;
  description: string;
  status: string;
  /** Normal accounts only: the default account's password is the instance's. */
  password?: string;
  created_at: number;
  failures: number;
  lockedUntil: number;
}

const lifecycle = (ctx: HandlerContext) => ctx.spec.rules.byId('acl.lifecycle') as unknown as Lifecycle;
const defaults = (ctx: HandlerContext) => ctx.spec.rules.byId('acl.default-account') as unknown as DefaultAccountRule;
const code = (ctx: HandlerContext, id: string) => ctx.spec.rules.byId(id).errorCode;

const ACCOUNTS = stateKey<Map<string, Account>>('acl');

/** The instance's accounts, the default one created with the map (it exists as long as the instance). */
function accountsOf(ctx: HandlerContext, inst: Instance): Map<string, Account> {
  return inst.ext.ensure(ACCOUNTS, () => {
    const d = defaults(ctx).defaultAccount;
    const account: Account = { account_id: ctx.store.ids.uuid(), account_name: d.name, account_type: d.type, account_role: d.role, description: '', status: lifecycle(ctx).statuses.available, created_at: inst.created_at, failures: 0, lockedUntil: 0 };
    return new Map([[account.account_id, account]]);
  });
}

const isDefault = (ctx: HandlerContext, a: Account) => a.account_type === defaults(ctx).defaultAccount.type;

/** The account of the path; an unknown ID is an invalid account_id (protocol resource.not-found). */
function accountOf(ctx: HandlerContext, inst: Instance): Account {
  const a = accountsOf(ctx, inst).get(ctx.params.account_id!);
  if (!a) throw new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, 'account_id');
  return a;
}

/** Refuses a change while the account's own create/update/delete task runs. */
function requireAvailable(ctx: HandlerContext, a: Account): void {
  const l = lifecycle(ctx);
  if (a.status !== l.statuses.available) throw new ApiError(l.errorCode, 'account_id');
}

/** Instance change plus the account of the path, ready to be changed. */
function changeable(ctx: HandlerContext): { inst: Instance; account: Account } {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const account = accountOf(ctx, inst);
  requireAvailable(ctx, account);
  return { inst, account };
}

const passwordOf = (ctx: HandlerContext, inst: Instance, a: Account) => (isDefault(ctx, a) ? inst.password : a.password);

function setPassword(ctx: HandlerContext, inst: Instance, a: Account, password: string): void {
  if (isDefault(ctx, a)) {
    inst.password = password;
    inst.no_password_access = false;
    inst.version++;
  } else a.password = password;
  a.failures = 0;
  a.lockedUntil = 0;
}

const render = (inst: Instance, a: Account) => ({ account_id: a.account_id, account_name: a.account_name, account_type: a.account_type, instance_id: inst.instance_id, status: a.status, account_role: a.account_role, description: a.description, error_code: null });

export const createAclAccount: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as { account_name: string; account_role: string; account_password: string; description?: string };
  const r = ctx.spec.rules;
  const engine = r.byId('acl.engine-version') as unknown as { engineVersions: string[]; errorCode: string };
  if (!engine.engineVersions.includes(inst.engine_version)) throw new ApiError(engine.errorCode, 'engine_version');
  if (inst.no_password_access) throw new ApiError(code(ctx, 'acl.password-free'));
  const colon = r.byId('acl.default-password-colon') as unknown as { cacheModes: string[]; errorCode: string };
  if (colon.cacheModes.includes(inst.cache_mode) && inst.password?.includes(':')) throw new ApiError(colon.errorCode);
  enforce(checkName(r.name.aclAccount, b.account_name, { section: ctx.op.section }), 'account_name');
  enforce(checkPassword(r.password.acl, b.account_password, b.account_name), 'account_password');
  const accounts = accountsOf(ctx, inst);
  if ([...accounts.values()].some((a) => a.account_name === b.account_name)) throw new ApiError(code(ctx, 'acl.account-name-unique'), 'account_name');
  const l = lifecycle(ctx);
  const account: Account = { account_id: ctx.store.ids.uuid(), account_name: b.account_name, account_type: defaults(ctx).normalType, account_role: b.account_role, description: b.description ?? '', status: l.statuses.creating, password: b.account_password, created_at: ctx.now, failures: 0, lockedUntil: 0 };
  accounts.set(account.account_id, account);
  ctx.store.after(ctx.config.durations.job, () => {
    if (account.status === l.statuses.creating) account.status = l.statuses.available;
  });
  // "The ACL account creation task is successfully delivered": 200 without a body.
  return { status: 200 };
};

export const listAclAccounts: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const accounts = [...accountsOf(ctx, inst).values()].sort((a, b) => Number(isDefault(ctx, b)) - Number(isDefault(ctx, a)) || a.created_at - b.created_at || a.account_name.localeCompare(b.account_name));
  return { body: { accounts: accounts.map((a) => render(inst, a)) } };
};

/** The lockout numbers of the instance password (4.2.2) apply per account (rule acl.password-lockout). */
const lockout = (ctx: HandlerContext) => ctx.spec.rules.states.data.passwordLockout;

export const updateAclAccountPassword: Handler = (ctx) => {
  const { inst, account } = changeable(ctx);
  const b = (ctx.body ?? {}) as { old_password?: string; new_password?: string };
  for (const field of ['old_password', 'new_password'] as const) if (typeof b[field] !== 'string') throw new ApiError(code(ctx, 'acl.password-required'), field);
  const rule = lockout(ctx);
  const minutesLeft = () => Math.ceil(Math.max(0, account.lockedUntil - ctx.now) / 60_000);
  const reply = (result: string, message: string) => ({ body: { lock_time: String(account.lockedUntil > ctx.now ? rule.lockMinutes : 0), result, lock_time_left: String(minutesLeft()), retry_times_left: String(rule.maxFailures - account.failures), message } });
  if (account.lockedUntil > ctx.now) return reply('locked', 'The account is locked.');
  if (account.lockedUntil) Object.assign(account, { failures: 0, lockedUntil: 0 });
  if (b.old_password !== passwordOf(ctx, inst, account)) {
    account.failures++;
    if (account.failures >= rule.maxFailures) {
      account.lockedUntil = ctx.now + rule.lockMinutes * 60_000;
      return reply('locked', 'The account is locked.');
    }
    return reply('passwordFailed', 'The old password is incorrect.');
  }
  enforce(checkPassword(ctx.spec.rules.password.acl, b.new_password!, account.account_name), 'new_password');
  setPassword(ctx, inst, account, b.new_password!);
  return reply('success', 'Modify DCSInstance password success.');
};

export const resetAclAccountPassword: Handler = (ctx) => {
  const { inst, account } = changeable(ctx);
  const b = (ctx.body ?? {}) as { new_password?: string };
  if (account.lockedUntil > ctx.now) throw new ApiError(code(ctx, 'acl.password-lockout'), 'account_id');
  if (typeof b.new_password !== 'string') throw new ApiError(code(ctx, 'acl.password-required'), 'new_password');
  enforce(checkPassword(ctx.spec.rules.password.acl, b.new_password, account.account_name), 'new_password');
  // A reset needs no old password (the example sends one; it is not checked).
  setPassword(ctx, inst, account, b.new_password);
  // code "1" and the message are the reference example's (lines 18304-18310).
  return { body: { code: '1', message: 'Reset DCSInstance password success.', lock_time: '0', lock_time_left: '0', retry_times_left: String(lockout(ctx).maxFailures) } };
};

export const updateAclAccountRole: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const account = accountOf(ctx, inst);
  if (isDefault(ctx, account)) throw new ApiError(defaults(ctx).errorCode, 'account_id');
  requireAvailable(ctx, account);
  const role = (ctx.body as { account_role?: string } | undefined)?.account_role;
  if (role === undefined) throw new ApiError(code(ctx, 'acl.role-required'), 'account_role');
  const l = lifecycle(ctx);
  account.status = l.statuses.updating;
  const job = startJob(ctx, 'modify', {
    instanceId: inst.instance_id,
    effect: () => {
      account.account_role = role;
      if (account.status === l.statuses.updating) account.status = l.statuses.available;
    },
  });
  return { body: { job_id: job.job_id, instance_id: inst.instance_id } };
};

export const deleteAclAccount: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const account = accountOf(ctx, inst);
  if (isDefault(ctx, account)) throw new ApiError(defaults(ctx).errorCode, 'account_id');
  requireAvailable(ctx, account);
  account.status = lifecycle(ctx).statuses.deleting;
  ctx.store.after(ctx.config.durations.job, () => {
    accountsOf(ctx, inst).delete(account.account_id);
  });
  // "The ACL account deletion task is successfully delivered": 200 without a body.
  return { status: 200 };
};

export const updateAclAccountRemark: Handler = (ctx) => {
  const { account } = changeable(ctx);
  const description = (ctx.body as { description?: string } | undefined)?.description;
  // description is optional (Mandatory "No"); without it nothing changes.
  if (description !== undefined) account.description = description;
  return { status: 204 };
};

export const aclResource: Resource = {
  name: 'acl',
  handlers: {
    CreateAclAccount: createAclAccount,
    ListAclAccounts: listAclAccounts,
    UpdateAclAccountPassWord: updateAclAccountPassword,
    ResetAclAccountPassWord: resetAclAccountPassword,
    UpdateAclAccount: updateAclAccountRole,
    DeleteAclAccount: deleteAclAccount,
    UpdateAclAccountRemark: updateAclAccountRemark,
  },
};
