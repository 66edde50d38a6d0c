// Cases the fault catalog (emulator/faults, bench/mutation.ts) showed missing: with only the rest of
// the suite, these faults survived. Each checks, through the public API, one part of the reference
// that no other case checked that way.
// - ResizeInstance › rule (capacity.resize): a capacity the resize table does not offer, in a flavor
//   of the instance's own mode that names exactly that capacity (so only the capacity is wrong), is
//   refused and changes nothing. The generated negative sends a flavor of another mode with it, so a
//   target that refuses for the flavor alone passed. (Fault capacity.resize-off-table-accepted.)
// - ShowInstance › rule (instance-states.statuses): a settled instance reports a status of the DCS
//   Instance Statuses, the serving one, in its details and in the list; no other case looks at the
//   field's value outside the transitions. (schema.instance-status-missing, schema.status-outside-enum.)
// - ListInstances › rule (instance-states.list-filters): the run's instances are listed, instance_num
//   counts what the filters select, and pages of one (offset, limit) cover the list once each.
//   (schema.instances-list-missing, state.list-count-off, robustness.pagination-skips-one.) The rule
//   tables have no rule for paging or counting; list-filters is the one rule about what the list returns.
// - ResizeInstance › rule (capacity.resize applied): a resize the table offers, once settled, gives the
//   instance the capacity and spec_code asked for; the transition case looks at the status only.
//   (state.resize-not-applied.)
// - CopyInstance › state.record (backup): a manual backup's record reaches the record's last
//   status once settled; the instance's status does not move for a backup. (state.backup-never-completes.)
// - UpdateIpWhitelist › rule (whitelist): an accepted whitelist is the one the instance then shows,
//   switched on with its groups and off again; only the stateful whitelist model read it back, when
//   chance had it put one. (whitelist.not-persisted.)
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { allowedCapacities, parseSpecCode, specCodeFor } from '../../spec/rules/index.ts';
import { ScenarioNotReadyError, type CallArgs, type CallResult } from '../../harness/index.ts';
import { expectationFor } from '../../generators/index.ts';
import { conforms, departure } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped, SuitesInternalError, SuiteSpecMismatchError } from '../engine/errors.ts';
import { caseFor, ok, successStatuses, validRequest, wholePage } from './common.ts';

const STATUSES = 'instance-states.statuses';
const LIST_FILTERS = 'instance-states.list-filters';
const WHITELIST = 'whitelist';

/** ok() with the answer's JSON body beside it. */
async function okBody(ctx: SuiteContext, opId: string, args: CallArgs, what: string): Promise<{ r: CallResult; body: any }> {
  const r = await ok(ctx, opId, args, what);
  return { r, body: r.json ?? {} };
}

type Draft = { op: string; check: string; qualifier: string; rules: string[]; transitions?: string[]; statuses: (op: OperationInfo) => number[]; run(ctx: SuiteContext): Promise<void> };

const drafts = (spec: Spec): Draft[] => [
  {
    op: 'ResizeInstance',
    check: 'rule',
    qualifier: 'capacity.resize',
    rules: ['capacity.resize'],
    statuses: () => [expectationFor(spec, 'capacity.resize', 'off-table').status],
    async run(ctx) {
      const rule = 'capacity.resize';
      const { inst, flavor, details } = await resizable(ctx);
      // The one capacity broken: the smallest whole GB the resize table does not offer, in a flavor of
      // the instance's own mode and replicas that names exactly that capacity.
      const offered = allowedCapacities(ctx.spec.rules.capacity.resize, { cacheMode: flavor.cacheMode, engine: details.engine, version: details.engine_version });
      const named = (c: number) => !offered.includes(c) && parseSpecCode(ctx.spec.rules.flavors, flavorOf(ctx.spec, flavor, c))?.capacity === c;
      const capacity = Array.from({ length: Math.ceil(Math.max(0, ...offered)) + 1 }, (_, i) => i + 1).find(named);
      if (capacity === undefined) throw new CaseSkipped(`no whole capacity outside the resize table of a ${flavor.cacheMode} instance has a spec_code`);
      const body = { spec_code: flavorOf(ctx.spec, flavor, capacity), new_capacity: capacity };
      const e = expectationFor(ctx.spec, rule, 'off-table');
      const observe = async () => {
        const { body: d } = await okBody(ctx, 'ShowInstance', { params: { instance_id: inst.id } }, 'reading the instance');
        return JSON.stringify({ status: d.status, capacity: shownCapacity(d), spec_code: d.spec_code });
      };
      const before = await observe();
      const r = await ctx.client.call('ResizeInstance', { params: { instance_id: inst.id }, json: body, expect: { status: e.status, codes: e.errorCodes, rule } });
      conforms(ctx.client, r, `resizing a ${flavor.cacheMode} instance to ${capacity} GB, which the resize table does not offer`);
      await ctx.clock.settle();
      const after = await observe();
      if (after !== before) departure(ctx.client, r, `the refused resize changed the instance (${before} -> ${after})`, rule);
    },
  },
  {
    op: 'ShowInstance',
    check: 'rule',
    qualifier: STATUSES,
    rules: [STATUSES],
    statuses: (op) => successStatuses(op),
    async run(ctx) {
      const inst = await ctx.scenario.main();
      const { statuses } = ctx.spec.rules.states;
      const serving = ctx.spec.rules.states.data.statuses.serving.values;
      const { r, body } = await okBody(ctx, 'ShowInstance', { params: { instance_id: inst.id } }, 'reading a settled instance');
      if (!statuses.includes(body.status)) departure(ctx.client, r, `status ${JSON.stringify(body.status)} is not one of the DCS Instance Statuses (${statuses.join(', ')})`, STATUSES);
      if (!serving.includes(body.status)) departure(ctx.client, r, `a settled instance reports ${body.status}, expected ${serving.join(' or ')}`, STATUSES);
      const { r: listed, body: list } = await okBody(ctx, 'ListInstances', { query: { instance_id: inst.id } }, 'listing the instance');
      const item = ((list.instances ?? []) as { instance_id: string; status?: unknown }[]).find((i) => i.instance_id === inst.id);
      if (item?.status !== body.status) departure(ctx.client, listed, `ListInstances shows instance ${inst.id} as ${JSON.stringify(item?.status)}, its details say ${body.status}`, STATUSES);
    },
  },
  {
    op: 'ListInstances',
    check: 'rule',
    qualifier: LIST_FILTERS,
    rules: [LIST_FILTERS],
    statuses: (op) => successStatuses(op),
    async run(ctx) {
      // Three settled instances of the lane, named with its tag: the name filter selects exactly the lane's
      // (other lanes create and delete meanwhile).
      const made = [(await ctx.scenario.main()).id, (await ctx.scenario.instance()).id, (await ctx.scenario.instance()).id];
      await ctx.clock.settle();
      const query = { name: ctx.scenario.tag ?? ctx.runId };
      const limit = wholePage(ctx.spec, 'ListInstances');
      const { r, body } = await okBody(ctx, 'ListInstances', { query: { ...query, limit } }, 'listing the run\'s instances');
      if (!Array.isArray(body.instances)) departure(ctx.client, r, 'ListInstances answered no instances array', LIST_FILTERS);
      const ids = (body.instances as { instance_id: string }[]).map((i) => i.instance_id);
      const missing = made.filter((id) => !ids.includes(id));
      if (missing.length) departure(ctx.client, r, `instances of the run that the default filters select are not listed: ${missing.join(', ')}`, LIST_FILTERS);
      if (body.instance_num !== ids.length) departure(ctx.client, r, `instance_num is ${JSON.stringify(body.instance_num)}, but the whole selection (one page) lists ${ids.length}`, LIST_FILTERS);
      // Pages of one: offset k gives the k-th instance, so the pages together are the list, once each.
      const paged: string[] = [];
      let last = r;
      for (let offset = 0; offset <= ids.length; offset++) {
        const page = await okBody(ctx, 'ListInstances', { query: { ...query, offset, limit: 1 } }, `page at offset ${offset}`);
        last = page.r;
        paged.push(...((page.body.instances ?? []) as { instance_id: string }[]).map((i) => i.instance_id));
      }
      if (JSON.stringify([...paged].sort()) !== JSON.stringify([...ids].sort())) departure(ctx.client, last, `pages of one (offset 0..${ids.length}) list ${JSON.stringify(paged)}, the whole list is ${JSON.stringify(ids)}`, LIST_FILTERS);
    },
  },
  {
    op: 'ResizeInstance',
    check: 'rule',
    qualifier: 'capacity.resize applied',
    rules: ['capacity.resize'],
    transitions: ['resize'],
    statuses: (op) => successStatuses(op),
    async run(ctx) {
      const rule = 'capacity.resize';
      const { inst, flavor, details } = await resizable(ctx);
      const offered = allowedCapacities(ctx.spec.rules.capacity.resize, { cacheMode: flavor.cacheMode, engine: details.engine, version: details.engine_version });
      const capacity = offered.find((c) => c !== flavor.capacity && parseSpecCode(ctx.spec.rules.flavors, flavorOf(ctx.spec, flavor, c))?.capacity === c);
      if (capacity === undefined) throw new CaseSkipped(`the resize table offers a ${flavor.cacheMode} instance no other capacity with a spec_code`);
      const body = { spec_code: flavorOf(ctx.spec, flavor, capacity), new_capacity: capacity };
      const r = await ok(ctx, 'ResizeInstance', { params: { instance_id: inst.id }, json: body }, `resizing a ${flavor.capacity} GB ${flavor.cacheMode} instance to ${capacity} GB`);
      await ctx.clock.settle();
      const { body: d } = await okBody(ctx, 'ShowInstance', { params: { instance_id: inst.id } }, 'reading the resized instance');
      if (shownCapacity(d) !== capacity || d.spec_code !== body.spec_code) departure(ctx.client, r, `once the resize settled the instance has ${shownCapacity(d)} GB (${d.spec_code}), expected ${capacity} GB (${body.spec_code})`, rule);
    },
  },
  {
    op: 'CopyInstance',
    check: 'state.record',
    qualifier: 'backup',
    rules: [],
    transitions: ['backup'],
    statuses: (op) => successStatuses(op),
    async run(ctx) {
      const t = ctx.spec.rules.states.data.transitions.find((x) => x.id === 'backup') as { record?: string[] } | undefined;
      const done = t?.record?.at(-1);
      if (!done) throw new SuiteSpecMismatchError('spec: the backup transition names no record statuses');
      const inst = await ctx.scenario.instance();
      const req = await validRequest(ctx, ctx.spec.operation('CopyInstance'));
      const { r, body } = await okBody(ctx, 'CopyInstance', { params: { instance_id: inst.id }, ...(req.body !== undefined ? { json: req.body } : {}) }, 'backing up the instance');
      const record = async () => {
        const listed = await okBody(ctx, 'ListBackupRecords', { params: { instance_id: inst.id }, query: { limit: wholePage(ctx.spec, 'ListBackupRecords') } }, 'listing the backup records');
        return { r: listed.r, status: ((listed.body.backup_record_response ?? []) as { backup_id: string; status: string }[]).find((b) => b.backup_id === body.backup_id)?.status };
      };
      // The instance's status does not move for a backup, so settling may not wait for the record:
      // poll it (bounded) until it leaves the statuses before the last.
      let seen = await record();
      await ctx.scenario
        .until(`the record of backup ${body.backup_id}`, async () => {
          seen = await record();
          return seen.status !== undefined && !t!.record!.slice(0, -1).includes(seen.status);
        })
        .catch((e: unknown) => {
          // A record that never got there is judged below; a departure found while polling stands.
          if (!(e instanceof ScenarioNotReadyError)) throw e;
        });
      if (seen.status !== done) departure(ctx.client, seen.status ? seen.r : r, `once settled the record of backup ${body.backup_id} is ${seen.status ?? 'not listed'}, expected ${done}`);
    },
  },
  {
    op: 'UpdateIpWhitelist',
    check: 'rule',
    qualifier: WHITELIST,
    rules: [WHITELIST],
    statuses: (op) => successStatuses(op),
    async run(ctx) {
      // An instance of its own: its whitelist is this case's alone.
      const inst = await ctx.scenario.instance();
      const params = { instance_id: inst.id };
      const groups = ((await validRequest(ctx, ctx.spec.operation('UpdateIpWhitelist'))).body as { whitelist?: Group[] }).whitelist ?? [];
      if (!groups.length) throw new SuitesInternalError('the UpdateIpWhitelist request builder gives no whitelist group');
      for (const [enabled, whitelist] of [[true, groups], [false, []]] as const) {
        const set = await ok(ctx, 'UpdateIpWhitelist', { params, json: { enable_whitelist: enabled, whitelist } }, `setting the whitelist ${enabled ? 'on' : 'off'}`);
        await ctx.clock.settle();
        const { r, body } = await okBody(ctx, 'ShowIpWhitelist', { params }, 'reading the whitelist back');
        const shown = { enabled: body.enable_whitelist, groups: normalised(body.whitelist ?? []) };
        if (JSON.stringify(shown) !== JSON.stringify({ enabled, groups: normalised(whitelist) })) departure(ctx.client, r, `after an accepted UpdateIpWhitelist (${set.status}) setting ${JSON.stringify({ enabled, groups: normalised(whitelist) })} the instance shows ${JSON.stringify(shown)}`, WHITELIST);
      }
    },
  },
];

interface Group {
  group_name: string;
  ip_list: string[];
}

/** Groups by name, addresses sorted: the reference says nothing about their order. */
const normalised = (groups: readonly Group[]) => groups.map((g) => ({ group_name: g.group_name, ip_list: [...g.ip_list].sort() })).sort((a, b) => a.group_name.localeCompare(b.group_name));

/** The details' capacity in GB: whole GB in capacity, a fraction below 1 GB in capacity_minor (".125"). */
function shownCapacity(d: { capacity?: unknown; capacity_minor?: unknown }): number {
  const minor = typeof d.capacity_minor === 'string' && d.capacity_minor !== '' ? Number(`0${d.capacity_minor.replace(/^0/, '')}`) : 0;
  return Number(d.capacity) + minor;
}

interface Flavor {
  cacheMode: string;
  capacity: number;
  replicas: number;
}

/** A fresh settled instance of the run, its details and its flavor (mode, capacity, replicas from its spec_code). */
async function resizable(ctx: SuiteContext): Promise<{ inst: { id: string }; flavor: Flavor; details: Record<string, any> }> {
  const inst = await ctx.scenario.instance();
  const { body: details } = await okBody(ctx, 'ShowInstance', { params: { instance_id: inst.id } }, 'reading the instance to resize');
  const parsed = parseSpecCode(ctx.spec.rules.flavors, String(details.spec_code));
  if (!parsed) throw new CaseSkipped(`instance ${inst.id} reports spec_code ${String(details.spec_code)}, which the flavor scheme does not parse`);
  return { inst, flavor: { cacheMode: parsed.cacheMode, capacity: shownCapacity(details), replicas: parsed.replicas }, details };
}

/** The spec_code of the instance's mode and replicas at another capacity. */
const flavorOf = (spec: Spec, f: Flavor, capacity: number) => specCodeFor(spec.rules.flavors, f.cacheMode, capacity, { replicas: f.replicas });

export function faultGapCases(spec: Spec): Case[] {
  return drafts(spec).map((d) => {
    const op = spec.operation(d.op);
    return caseFor(op, {
      suite: 'contract',
      check: d.check,
      qualifier: d.qualifier,
      rules: d.rules,
      breaks: d.rules,
      ...(d.transitions ? { transitions: d.transitions } : {}),
      statuses: d.statuses(op),
      profile: 'full',
      destructive: true,
      run: d.run,
    });
  });
}
