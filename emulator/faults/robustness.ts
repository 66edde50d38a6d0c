// Robustness faults: bad input must be the client's error (4xx), never a 5xx; paging must not lose
// records.
import type { Fault } from './types.ts';
import { answers, answerWith } from './responses.ts';

// The client's error answered as the server's: the rule's own 4xx becomes the internal-error 500.
const as500 = (id: string, rule: string, breaks: string): Fault => ({
  id,
  family: 'robustness',
  rule,
  alsoBreaks: ['server.internal'],
  breaks,
  install(h) {
    const { errors, rules } = h.spec;
    h.onResponse((res) => (answers(errors, res, rules.protocol(rule).errorCode) ? answerWith(errors, res, rules.protocol('server.internal').errorCode) : res));
  },
});

export const robustnessFaults: Fault[] = [
  as500('robustness.malformed-json-500', 'request.malformed-json', 'A body that is not JSON is answered 500 with the internal-error code, as if the parser had crashed.'),
  as500('robustness.empty-body-500', 'request.empty-body', 'A required body sent empty is answered 500 with the internal-error code.'),
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
