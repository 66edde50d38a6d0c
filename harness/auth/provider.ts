// How a request proves who sends it. The transport calls authorize() once per attempt, after the
// exact bytes are fixed, so every retry or replay carries fresh credentials (a new X-Sdk-Date).
import { InvalidArgumentError } from '../errors.ts';
import { akskAuth, type AkSkCredentials } from './aksk.ts';
import { tokenAuth } from './token.ts';
import type { AuthProvider, Secret, SecretInput } from './types.ts';

export const noAuth: AuthProvider = { kind: 'none', authorize: () => ({}), secrets: [] };

export type Credentials = { token: string } | AkSkCredentials;

/**
 * Credentials of a principal: `role` names it in the placeholders of reproductions (the readonly
 * user's token is $DCS_READONLY_TOKEN; without a role, the run's own: $DCS_TOKEN, $DCS_AK, $DCS_SK).
 */
export function authFromCredentials(c: Credentials, role?: string): AuthProvider {
  const auth = 'token' in c ? tokenAuth(c.token) : 'ak' in c ? akskAuth(c) : undefined;
  if (!auth) throw new InvalidArgumentError('credentials need either { token } or { ak, sk }. Fix: pass one of the two shapes.');
  return role ? { ...auth, secrets: auth.secrets.map((s) => principalSecret(s, role)) } : auth;
}

/** DCS_TOKEN of a principal named `role` is DCS_<ROLE>_TOKEN. */
function principalSecret(s: SecretInput, role: string): SecretInput {
  if (typeof s !== 'object' || !s.env?.startsWith('DCS_')) return s;
  return { value: s.value, env: `DCS_${role.toUpperCase().replace(/\W/g, '_')}_${s.env.slice(4)}` } satisfies Secret;
}
