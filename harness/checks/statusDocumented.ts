// The status must be one the operation documents (its "Status Codes" table), except a 404 for a
// missing instance (erratum undocumented-404), which every {instance_id} operation may answer.
import { expectedStatuses, isCatalogInstanceNotFound, UNDOCUMENTED_404 } from './errata.ts';
import type { Check } from './types.ts';

export const statusDocumented: Check = {
  id: 'status-documented',
  description: 'The HTTP status is in the operation\'s documented status codes.',
  run(ctx) {
    if (ctx.operation.responses.has(ctx.status) || isCatalogInstanceNotFound(ctx)) return [];
    const documented = [...ctx.operation.responses.keys()].join(', ');
    if (expectedStatuses(ctx.expect)?.includes(ctx.status)) {
      // The suite's rule names this status (a catalog code's status); the operation's table omits it.
      return [ctx.finding('note', `status ${ctx.status} is expected by the rule but not documented for this operation (documented: ${documented})`, ctx.expect?.rule ? { rule: ctx.expect.rule } : {})];
    }
    return [ctx.finding('failure', `status ${ctx.status} is not documented for this operation (documented: ${documented}${ctx.status === 404 ? `; a 404 is excused only with the instance-not-found code on an {instance_id} operation, erratum ${UNDOCUMENTED_404}` : ''})`)];
  },
};
