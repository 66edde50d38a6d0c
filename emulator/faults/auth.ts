// Auth faults: X-Auth-Token / AK/SK authentication (reference 3.2, appendix 6.2).
import type { Fault } from './types.ts';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const authFaults: Fault[] = [
  {
    id: 'auth.token-not-checked',
    family: 'auth',
    rule: 'auth.invalid-token',
    alsoBreaks: ['auth.no-credentials'],
    breaks: 'A request whose X-Auth-Token is missing or unknown is served as the first (admin) user instead of 401.',
    install(h) {
      h.onRequest(({ headers, config }) => {
        const token = first(headers['x-auth-token']);
        if (token !== undefined && config.users.some((u) => u.token === token)) return headers;
        // AK/SK requests are still judged by their signature.
        if (token === undefined && headers.authorization !== undefined) return headers;
        return { ...headers, 'x-auth-token': config.users[0]!.token };
      });
    },
  },
];
