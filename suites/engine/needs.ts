// What a run lacks when it skips a case that a richer setup would run: a flag, a second identity, an
// AK/SK pair. Each need has the one phrase its skip messages carry (`fix`) and what the user adds
// (`add`, `label` in one line); a verdict groups the skipped cases by need, so an INCOMPLETE run says what completes it.
// A new way of skipping for want of something the user can give is one row here, used where it skips.
// Apart from needs: a prerequisite the target offers no way to make through the public API
// (ScenarioUnsupported, e.g. a diagnosis report) — nothing the user adds would make that case testable.
import { ScenarioUnsupported } from '../../harness/fixtures/scenario.ts';

export const NEEDS = [
  { id: 'allow-destructive', label: '--allow-destructive', fix: 'run with --allow-destructive', add: '--allow-destructive (cases that create billable resources or destroy data)' },
  { id: 'principals.other', label: 'principals.other', fix: 'configure principals.other { projectId, auth }', add: 'principals.other { projectId, auth } in the target config (a user of another project: tenant isolation)' },
  { id: 'principals.readonly', label: 'principals.readonly', fix: 'configure principals.readonly', add: 'principals.readonly in the target config (a user of the same project without write actions: IAM denial)' },
  { id: 'aksk', label: 'AK/SK', fix: 'configure the target with auth { ak, sk }', add: 'an AK/SK pair for the target (auth { ak, sk } in the config, or --ak/--sk): signature checks' },
] as const;

export type NeedId = (typeof NEEDS)[number]['id'];
export type Need = (typeof NEEDS)[number];

export const need = (id: NeedId): Need => NEEDS.find((n) => n.id === id)!;

/** The need a skip message names (by its `fix` phrase), or undefined for a skip nothing the user adds would lift. */
export function needOf(message: string | undefined): Need | undefined {
  return message ? NEEDS.find((n) => message.includes(n.fix)) : undefined;
}

/** The shape of a ScenarioUnsupported message, read from the class itself (one wording, one place). */
const UNSUPPORTED = (() => {
  const [before, middle] = new ScenarioUnsupported('\u0000', '\u0001').message.split(/\u0000|\u0001/);
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(before!)}.+${esc(middle!)}`);
})();

/** A skip because the target offers no way to prepare the case through the public API (not the user's to fix). */
export const untestable = (message: string | undefined): boolean => !!message && UNSUPPORTED.test(message);
