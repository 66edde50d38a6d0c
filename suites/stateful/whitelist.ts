// Model: the IP whitelist of an instance (reference 4.11.4 configure, 4.11.5 query). A PUT replaces
// the whole configuration ("New whitelist settings will overwrite the existing setting", rule
// whitelist.replaceOnPut); a refused PUT changes nothing; every GET, repeated, answers the last
// accepted PUT. Group and address order is not compared: the reference says nothing about it.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { WhitelistGroup } from '../../spec/rules/whitelist.ts';
import type { Inst, CallResult } from '../../harness/index.ts';
import { domainEntry } from '../../generators/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { sameSet, statusesOf, Step, type ModelDef, type Real } from './model.ts';

const RULE = 'whitelist';
/** GETs per check: repeated reads must agree with each other and with the model. */
const READS = 2;

interface Model {
  inst: Inst;
  enabled: boolean;
  groups: WhitelistGroup[];
}

interface Shown {
  enable_whitelist?: boolean;
  whitelist?: WhitelistGroup[];
}

const describeGroups = (gs: readonly WhitelistGroup[]) => gs.map((g) => `${g.group_name}[${g.ip_list.join(' ')}]`).join(', ') || '(none)';

/** Same groups by name, each with the same addresses; order ignored throughout. */
function sameGroups(a: readonly WhitelistGroup[], b: readonly WhitelistGroup[]): boolean {
  if (!sameSet(a.map((g) => g.group_name), b.map((g) => g.group_name))) return false;
  return a.every((g) => sameSet(g.ip_list, b.find((x) => x.group_name === g.group_name)?.ip_list ?? []));
}

function expectShown(m: Model, r: Real, res: CallResult, n: number): void {
  const body = (res.json ?? {}) as Shown;
  const groups = body.whitelist ?? [];
  if (body.enable_whitelist !== m.enabled) r.fail(res, `read ${n}: enable_whitelist is ${body.enable_whitelist}, the last accepted PUT set ${m.enabled}`, RULE);
  if (!sameGroups(groups, m.groups)) r.fail(res, `read ${n}: the whitelist is ${describeGroups(groups)}, the last accepted PUT set ${describeGroups(m.groups)}`, RULE);
}

async function put(m: Model, r: Real, enabled: boolean, groups: WhitelistGroup[], what: string): Promise<void> {
  await r.must('UpdateIpWhitelist', { params: { instance_id: m.inst.id }, json: { enable_whitelist: enabled, whitelist: groups } }, what);
  m.enabled = enabled;
  m.groups = groups.map((g) => ({ group_name: g.group_name, ip_list: [...g.ip_list] }));
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const entry = domainEntry<WhitelistGroup[]>(spec, RULE);
  const always = () => true;

  const replace = fc.tuple(entry.valid, fc.boolean()).map(([groups, enabled]) =>
    step(`put(${groups.length} group(s), ${groups.reduce((n, g) => n + g.ip_list.length, 0)} address(es), ${enabled ? 'enabled' : 'disabled'})`, always, (m, r) => put(m, r, enabled, groups, 'replacing the whitelist')),
  );

  const toggle = fc.constant(step('toggle(enable_whitelist)', (m) => m.groups.length > 0, (m, r) => put(m, r, !m.enabled, m.groups, 'switching the whitelist on or off')));

  const clear = fc.constant(step('clear', always, (m, r) => put(m, r, false, [], 'clearing the whitelist')));

  const invalid = entry.invalid.map((bad) =>
    step(`put(breaks ${bad.kind})`, always, async (m, r) => {
      await r.rejected('UpdateIpWhitelist', { params: { instance_id: m.inst.id }, json: { enable_whitelist: true, whitelist: bad.value } }, { status: bad.expect.status, codes: bad.expect.errorCodes, rule: bad.expect.rule }, `a whitelist that breaks ${bad.kind}`);
    }),
  );

  return [replace, replace, toggle, clear, invalid, invalid];
}

export const whitelistModel: ModelDef<Model, Inst> = {
  name: 'whitelist',
  operationId: 'UpdateIpWhitelist',
  rules: [RULE],
  statuses: (spec) => statusesOf(spec, 'UpdateIpWhitelist', [spec.rules.whitelist.errorCode]),
  maxCommands: 8,
  prepare: (ctx: SuiteContext) => ctx.scenario.main(),
  async init(r, inst) {
    // The model starts from what the target shows (the shared instance may have a whitelist already).
    const res = await r.read('ShowIpWhitelist', { params: { instance_id: inst.id } }, 'the starting whitelist');
    const body = (res.json ?? {}) as Shown;
    return { inst, enabled: body.enable_whitelist ?? false, groups: body.whitelist ?? [] };
  },
  async verify(m, r) {
    for (let n = 1; n <= READS; n++) expectShown(m, r, await r.read('ShowIpWhitelist', { params: { instance_id: m.inst.id } }, `whitelist read ${n}`), n);
  },
  commands,
};
