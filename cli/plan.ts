// What a run would do, without contacting its target: the cases selected (profile, --only, shard),
// each required or advisory, by family, check and capability, and — from the target's config alone —
// what would be skipped for want of a flag or an identity. `run --dry-run` and `list` print it.
import type { Spec } from '../spec/index.ts';
import { loadConfig } from '../config/index.ts';
import { FAULTS } from '../emulator/faults/index.ts';
import { familyOf } from '../suites/index.ts';
import { need } from '../suites/engine/needs.ts';
import type { Case } from '../suites/engine/types.ts';
import { weightOf } from '../reporters/verdict.ts';
import type { Weight } from '../reporters/types.ts';
import type { Parsed } from './args.ts';
import type { Output } from './output.ts';
import { targetEnv } from './target.ts';
import { EXIT, type Io } from './types.ts';

export interface PlannedCase {
  name: string;
  operationId: string;
  section: string;
  family: string;
  check: string;
  capability: string;
  weight: Weight;
  profile: string;
  destructive: boolean;
  rules: string[];
}

export const planned = (spec: Spec, cases: readonly Case[]): PlannedCase[] =>
  cases.map((c) => ({ name: c.name, operationId: c.operationId, section: c.section, family: familyOf(c), check: c.check, capability: spec.operation(c.operationId).capability, weight: weightOf(spec, c), profile: c.profile, destructive: c.destructive, rules: c.rules }));

const tally = (xs: readonly string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())];

/** Counts of a selection, by family and weight. */
export function planLines(cases: readonly PlannedCase[]): string[] {
  const required = cases.filter((c) => c.weight === 'required').length;
  return [
    `${cases.length} cases (${required} required, ${cases.length - required} advisory): ${tally(cases.map((c) => c.family)).map(([f, n]) => `${f} ${n}`).join(', ')}`,
    `checks: ${tally(cases.map((c) => c.check)).map(([k, n]) => `${k} ${n}`).join(', ')}`,
  ];
}

/** What the target's config says would be skipped, read without connecting. */
export async function targetLines(p: Parsed, io: Io, cases: readonly PlannedCase[], allowDestructive: boolean): Promise<string[]> {
  const config = await loadConfig({ cwd: io.cwd, env: targetEnv(p, io.env) });
  const t = config.target;
  if (t.kind === 'emulator') return [`target ${config.targetName}: the embedded emulator (started by the run; every case can run there)`];
  const destructive = cases.filter((c) => c.destructive && c.weight === 'required').length;
  const has = { readonly: !!t.principals?.readonly, other: !!t.principals?.other, aksk: 'ak' in t.auth };
  return [
    `target ${config.targetName}: ${t.endpoint} (not contacted)`,
    ...(destructive && !allowDestructive ? [`without --allow-destructive, ${destructive} required cases will be skipped: the run would be INCOMPLETE (add ${need('allow-destructive').add})`] : []),
    `identities: principals.readonly ${has.readonly ? 'yes' : 'no'}, principals.other ${has.other ? 'yes' : 'no'}, AK/SK ${has.aksk ? 'yes' : 'no'}${has.readonly && has.other && has.aksk ? '' : ' — the security cases that need a missing one are skipped, and the run is INCOMPLETE'}`,
  ];
}

/** Emulator faults (for `list faults`). */
export const faultRows = () => FAULTS.map((f) => ({ id: f.id, family: f.family, benign: !!f.benign, breaks: f.breaks }));

/** --dry-run: the plan, from the spec and the target's config; nothing started or contacted. */
export async function dryRun(p: Parsed, io: Io, o: Output, plan: readonly PlannedCase[], settings: { profile: string; seed: number; allowDestructive: boolean; shard?: { index: number; count: number } }): Promise<number> {
  const lines = [
    `dry run: profile=${settings.profile} seed=${settings.seed}${settings.shard ? ` shard=${settings.shard.index}/${settings.shard.count}` : ''} — nothing is started or contacted`,
    ...planLines(plan),
    ...(await targetLines(p, io, plan, settings.allowDestructive)),
    ...(o.verbose ? plan.map((c) => `  ${c.weight.padEnd(8)} ${c.destructive ? 'destructive ' : ''}${c.name}`) : []),
  ];
  for (const l of lines) o.verdict(l);
  o.result({ dryRun: true, profile: settings.profile, seed: settings.seed, cases: plan });
  return EXIT.ok;
}
