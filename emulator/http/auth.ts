// Authentication as a cloud endpoint does it: X-Auth-Token, or an SDK-HMAC-SHA256 signature rebuilt
// from exactly the headers the client lists as signed (clients differ; see aksk-signing notes), over
// the body bytes received (an X-Sdk-Content-Sha256 counts only when signed, and must be true).
import { canonicalRequest, parseAuthorization, parseSdkDate, payloadHashMismatch, signature, signaturesEqual, stringToSign } from '../../common/signing/sdkHmacSha256.ts';
import type { EmulatorConfig, EmulatorUser } from '../core/config.ts';
import { ApiError } from '../core/errors.ts';
import type { RuleSet } from '../../spec/index.ts';

export interface IncomingRequest {
  method: string;
  /** Decoded path without query. */
  path: string;
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface AuthResult {
  user: EmulatorUser;
  via: 'token' | 'aksk';
}

const header = (req: Pick<IncomingRequest, 'headers'>, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `received` is asked for only when a signature is checked: a token needs the headers alone. */
export function authenticate(headers: IncomingRequest['headers'], received: () => Omit<IncomingRequest, 'headers'>, config: EmulatorConfig, rules: RuleSet, wallNow: number): AuthResult {
  const code = (id: string) => rules.protocol(id).errorCode;
  const token = header({ headers }, 'x-auth-token');
  if (token !== undefined) {
    const user = config.users.find((u) => u.token === token);
    if (!user) throw new ApiError(code('auth.invalid-token'));
    return { user, via: 'token' };
  }
  const req: IncomingRequest = { ...received(), headers };
  const authz = header(req, 'authorization');
  if (authz === undefined) throw new ApiError(code('auth.no-credentials'));
  const parsed = parseAuthorization(authz);
  if (!parsed || !parsed.signedHeaders.includes('x-sdk-date')) throw new ApiError(code('auth.invalid-token'));
  const user = config.users.find((u) => u.ak === parsed.access);
  if (!user) throw new ApiError(code('auth.invalid-token'));
  const sdkDate = header(req, 'x-sdk-date');
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) throw new ApiError(code('auth.invalid-token'));
  if (Math.abs(wallNow - signedAt) > config.sdkDateSkewMinutes * 60_000) throw new ApiError(code('auth.token-expired'));
  for (const h of parsed.signedHeaders) if (header(req, h) === undefined) throw new ApiError(code('auth.invalid-token'));
  // The body is authenticated by its own hash, or by a signed X-Sdk-Content-Sha256 that tells the truth about it.
  if (payloadHashMismatch(req.headers, req.body, parsed.signedHeaders)) throw new ApiError(code('auth.invalid-token'));
  const canonical = canonicalRequest({ method: req.method, path: req.path, query: req.query, headers: req.headers, signedHeaders: parsed.signedHeaders, body: req.body });
  const expected = signature(user.sk, stringToSign(canonical, sdkDate!));
  if (!signaturesEqual(expected, parsed.signature)) throw new ApiError(code('auth.invalid-token'));
  return { user, via: 'aksk' };
}
