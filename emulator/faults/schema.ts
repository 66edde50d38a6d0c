// Response faults: documented fields missing, of the wrong JSON type or outside their values, and a
// wrong content type: the decision is right, what the client reads is not.
import type { Fault, FaultResponse } from './types.ts';
import { objectBody } from './responses.ts';

/** Rewrites the 2xx JSON body of one operation. */
const onBody = (opIds: readonly string[], rewrite: (body: Record<string, unknown>) => Record<string, unknown>) => (res: FaultResponse, req: { op: { id: string } }): FaultResponse => {
  const body = objectBody(res);
  return body && res.status < 300 && opIds.includes(req.op.id) ? { ...res, body: rewrite(body) } : res;
};

const lowerStatus = (item: unknown) => (item && typeof item === 'object' && typeof (item as { status?: unknown }).status === 'string' ? { ...item, status: (item as { status: string }).status.toLowerCase() } : item);

export const schemaFaults: Fault[] = [
  {
    id: 'schema.instance-status-missing',
    family: 'schema',
    rule: 'instance-states.statuses',
    breaks: 'ShowInstance answers the instance details without the status field.',
    install(h) {
      h.onResponse(onBody(['ShowInstance'], ({ status: _dropped, ...rest }) => rest));
    },
  },
  {
    id: 'schema.status-outside-enum',
    family: 'schema',
    rule: 'instance-states.statuses',
    breaks: 'ShowInstance and ListInstances report instance statuses in lower case ("running"), values the DCS Instance Statuses list does not have.',
    install(h) {
      h.onResponse(onBody(['ShowInstance'], lowerStatus as (b: Record<string, unknown>) => Record<string, unknown>));
      h.onResponse(onBody(['ListInstances'], (b) => (Array.isArray(b.instances) ? { ...b, instances: b.instances.map(lowerStatus) } : b)));
    },
  },
  {
    id: 'schema.instances-list-missing',
    family: 'schema',
    rule: 'instance-states.list-filters',
    breaks: 'ListInstances answers instance_num without the instances array.',
    install(h) {
      h.onResponse(onBody(['ListInstances'], ({ instances: _dropped, ...rest }) => rest));
    },
  },
  {
    id: 'schema.retry-count-as-number',
    family: 'schema',
    rule: 'instance-states.password-lockout',
    breaks: 'UpdatePassword answers retry_times_left (the lockout counter) as a JSON number where the reference types it String.',
    install(h) {
      h.onResponse(onBody(['UpdatePassword'], (b) => (b.retry_times_left === undefined ? b : { ...b, retry_times_left: Number(b.retry_times_left) })));
    },
  },
  {
    id: 'schema.password-result-outside-enum',
    family: 'schema',
    rule: 'instance-states.password-lockout',
    breaks: 'UpdatePassword answers result in upper case ("SUCCESS", "LOCKED"), values outside the documented enum.',
    install(h) {
      h.onResponse(onBody(['UpdatePassword'], (b) => (typeof b.result === 'string' ? { ...b, result: b.result.toUpperCase() } : b)));
    },
  },
  {
    id: 'schema.auth-error-as-text',
    family: 'schema',
    rule: 'auth.invalid-token',
    alsoBreaks: ['auth.no-credentials', 'auth.token-expired', 'auth.project-mismatch'],
    breaks: 'Authentication refusals (the 401 answers) carry their JSON error body labelled text/plain, as some gateways do.',
    install(h) {
      const { errors, rules } = h.spec;
      const unauthorized = errors.require(rules.protocol('auth.invalid-token').errorCode).status;
      h.onResponse((res) => (res.status === unauthorized ? { ...res, headers: { ...res.headers, 'content-type': 'text/plain;charset=utf-8' } } : res));
    },
  },
];
