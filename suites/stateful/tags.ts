// Model: instance tags (reference 4.7). BatchCreateOrDeleteTags adds (a key is unique per instance:
// adding it again replaces its value) or removes tags under rule tags.action; ShowTags equals the
// model's tags of the instance; ListTagsOfTenant holds every instance's tags (the tenant-wide union),
// and for the keys this run made, exactly the union. Two shared instances carry the tags.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import type { Inst } from '../../harness/index.ts';
import { domainEntry, type TagsChoice } from '../../generators/index.ts';
import type { SuiteContext } from '../engine/types.ts';
import { pick, sameSet, statusesOf, Step, type ModelDef, type Real } from './model.ts';

const RULE = 'tags.action';
const PICK = 9;

interface Model {
  insts: Inst[];
  /** Per instance: key -> value (all its tags: those found at the start and the run's own). */
  tags: Map<string, string>[];
  /** The run's keys start with it, so the tenant view of them can be checked exactly. */
  prefix: string;
}

interface Prepared {
  insts: Inst[];
  prefix: string;
}

const actions = (spec: Spec) => spec.rules.tags.action.actions ?? [];

async function verify(m: Model, r: Real): Promise<void> {
  for (const [i, inst] of m.insts.entries()) {
    const res = await r.read('ShowTags', { params: { instance_id: inst.id } }, `tags of ${inst.id}`);
    const shown = ((res.json as { tags?: { key: string; value?: string }[] }).tags ?? []);
    const want = m.tags[i]!;
    const describe = (t: [string, string][]) => t.map(([k, v]) => `${k}=${v}`).join(', ') || '(none)';
    const same = shown.length === want.size && shown.every((t) => want.get(t.key) === (t.value ?? ''));
    if (!same) r.fail(res, `instance ${inst.id} has tags ${describe(shown.map((t) => [t.key, t.value ?? '']))}, the model expects ${describe([...want])}`, RULE);
  }
  const tenant = await r.read('ListTagsOfTenant', {}, 'tags of the tenant');
  const listed = ((tenant.json as { tags?: { key: string; values?: string[] }[] }).tags ?? []);
  const union = new Map<string, Set<string>>();
  for (const t of m.tags) for (const [k, v] of t) union.set(k, (union.get(k) ?? new Set()).add(v));
  for (const [k, values] of union) {
    const entry = listed.find((x) => x.key === k);
    const missing = [...values].filter((v) => !(entry?.values ?? []).includes(v));
    if (missing.length) r.fail(tenant, `the tenant's tags lack ${k}=${missing.join('|')}, which an instance has`, RULE);
    if (k.startsWith(m.prefix) && !sameSet(entry?.values ?? [], [...values])) r.fail(tenant, `the tenant lists ${k} with values ${(entry?.values ?? []).join('|')}, the instances have ${[...values].join('|')}`, RULE);
  }
  const stale = listed.filter((x) => x.key.startsWith(m.prefix) && !union.has(x.key)).map((x) => x.key);
  if (stale.length) r.fail(tenant, `the tenant still lists ${stale.join(', ')}, which no instance has any more`, RULE);
}

function commands(spec: Spec, check: (m: Model, r: Real) => Promise<void>): fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] {
  const step = (label: string, can: (m: Model) => boolean, act: (m: Model, r: Real) => Promise<void>) => new Step<Model>(label, can, act, check);
  const entry = domainEntry<TagsChoice>(spec, RULE);
  const [create, remove] = actions(spec);
  const keyMax = spec.rules.tags.action.keyMaxLength;
  const send = (m: Model, r: Real, i: number, action: string, tags: { key: string; value?: string }[], what: string) => r.must('BatchCreateOrDeleteTags', { params: { instance_id: m.insts[i]!.id }, json: { action, tags } }, what);

  const add = fc.record({ k: fc.nat({ max: PICK }), choice: entry.valid.filter((c) => c.action === create) }).map(({ k, choice }) =>
    step(`add(#${k}, ${choice.tags.length} tag(s))`, () => true, async (m, r) => {
      const i = k % m.insts.length;
      // The run's prefix on every key; the last of two keys that collide once cut to length wins.
      const tags = [...new Map(choice.tags.map((t) => [`${m.prefix}${t.key}`.slice(0, keyMax), t.value ?? ''])).entries()].map(([key, value]) => ({ key, value }));
      await send(m, r, i, create!, tags, 'adding tags');
      for (const t of tags) m.tags[i]!.set(t.key, t.value);
    }),
  );

  const del = fc.record({ k: fc.nat({ max: PICK }), which: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), withValue: fc.boolean() }).map(({ k, which, withValue }) =>
    step(`remove(#${k}, ${withValue ? 'key and value' : 'key'})`, (m) => m.tags.some((t) => [...t.keys()].some((x) => x.startsWith(m.prefix))), async (m, r) => {
      const own = (i: number) => [...m.tags[i]!.keys()].filter((x) => x.startsWith(m.prefix));
      const i = [k, k + 1].map((x) => x % m.insts.length).find((x) => own(x).length)!;
      const keys = own(i).filter((_, j) => which[j % which.length]);
      const chosen = keys.length ? keys : own(i).slice(0, 1);
      await send(m, r, i, remove!, chosen.map((key) => (withValue ? { key, value: m.tags[i]!.get(key)! } : { key })), 'removing tags');
      for (const key of chosen) m.tags[i]!.delete(key);
    }),
  );

  const invalid = fc.record({ k: fc.nat({ max: PICK }), bad: entry.invalid }).map(({ k, bad }) =>
    step(`tags(${bad.value.action}, breaks ${bad.kind})`, () => true, async (m, r) => {
      const inst = pick(m.insts, k)!;
      await r.rejected('BatchCreateOrDeleteTags', { params: { instance_id: inst.id }, json: { action: bad.value.action, tags: bad.value.tags } }, { status: bad.expect.status, codes: bad.expect.errorCodes, rule: bad.expect.rule }, `tags that break ${bad.kind}`);
    }),
  );

  return [add, add, del, invalid];
}

export const tagsModel: ModelDef<Model, Prepared> = {
  name: 'tags',
  operationId: 'BatchCreateOrDeleteTags',
  rules: [RULE],
  statuses: (spec) => statusesOf(spec, 'BatchCreateOrDeleteTags', [spec.rules.tags.action.errorCode]),
  maxCommands: 8,
  prepare: async (ctx: SuiteContext) => ({ insts: [await ctx.scenario.main(), await ctx.scenario.sslInstance()], prefix: `sf${ctx.runId}-` }),
  async init(r, p) {
    const tags: Map<string, string>[] = [];
    for (const inst of p.insts) {
      const res = await r.read('ShowTags', { params: { instance_id: inst.id } }, `the starting tags of ${inst.id}`);
      tags.push(new Map(((res.json as { tags?: { key: string; value?: string }[] }).tags ?? []).map((t) => [t.key, t.value ?? ''])));
    }
    return { insts: p.insts, tags, prefix: p.prefix };
  },
  verify,
  commands,
  async teardown(m, r) {
    // The run's own keys go; the shared instances keep what they had.
    const [, remove] = actions(r.spec);
    for (const [i, inst] of (m?.insts ?? []).entries()) {
      const keys = [...m!.tags[i]!.keys()].filter((k) => k.startsWith(m!.prefix));
      if (keys.length) await r.ctx.client.call('BatchCreateOrDeleteTags', { params: { instance_id: inst.id }, json: { action: remove, tags: keys.map((key) => ({ key })) } }).catch((e: unknown) => console.warn(`tags teardown: ${String(e)}`));
    }
  },
};
