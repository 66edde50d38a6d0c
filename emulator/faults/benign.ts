// Benign variations: what a conforming client must tolerate, so the suite must NOT flag them (a
// suite that fails on one of these is too strict). None changes a decision, a status, a documented
// field or the meaning of a code.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault, FaultResponse } from './types.ts';
import { objectBody } from './responses.ts';

/** A field no response schema of the spec documents (clients ignore unknown fields). */
const EXTRA_FIELD = 'x_emulator_extension';
/** Delay per served request, ms: a slow but healthy server. */
export const LATENCY_MS = 20;

const withExtra = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [EXTRA_FIELD]: { note: 'benign' } } : v);

/** The same JSON value with every object's keys in reverse order (arrays keep theirs). */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}

const benign = (f: Omit<Fault, 'family' | 'rule' | 'benign'>): Fault => ({ ...f, family: 'benign', rule: 'none', benign: true });

export const benignFaults: Fault[] = [
  benign({
    id: 'benign.unknown-fields',
    breaks: 'Every JSON object answered (the body, and the objects of its top-level arrays) carries an extra field no schema documents.',
    install(h) {
      h.onResponse((res) => {
        const body = objectBody(res);
        if (!body) return res;
        const nested = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.map(withExtra) : v]));
        return { ...res, body: withExtra(nested) };
      });
    },
  }),
  benign({
    id: 'benign.reordered-keys',
    breaks: 'Every JSON object answered has its keys in reverse order.',
    install(h) {
      h.onResponse((res) => (res.body === undefined ? res : { ...res, body: reversedKeys(res.body) }));
    },
  }),
  benign({
    id: 'benign.extra-headers',
    breaks: 'Every answer carries extra response headers (a request id, cache control, a vendor header).',
    install(h) {
      let n = 0;
      h.onResponse((res): FaultResponse => ({ ...res, headers: { ...res.headers, 'x-request-id': `req-${++n}`, 'cache-control': 'no-store', 'x-emulator-extension': 'benign' } }));
    },
  }),
  benign({
    id: 'benign.latency',
    breaks: `Every request an operation handler serves waits ${LATENCY_MS} ms first.`,
    latencyMs: LATENCY_MS,
    install(h) {
      for (const op of h.spec.operations) {
        h.wrapHandler(op.id, (inner) => async (ctx) => {
          await sleep(LATENCY_MS);
          return inner(ctx);
        });
      }
    },
  }),
  benign({
    id: 'benign.numeric-twin-codes',
    breaks: 'Errors answer the numeric twin of their DCS.xxxx code (same status and meaning, the other code family).',
    install(h) {
      const { errors } = h.spec;
      h.onResponse((res) => {
        const body = objectBody(res);
        const twin = typeof body?.error_code === 'string' ? errors.get(body.error_code)?.twin : undefined;
        return body && twin ? { ...res, body: { ...body, error_code: twin } } : res;
      });
    },
  }),
  benign({
    id: 'benign.content-type-parameters',
    breaks: 'JSON answers are labelled "application/json; charset=UTF-8" (other spacing and case of the same media type).',
    install(h) {
      h.onResponse((res) => (res.headers['content-type'] ? { ...res, headers: { ...res.headers, 'content-type': 'application/json; charset=UTF-8' } } : res));
    },
  }),
];
