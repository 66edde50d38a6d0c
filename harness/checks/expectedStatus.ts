// The status the suite expects for the request it sent, with the errata that widen it by mode.
import { expectedStatuses, isProjectMismatchStatusExcused, isStatusTableInstanceNotFound, PROJECT_TOKEN_MISMATCH, UNDOCUMENTED_404 } from './errata.ts';
import type { Check } from './types.ts';

export const expectedStatus: Check = {
  id: 'expected-status',
  description: 'The status is one the expectation lists (errata resolutions applied by mode).',
  run(ctx) {
    const statuses = expectedStatuses(ctx.expect);
    if (!statuses || statuses.includes(ctx.status)) return [];
    const message = `expected status ${statuses.join(' or ')}, got ${ctx.status}${ctx.errorCode ? ` (${ctx.errorCode})` : ''}`;
    if (isStatusTableInstanceNotFound(ctx)) return [ctx.finding('note', `${message}; accepted in ${ctx.mode} mode`, { rule: UNDOCUMENTED_404 })];
    if (isProjectMismatchStatusExcused(ctx)) return [ctx.finding('note', `${message}; accepted in ${ctx.mode} mode`, { rule: PROJECT_TOKEN_MISMATCH })];
    return [ctx.finding('failure', message, ctx.expect?.rule ? { rule: ctx.expect.rule } : {})];
  },
};
