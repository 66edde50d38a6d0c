// `dcs-conformance list cases|checks|rules|faults`: what the suite holds and what a run would run,
// generated from the spec like the run itself; no target is contacted.
import { loadSpec } from '../../spec/index.ts';
import { allCases } from '../../suites/index.ts';
import { selectCases } from '../../suites/engine/select.ts';
import { PROFILES, type Profile } from '../../suites/engine/types.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { outputOf, OUTPUT_FLAGS } from '../output.ts';
import { faultRows, planned, planLines } from '../plan.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';
import { didYouMean } from '../../suites/engine/suggest.ts';

const WHAT = ['cases', 'checks', 'rules', 'faults'] as const;

const FLAGS: Record<string, FlagSpec> = {
  profile: { kind: 'string', value: PROFILES.join('|'), description: 'cases of this profile (default full)' },
  only: { kind: 'list', value: 'X', description: 'only cases matching an operationId, check, tag, rule id or case name (as run --only)' },
  ...OUTPUT_FLAGS,
};

const table = (rows: string[][]): string[] => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
};

export const listCommand: Command = {
  name: 'list',
  help: `Usage: dcs-conformance list cases|checks|rules|faults [--profile P] [--only X]… [--json]

cases   every case the profile selects: required or advisory (README "Verdict"), smallest profile, destructive
checks  check families with their counts
rules   every rule a case can check (rule tables + state machine), its basis and how many cases check it
faults  the embedded emulator's faults (--emulator-fault, mutation runs)

Nothing is contacted; \`run --dry-run\` shows the same selection for a run's flags and target.

${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'list');
    const o = outputOf(p, io);
    const [what, ...extra] = p._;
    if (!what || !(WHAT as readonly string[]).includes(what)) throw new UsageError(`list needs one of ${WHAT.join(', ')} (got ${what ?? 'nothing'}).${what ? didYouMean(what, WHAT) : ''}`);
    if (extra.length) throw new UsageError(`list ${what}: unexpected ${extra.join(' ')}`);
    const profile = ((p.profile as string | undefined) ?? 'full') as Profile;
    if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')} (got "${profile}").${didYouMean(profile, PROFILES)}`);
    if (what === 'faults') {
      const rows = faultRows();
      if (o.json) o.result(rows);
      else for (const l of table([['id', 'family', 'kind', 'breaks'], ...rows.map((f) => [f.id, f.family, f.benign ? 'benign' : 'fault', f.breaks])])) io.out(l);
      return EXIT.ok;
    }
    const spec = await loadSpec();
    const cases = planned(spec, selectCases(allCases(spec), { profile, only: (p.only as string[] | undefined) ?? [] }));
    if (what === 'cases') {
      if (o.json) o.result(cases);
      else {
        for (const l of table([['weight', 'profile', 'destructive', 'case'], ...cases.map((c) => [c.weight, c.profile, c.destructive ? 'yes' : '', c.name])])) io.out(l);
        io.out(planLines(cases)[0]!);
      }
      return EXIT.ok;
    }
    if (what === 'checks') {
      const checks = [...new Set(cases.map((c) => c.check))].map((check) => {
        const of = cases.filter((c) => c.check === check);
        return { check, cases: of.length, required: of.filter((c) => c.weight === 'required').length, advisory: of.filter((c) => c.weight === 'advisory').length };
      });
      if (o.json) o.result(checks);
      else for (const l of table([['check', 'cases', 'required', 'advisory'], ...checks.map((c) => [c.check, String(c.cases), String(c.required), String(c.advisory)])])) io.out(l);
      return EXIT.ok;
    }
    // The same count as spec stats and coverage: spec.rules.ids (rule-table rows + state-machine rules).
    const rules = spec.rules.ids.map((id) => ({ id, basis: spec.rules.basis(id), cases: cases.filter((c) => c.rules.includes(id)).length, title: spec.rules.all.find((r) => r.id === id)?.title ?? 'state machine (spec/src/rules/instanceStates.json)' }));
    if (o.json) o.result(rules);
    else {
      for (const l of table([['rule', 'basis', 'cases', 'title'], ...rules.map((r) => [r.id, r.basis, String(r.cases), r.title])])) io.out(l);
      io.out(`${rules.length} rules (${spec.rules.all.length} in the rule tables + ${rules.length - spec.rules.all.length} of the state machine)`);
    }
    return EXIT.ok;
  },
};
