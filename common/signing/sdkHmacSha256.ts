// SDK-HMAC-SHA256, the AK/SK request signature of Huawei Cloud (see shared/notes/aksk-signing.md).
// One canonicalisation serves both sides: the harness signs with it and the emulator verifies with
// it, rebuilding the canonical request from exactly the headers the client says it signed.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 unreserved characters stay literal; every other UTF-8 byte becomes %XX (upper case). */
export function escape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Escapes each segment of the decoded path and always ends with "/". */
export function canonicalUri(path: string): string {
  const joined = path.split('/').map(escape).join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

export type QueryInput = Iterable<[string, string]>;

export function canonicalQuery(query: QueryInput): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of query) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  return [...byKey.keys()]
    .sort()
    .flatMap((k) => byKey.get(k)!.toSorted().map((v) => `${escape(k)}=${escape(v)}`))
    .join('&');
}

/** Go SDK rule: every header except content-type* and names containing "_", lower-cased, sorted. */
export function defaultSignedHeaders(headers: Record<string, string | string[]>): string[] {
  return Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !h.startsWith('content-type') && !h.includes('_'))
    .sort();
}

export interface CanonicalInput {
  method: string;
  /** Decoded path, without the query. */
  path: string;
  query: QueryInput;
  /** Header names in any case; values as received. */
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  body: Uint8Array | string;
}

/** The header a client may put its own payload hash in (the SDK's UNSIGNED-PAYLOAD marker, or a precomputed hash). */
export const CONTENT_SHA256 = 'x-sdk-content-sha256';
/** The value that says the body is not signed (Go SDK step 1: only for bodies that are neither JSON nor BSON). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Lower-case hex SHA-256 of the exact body bytes. */
export function bodySha256(body: Uint8Array | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return bytes.length ? createHash('sha256').update(bytes).digest('hex') : EMPTY_SHA256;
}

/**
 * The payload hash a signature covers: X-Sdk-Content-Sha256 when that header is itself signed, else
 * the hash of the body bytes. An unsigned header never stands in for the body: anyone on the path
 * could change the body and send the old hash beside it.
 */
export function payloadHash(headers: CanonicalInput['headers'], body: Uint8Array | string, signedHeaders: readonly string[]): string {
  const declared = signedHeaders.includes(CONTENT_SHA256) ? headerValues(headers, CONTENT_SHA256)[0] : undefined;
  return declared || bodySha256(body);
}

/**
 * For a verifier: why a signed X-Sdk-Content-Sha256 does not vouch for the bytes received, or
 * undefined when it does (or is not signed, so that the body's own hash is what was signed). It must
 * be the body's hash, or UNSIGNED-PAYLOAD where the SDK sends that: a body that is neither JSON nor BSON.
 */
export function payloadHashMismatch(headers: CanonicalInput['headers'], body: Uint8Array | string, signedHeaders: readonly string[]): string | undefined {
  if (!signedHeaders.includes(CONTENT_SHA256)) return undefined;
  const declared = headerValues(headers, CONTENT_SHA256)[0] ?? '';
  if (declared === UNSIGNED_PAYLOAD) {
    const type = headerValues(headers, 'content-type')[0]?.toLowerCase();
    const unsignable = type !== undefined && !type.includes('application/json') && !type.includes('application/bson');
    return unsignable ? undefined : `${CONTENT_SHA256}: ${UNSIGNED_PAYLOAD} with content type ${type ?? '(none)'}: only bodies that are neither JSON nor BSON may go unsigned`;
  }
  return declared.toLowerCase() === bodySha256(body) ? undefined : `${CONTENT_SHA256} is not the SHA-256 of the body received`;
}

function headerValues(headers: CanonicalInput['headers'], name: string): string[] {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return [v].flat();
  return [];
}

export function canonicalRequest(input: CanonicalInput): string {
  const canonicalHeaders = input.signedHeaders.map((h) => headerValues(input.headers, h).toSorted().map((v) => `${h}:${v.trim()}`).join('\n')).join('\n');
  return [input.method.toUpperCase(), canonicalUri(input.path), canonicalQuery(input.query), `${canonicalHeaders}\n`, input.signedHeaders.join(';'), payloadHash(input.headers, input.body, input.signedHeaders)].join('\n');
}

export function stringToSign(canonical: string, sdkDate: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${createHash('sha256').update(canonical).digest('hex')}`;
}

export function signature(sk: string, toSign: string): string {
  return createHmac('sha256', sk).update(toSign).digest('hex');
}

export function authorizationHeader(ak: string, signedHeaders: string[], sig: string): string {
  return `${ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
}

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const m = value && /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(value);
  return m ? { access: m[1]!, signedHeaders: m[2]!.split(';').map((h) => h.toLowerCase()), signature: m[3]!.toLowerCase() } : undefined;
}

/** "20060102T150405Z" -> epoch ms, or undefined when malformed. */
export function parseSdkDate(value: string | undefined): number | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : t;
}

export function formatSdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
