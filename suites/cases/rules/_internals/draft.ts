// A rule case as its family writes it (Draft), and the contract case it becomes (ruleCase).
import type { Spec } from '../../../../spec/index.ts';
import type { Case, SuiteContext } from '../../../engine/types.ts';
import { caseFor } from '../../common.ts';
import { refusal } from './refusals.ts';

export interface Draft {
  op: string;
  rule: string;
  /** Statuses of `op` the case expects besides the rule's refusal status. */
  also?: number[];
  /** Statuses instead of the refusal (positive rules). */
  statuses?: number[];
  destructive?: boolean;
  /** Gets the draft's own rule id, so it is written once. */
  run(ctx: SuiteContext, rule: string): Promise<void>;
}

export function ruleCase(spec: Spec, d: Draft): Case {
  return caseFor(spec.operation(d.op), {
    suite: 'contract',
    check: 'rule',
    qualifier: d.rule,
    rules: [d.rule],
    breaks: [d.rule],
    statuses: d.statuses ?? [...new Set([refusal(spec, d.rule).status, ...(d.also ?? [])])],
    profile: 'full',
    destructive: d.destructive ?? true,
    run: (ctx) => d.run(ctx, d.rule),
  });
}
