// Server-side SDK-HMAC-SHA256 verification for tests, from the primitives the emulator also uses.
import { canonicalRequest, parseAuthorization, payloadHashMismatch, signature, signaturesEqual, stringToSign } from '../../common/signing/sdkHmacSha256.ts';
import type { Recorded } from './server.ts';

export function verifyAkSk(req: Recorded, sk: string): { ok: boolean; reason?: string; signedHeaders?: string[] } {
  const header = (n: string) => [req.headers[n]].flat()[0];
  const parsed = parseAuthorization(header('authorization'));
  if (!parsed) return { ok: false, reason: 'no SDK-HMAC-SHA256 Authorization' };
  const date = header('x-sdk-date');
  if (!date || !parsed.signedHeaders.includes('x-sdk-date')) return { ok: false, reason: 'x-sdk-date missing or unsigned' };
  const mismatch = payloadHashMismatch(req.headers, req.body, parsed.signedHeaders);
  if (mismatch) return { ok: false, reason: mismatch };
  const url = new URL(req.url, 'http://placeholder');
  const canonical = canonicalRequest({
    method: req.method,
    path: decodeURIComponent(url.pathname),
    query: url.searchParams.entries(),
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    body: req.body,
  });
  const ok = signaturesEqual(signature(sk, stringToSign(canonical, date)), parsed.signature);
  return ok ? { ok, signedHeaders: parsed.signedHeaders } : { ok, reason: 'signature mismatch' };
}
