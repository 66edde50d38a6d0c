// The body must validate against the schema documented for this status (compiled once by spec/).
import type { Check } from './types.ts';

function describeParams(params: Record<string, unknown>): string {
  return Array.isArray(params.allowedValues) ? ` (allowed: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
}

export const schema: Check = {
  id: 'schema',
  description: 'The body is valid against the response schema documented for the status.',
  run(ctx) {
    const hasSchema = !!ctx.operation.responses.get(ctx.status)?.schema;
    if (!hasSchema) return [];
    if (!ctx.isJson) {
      return [ctx.finding('failure', ctx.text.trim() ? `a JSON body is documented for status ${ctx.status} but the body is not JSON` : `a JSON body is documented for status ${ctx.status} but the body is empty`)];
    }
    const result = ctx.spec.validateResponse(ctx.operation.id, ctx.status, ctx.body);
    return (result?.errors ?? []).map((e) => {
      const path = e.params && typeof (e.params as { missingProperty?: unknown }).missingProperty === 'string' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath;
      return ctx.finding('failure', `${e.instancePath || '/'} ${e.message ?? e.keyword}${describeParams(e.params as Record<string, unknown>)}`, { path: path || '/' });
    });
  },
};
