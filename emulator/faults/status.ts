// Status faults: the right decision answered with the wrong HTTP status or an error code of another
// meaning. (A code's twin in the other family is the same meaning: that is benign, see benign.ts.)
import type { Fault } from './types.ts';
import { answers, answerWith } from './responses.ts';
import { EmulatorSpecMismatchError } from '../core/errors.ts';

export const statusFaults: Fault[] = [
  {
    id: 'status.rule-breach-500',
    family: 'status',
    rule: 'name.instance',
    alsoBreaks: ['server.internal'],
    breaks: 'A breach of the instance name rule is answered 500 with the internal-error code instead of its 400 and the rule\'s code.',
    install(h) {
      const { errors, rules } = h.spec;
      h.onResponse((res) => (answers(errors, res, rules.name.instance.errorCode) ? answerWith(errors, res, rules.protocol('server.internal').errorCode) : res));
    },
  },
  {
    id: 'status.ok-instead-of-no-content',
    family: 'status',
    rule: 'whitelist',
    breaks: 'UpdateIpWhitelist answers a successful change with 200 (no body) instead of its documented 204.',
    install(h) {
      const op = h.spec.operation('UpdateIpWhitelist');
      // The one status the operation documents for a success without a body.
      const noContent = [...op.responses.values()].find((r) => r.status < 300 && !r.schema)?.status;
      h.onResponse((res, req) => (req.op.id === op.id && res.status === noContent ? { ...res, status: 200 } : res));
    },
  },
  {
    id: 'status.code-of-another-meaning',
    family: 'status',
    rule: 'maintenance-window',
    breaks: 'A breach of the maintenance-window rule is answered with the right status but a catalog code of another meaning.',
    install(h) {
      const { errors, rules } = h.spec;
      const own = errors.require(rules.maintenanceWindow.errorCode);
      // The first catalog code of the same status whose meaning differs: plausible, and wrong.
      const other = errors.codes.find((c) => c.status === own.status && !errors.sameMeaning(c.code, own.code));
      if (!other) throw new EmulatorSpecMismatchError(`the catalog has no other code with status ${own.status}`);
      h.onResponse((res) => (answers(errors, res, own.code) ? answerWith(errors, res, other.code) : res));
    },
  },
  {
    id: 'status.not-found-as-bad-request',
    family: 'status',
    rule: 'resource.instance-not-found',
    breaks: 'An instance ID that names nothing is answered 400 with the generic invalid-parameter code instead of 404 and the instance-not-found code.',
    install(h) {
      const { errors, rules } = h.spec;
      h.onResponse((res) => (answers(errors, res, rules.protocol('resource.instance-not-found').errorCode) ? answerWith(errors, res, rules.protocol('request.invalid-parameter').errorCode, 'instance_id') : res));
    },
  },
];
