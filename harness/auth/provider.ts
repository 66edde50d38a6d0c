// How a request proves who sends it. The transport calls authorize() once per attempt, after the
// exact bytes are fixed, so every retry or replay carries fresh credentials (a new X-Sdk-Date).
import { InvalidArgumentError } from '../errors.ts';
import type { Secret, SecretInput } from '../repro/mask.ts';
import { akskAuth, type AkSkCredentials } from './aksk.ts';
import { tokenAuth } from './token.ts';

export interface SignableRequest {
  method: string;
  url: URL;
  /** Lower-case names, exactly as they will be sent (host included). */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent. */
  body: Uint8Array;
}

export interface AuthProvider {
  readonly kind: 'token' | 'aksk' | 'none';
  /** Headers (lower-case names) to add to this attempt. */
  authorize(req: SignableRequest, nowMs: number): Record<string, string>;
  /** Values that must never appear in any output; the maskers learn them from here (with the environment variable a reproduction reads each from). */
  readonly secrets: readonly SecretInput[];
}

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
