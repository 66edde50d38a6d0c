// AK/SK authentication: SDK-HMAC-SHA256 over the exact request, as the Huawei Cloud Go SDK signs it
// (every header except content-type* and names with "_"), built on the primitives of sdkHmacSha256.ts.
import { InvalidArgumentError } from '../errors.ts';
import type { AuthProvider, SignableRequest } from './types.ts';
import { authorizationHeader, canonicalRequest, defaultSignedHeaders, formatSdkDate, signature, stringToSign } from '../../common/signing/sdkHmacSha256.ts';

export interface AkSkCredentials {
  ak: string;
  sk: string;
  /** Temporary credentials: sent (and signed) as X-Security-Token. */
  securityToken?: string;
}

export interface SignedParts {
  headers: Record<string, string>;
  canonical: string;
  signedHeaders: string[];
}

/** Signs one request at `nowMs`; returns the headers to add and the canonical request (for debugging). */
export function signRequest(creds: AkSkCredentials, req: SignableRequest, nowMs: number): SignedParts {
  const sdkDate = formatSdkDate(nowMs);
  const added: Record<string, string> = { 'x-sdk-date': sdkDate, ...(creds.securityToken ? { 'x-security-token': creds.securityToken } : {}) };
  const headers = { ...req.headers, ...added };
  // A caller-supplied Authorization (security tests) is replaced, never signed.
  const signedHeaders = defaultSignedHeaders(headers).filter((h) => h !== 'authorization');
  const canonical = canonicalRequest({
    method: req.method,
    // Sign the decoded path and query, as the verifier sees them after parsing.
    path: decodeURIComponent(req.url.pathname),
    query: req.url.searchParams.entries(),
    headers,
    signedHeaders,
    body: req.body,
  });
  const sig = signature(creds.sk, stringToSign(canonical, sdkDate));
  return { headers: { ...added, authorization: authorizationHeader(creds.ak, signedHeaders, sig) }, canonical, signedHeaders };
}

export function akskAuth(creds: AkSkCredentials): AuthProvider {
  if (!creds.ak || !creds.sk) throw new InvalidArgumentError('akskAuth needs a non-empty ak and sk. Fix: pass both keys of the access key pair.');
  return {
    kind: 'aksk',
    authorize: (req, nowMs) => signRequest(creds, req, nowMs).headers,
    // The placeholders are the variables config/env.ts reads the same credentials from.
    secrets: [{ value: creds.ak, env: 'DCS_AK' }, { value: creds.sk, env: 'DCS_SK' }, ...(creds.securityToken ? [{ value: creds.securityToken, env: 'DCS_SECURITY_TOKEN' }] : [])],
  };
}
