// IP whitelist groups (reference 4.11.4, 4.11.5): a PUT replaces the whole configuration ("New
// whitelist settings will overwrite the existing setting"), checked against every part of the
// 'whitelist' rule; the GET returns exactly what was set, with the instance's IP limit.
import { checkWhitelist } from '../../spec/rules/index.ts';
import type { WhitelistGroup } from '../../spec/rules/whitelist.ts';
import { recordTask } from '../core/jobs.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance } from '../core/store.ts';
import { enforce, instanceOf, invalid, requireStatus, type Handler } from './context.ts';
import type { Resource } from './resource.ts';

interface WhitelistState {
  enabled: boolean;
  groups: WhitelistGroup[];
}

const WHITELIST_STATE = stateKey<WhitelistState>('whitelist');
// 4.12.1 names the background task of a whitelist change AddWhitelist.
const TASK_NAME = 'AddWhitelist';

const whitelistOf = (inst: Instance) => inst.ext.get(WHITELIST_STATE);

export const updateIpWhitelist: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  const b = ctx.body as { instance_id?: string; enable_whitelist: boolean; whitelist: WhitelistGroup[] };
  // The body may repeat the instance ID; one that names another instance is a contradiction.
  if (b.instance_id !== undefined && b.instance_id !== inst.instance_id) invalid(ctx, 'instance_id');
  const rule = ctx.spec.rules.whitelist;
  enforce(checkWhitelist(rule, b.whitelist, rule.ipLimit), 'whitelist');
  inst.ext.set(WHITELIST_STATE, { enabled: b.enable_whitelist, groups: b.whitelist.map((g) => ({ group_name: g.group_name, ip_list: [...g.ip_list] })) });
  inst.version++;
  recordTask(ctx, inst.instance_id, TASK_NAME);
  return { status: 204 };
};

export const showIpWhitelist: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const st = whitelistOf(inst);
  return {
    body: {
      instance_id: inst.instance_id,
      enable_whitelist: st?.enabled ?? false,
      whitelist: (st?.groups ?? []).map((g) => ({ group_name: g.group_name, ip_list: [...g.ip_list] })),
      whitelist_ip_limit_num: ctx.spec.rules.whitelist.ipLimit,
    },
  };
};

export const whitelistResource: Resource = {
  name: 'whitelist',
  handlers: {
    UpdateIpWhitelist: updateIpWhitelist,
    ShowIpWhitelist: showIpWhitelist,
  },
};
