// What a run lacks when it skips a case that a richer setup would run: a flag, a second identity, an
// AK/SK pair. Each need has the one phrase its skip messages carry (`fix`) and what the user adds
// (`add`, `label` in one line); a verdict groups the skipped cases by need, so an INCOMPLETE run says what completes it.
// A new way of skipping for want of something the user can give is one row here, used where it skips.

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

