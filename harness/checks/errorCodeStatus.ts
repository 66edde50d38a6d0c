// A catalog code has one HTTP status; answering it with another status misleads clients that switch
// on the status. Erratum project-token-mismatch-status lets lenient mode accept its 400 reading.
import { isProjectMismatchStatusExcused, PROJECT_TOKEN_MISMATCH } from './errata.ts';
import type { Check } from './types.ts';

export const errorCodeStatus: Check = {
  id: 'error-code-status',
  description: 'The HTTP status equals the catalog status of the error_code.',
  run(ctx) {
    const entry = ctx.errorCode === undefined ? undefined : ctx.spec.errors.get(ctx.errorCode);
    if (!entry || entry.status === ctx.status) return [];
    const message = `error_code ${entry.code} has status ${entry.status} in the catalog, but the response status is ${ctx.status}`;
    if (isProjectMismatchStatusExcused(ctx)) return [ctx.finding('note', `${message} (accepted in ${ctx.mode} mode)`, { rule: PROJECT_TOKEN_MISMATCH, path: '/error_code' })];
    return [ctx.finding('failure', message, { path: '/error_code' })];
  },
};
