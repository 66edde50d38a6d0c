// Instances the rules ask for: a cache mode or engine version outside a rule's list, and a busy instance.
import type { Spec } from '../../../../spec/index.ts';
import type { Inst } from '../../../../harness/index.ts';
import type { SuiteContext } from '../../../engine/types.ts';
import { CaseSkipped } from '../../../engine/errors.ts';
import { ok } from '../../common.ts';
import { instanceStatus } from './reads.ts';

/** Cache modes an instance of `version` can be created in (the create capacity tables), minus `excluded`. */
export function modesOutside(spec: Spec, excluded: readonly string[], version: string, needReplica = false): string[] {
  const engine = spec.rules.engine.engines[0];
  const modes = spec.rules.capacity.create.tables.filter((t) => (t as { engine?: string }).engine === engine && (t as { versions?: string[] }).versions?.includes(version)).flatMap((t) => t.cacheModes);
  // defaultReplicas counts the nodes of a shard, the master included: a replica needs two.
  return [...new Set(modes)].filter((m) => !excluded.includes(m) && (!needReplica || (spec.rules.flavors.defaultReplicas[m] ?? 0) >= 2));
}

export function modeOutside(spec: Spec, excluded: readonly string[], version: string, needReplica = false): string {
  const mode = modesOutside(spec, excluded, version, needReplica)[0];
  if (!mode) throw new CaseSkipped(`the spec offers no ${needReplica ? 'replicated ' : ''}cache mode outside ${excluded.join(', ')} for version ${version}`);
  return mode;
}

/** An instance of a version the rule's list does not contain (reusing the main one when it fits). */
export async function instanceOutsideVersions(ctx: SuiteContext, versions: readonly string[]): Promise<Inst> {
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
export async function makeBusy(ctx: SuiteContext, inst: Inst): Promise<string> {
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
