// A documented JSON body (and every error body, which base.json documents for all 4xx/5xx) must be
// labelled application/json; clients choose their parser by it.
import type { Check } from './types.ts';

export function mediaType(header: string | undefined): string | undefined {
  // A target sends the same Content-Type on nearly every answer: the last one is kept, not split again.
  if (header !== lastHeader) {
    lastHeader = header;
    lastType = header?.split(';')[0]?.trim().toLowerCase() || undefined;
  }
  return lastType;
}
let lastHeader: string | undefined;
let lastType: string | undefined;

export const contentType: Check = {
  id: 'content-type',
  description: 'A response with a documented JSON body has Content-Type application/json.',
  run(ctx) {
    const documented = !!ctx.operation.responses.get(ctx.status)?.schema || ctx.status >= 400;
    if (!documented || !/\S/.test(ctx.text)) return [];
    const type = mediaType(ctx.headers['content-type']);
    if (type === 'application/json') return [];
    return [ctx.finding('failure', type ? `Content-Type is ${type}, expected application/json` : 'the body has no Content-Type, expected application/json')];
  },
};
