// An error answer must carry an error_code from the catalog (appendix 6.2): clients branch on it.
import type { Check } from './types.ts';

export const errorCodeKnown: Check = {
  id: 'error-code-known',
  description: 'An error response carries an error_code that is in the error-code catalog.',
  run(ctx) {
    if (ctx.status < 400) return [];
    if (ctx.errorCode === undefined) {
      // Where a schema is documented, the schema check already reports the missing required field.
      if (ctx.operation.responses.get(ctx.status)?.schema) return [];
      return [ctx.finding('failure', `error response (status ${ctx.status}) has no error_code`, { path: '/error_code' })];
    }
    if (ctx.spec.errors.get(ctx.errorCode)) return [];
    return [ctx.finding('failure', `error_code ${ctx.errorCode} is not in the error-code catalog (appendix 6.2)`, { path: '/error_code' })];
  },
};
