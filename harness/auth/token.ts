// Token authentication (reference 3.2): the IAM token travels in X-Auth-Token.
import { InvalidArgumentError } from '../errors.ts';
import type { AuthProvider } from './types.ts';

export function tokenAuth(token: string): AuthProvider {
  if (!token) throw new InvalidArgumentError('tokenAuth needs a non-empty token. Fix: pass the IAM token (X-Subject-Token of the IAM token API).');
  return { kind: 'token', authorize: () => ({ 'x-auth-token': token }), secrets: [{ value: token, env: 'DCS_TOKEN' }] };
}
