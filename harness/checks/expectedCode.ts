// The error code the suite expects; any code of the same meaning conforms (erratum error-code-families).
import { isStatusTableInstanceNotFound, UNDOCUMENTED_404 } from './errata.ts';
import type { Check } from './types.ts';

export const expectedCode: Check = {
  id: 'expected-code',
  description: 'The error_code is an expected code or one of the same meaning.',
  run(ctx) {
    const codes = ctx.expect?.codes;
    if (!codes?.length) return [];
    const acceptable = [...new Set(codes.flatMap((c) => ctx.spec.errors.equivalents(c)))];
    if (ctx.errorCode !== undefined && acceptable.includes(ctx.errorCode)) return [];
    const message = `expected error_code ${acceptable.join(' or ')}, got ${ctx.errorCode ?? 'none'} (status ${ctx.status})`;
    if (isStatusTableInstanceNotFound(ctx)) return [ctx.finding('note', `${message}; accepted in ${ctx.mode} mode`, { rule: UNDOCUMENTED_404 })];
    return [ctx.finding('failure', message, { path: '/error_code', ...(ctx.expect?.rule ? { rule: ctx.expect.rule } : {}) })];
  },
};
