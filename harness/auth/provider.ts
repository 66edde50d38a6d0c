// How a request proves who sends it. The transport calls authorize() once per attempt, after the
// exact bytes are fixed, so every retry or replay carries fresh credentials (a new X-Sdk-Date).
import { InvalidArgumentError } from '../errors.ts';
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
  /** Values that must never appear in any output; the maskers learn them from here. */
  readonly secrets: readonly string[];
}

export const noAuth: AuthProvider = { kind: 'none', authorize: () => ({}), secrets: [] };

export type Credentials = { token: string } | AkSkCredentials;

export function authFromCredentials(c: Credentials): AuthProvider {
  if ('token' in c) return tokenAuth(c.token);
  if ('ak' in c) return akskAuth(c);
  throw new InvalidArgumentError('credentials need either { token } or { ak, sk }. Fix: pass one of the two shapes.');
}
