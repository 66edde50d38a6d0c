// What the target shows, read back through the public API: accounts, nodes, configuration, backups,
// restores, migration tasks, templates, instances; and the refused create and own account the rule
// cases build on them.
import type { Spec } from '../../../../spec/index.ts';
import type { Inst, CallResult } from '../../../../harness/index.ts';
import { conforms } from '../../../engine/assert.ts';
import type { SuiteContext } from '../../../engine/types.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../../../engine/errors.ts';
import { ok, wholePage } from '../../common.ts';
import { refusal, instanceParams, refused, read, refusedAndUnchanged } from './refusals.ts';

export interface Account {
  account_id: string;
  account_name: string;
  account_type: string;
  account_role: string;
  status: string;
  description?: string;
}
export const accounts = async (ctx: SuiteContext, inst: Inst | string): Promise<Account[]> => ((await read(ctx, 'ListAclAccounts', { params: instanceParams(inst) }, 'listing ACL accounts'))?.accounts ?? []) as Account[];

export interface NodeInfo {
  node_id: string;
  group_id?: string;
  node_type: string;
  priority_weight?: number;
  is_remove_ip?: boolean;
}
export const nodes = async (ctx: SuiteContext, inst: Inst): Promise<NodeInfo[]> =>
  (((await read(ctx, 'ShowNodesInformation', { params: instanceParams(inst) }, 'reading the nodes'))?.nodes ?? []) as NodeInfo[]).map((n) => ({ node_id: n.node_id, group_id: n.group_id, node_type: n.node_type, priority_weight: n.priority_weight, is_remove_ip: n.is_remove_ip }));

export const nodeParams = (inst: Inst, n: NodeInfo) => {
  if (!n.group_id) throw new CaseSkipped(`node ${n.node_id} of ${inst.id} names no group_id`);
  return { instance_id: inst.id, group_id: n.group_id, node_id: n.node_id };
};

/** The node type names of the ShowNodesInformation schema: the master is the first value, replicas the second. */
export function nodeTypes(spec: Spec): { master: string; replica: string } {
  const node = (spec.operation('ShowNodesInformation').responses.get(200)?.schema?.properties as Record<string, { items?: { properties?: Record<string, { enum?: string[] }> } }> | undefined)?.nodes?.items?.properties?.node_type?.enum;
  if (!node || node.length < 2) throw new SuiteSpecMismatchError('spec: ShowNodesInformation node_type has no master/replica enum');
  return { master: node[0]!, replica: node[1]! };
}

export const configOf = async (ctx: SuiteContext, inst: Inst) => {
  const body = await read(ctx, 'ListConfigurations', { params: instanceParams(inst) }, 'reading the configuration');
  return ((body?.redis_config ?? []) as { param_id: string; param_name: string; param_value: string }[]).map((p) => ({ param_id: p.param_id, param_name: p.param_name, param_value: p.param_value }));
};

export async function param(ctx: SuiteContext, inst: Inst, name: string): Promise<{ param_id: string; param_name: string; param_value: string }> {
  const p = (await configOf(ctx, inst)).find((x) => x.param_name === name);
  if (!p) throw new CaseSkipped(`instance ${inst.id} does not list parameter ${name}`);
  return p;
}

export const setParam = (ctx: SuiteContext, inst: Inst, p: { param_id: string; param_name: string }, value: string, what: string) =>
  ok(ctx, 'UpdateConfigurations', { params: instanceParams(inst), json: { redis_config: [{ param_id: p.param_id, param_name: p.param_name, param_value: value }] } }, what);

export const backupRecords = async (ctx: SuiteContext, inst: Inst) =>
  (((await read(ctx, 'ListBackupRecords', { params: instanceParams(inst), query: { limit: wholePage(ctx.spec, 'ListBackupRecords') } }, 'listing backups'))?.backup_record_response ?? []) as { backup_id: string; status: string }[]).map((b) => ({ backup_id: b.backup_id, status: b.status }));

export const restoreRecords = async (ctx: SuiteContext, inst: Inst) => ((await read(ctx, 'ListRestoreRecords', { params: instanceParams(inst), query: { limit: wholePage(ctx.spec, 'ListRestoreRecords') } }, 'listing restores'))?.restore_record_response ?? []) as { restore_id: string; status: string }[];

export const instanceStatus = async (ctx: SuiteContext, inst: Inst) => {
  const body = await read(ctx, 'ShowInstance', { params: instanceParams(inst) }, 'reading the instance');
  return { status: body?.status, enable_ssl: body?.enable_ssl, no_password_access: body?.no_password_access };
};

export const migrationTasksNamed = async (ctx: SuiteContext, name: string) =>
  (((await read(ctx, 'ListMigrationTask', { query: { name, limit: wholePage(ctx.spec, 'ListMigrationTask') } }, 'listing migration tasks'))?.migration_tasks ?? []) as { task_id: string; task_name: string; status: string }[]).filter((t) => t.task_name === name);

export async function task(ctx: SuiteContext, id: string): Promise<{ status?: string; r: CallResult }> {
  const r = await ctx.client.call('ShowMigrationTask', { params: { task_id: id } });
  conforms(ctx.client, r, `reading migration task ${id}`);
  return { status: r.status < 300 ? (r.json as { status?: string }).status : undefined, r };
}

export const taskConfig = async (ctx: SuiteContext, id: string) => {
  const body = await read(ctx, 'ShowMigrationTask', { params: { task_id: id } }, `reading migration task ${id}`);
  return { status: body?.status, source_instance: body?.source_instance, target_instance: body?.target_instance, bandwidth_limit_mb: body?.bandwidth_limit_mb, migration_method: body?.migration_method };
};

/** Custom templates, or only those named `name` (other cases create templates meanwhile). */
export const userTemplates = async (ctx: SuiteContext, name?: string) =>
  (((await read(ctx, 'ListConfigTemplates', { query: { type: ctx.scenario.bodyEnum('CreateCustomTemplate', 'type').at(-1)!, limit: wholePage(ctx.spec, 'ListConfigTemplates') } }, 'listing custom templates'))?.templates ?? []) as { template_id: string; name: string }[])
    .filter((t) => name === undefined || t.name === name)
    .map((t) => ({ template_id: t.template_id, name: t.name }));

export const instancesNamed = async (ctx: SuiteContext, name: string) =>
  (((await read(ctx, 'ListInstances', { query: { name } }, 'listing instances'))?.instances ?? []) as { instance_id: string; name: string }[]).filter((i) => i.name === name || i.name.startsWith(`${name}-`)).map((i) => i.instance_id);

/** A create the rule refuses, proved to make nothing; what a departing target made anyway is removed with the run's resources. */
export async function refusedCreate(ctx: SuiteContext, rule: string, body: Record<string, unknown>, what: string): Promise<void> {
  const name = String(body.name);
  await refusedAndUnchanged(ctx, rule, what, () => instancesNamed(ctx, name), () =>
    refused(ctx, 'CreateInstance', { json: body }, refusal(ctx.spec, rule), what).catch(async (e: unknown) => {
      for (const id of await instancesNamed(ctx, name)) ctx.scenario.track('instances', id);
      throw e;
    }),
  );
}

/** A new ACL account of the run's main instance, its path parameters, and how to read it back. */
export async function ownAccount(ctx: SuiteContext) {
  const inst = await ctx.scenario.main();
  const account = await ctx.scenario.account(inst);
  const observe = async () => (await accounts(ctx, inst)).find((a) => a.account_id === account.id) ?? null;
  return { inst, account, params: { ...instanceParams(inst), account_id: account.id }, observe };
}
