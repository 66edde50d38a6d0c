// Robustness faults: bad input must be the client's error (4xx), never a 5xx; paging must not lose
// records.
import type { Fault } from './types.ts';
import { answers, answerWith } from './responses.ts';

export const robustnessFaults: Fault[] = [
  {
    id: 'robustness.malformed-json-500',
    family: 'robustness',
    rule: 'request.malformed-json',
    alsoBreaks: ['server.internal'],
    breaks: 'A body that is not JSON is answered 500 with the internal-error code, as if the parser had crashed.',
    install(h) {
      const { errors, rules } = h.spec;
      h.onResponse((res) => (answers(errors, res, rules.protocol('request.malformed-json').errorCode) ? answerWith(errors, res, rules.protocol('server.internal').errorCode) : res));
    },
  },
  {
    id: 'robustness.empty-body-500',
    family: 'robustness',
    rule: 'request.empty-body',
    alsoBreaks: ['server.internal'],
    breaks: 'A required body sent empty is answered 500 with the internal-error code.',
    install(h) {
      const { errors, rules } = h.spec;
      h.onResponse((res) => (answers(errors, res, rules.protocol('request.empty-body').errorCode) ? answerWith(errors, res, rules.protocol('server.internal').errorCode) : res));
    },
  },
  {
    id: 'robustness.pagination-skips-one',
    family: 'robustness',
    rule: 'instance-states.list-filters',
    breaks: 'ListInstances pages from one past the offset asked for: every page after the first skips a record.',
    install(h) {
      h.wrapHandler('ListInstances', (inner) => (ctx) => {
        const offset = (ctx.query as { offset?: number }).offset;
        return typeof offset === 'number' && offset > 0 ? inner({ ...ctx, query: { ...ctx.query, offset: offset + 1 } }) : inner(ctx);
      });
    },
  },
];
