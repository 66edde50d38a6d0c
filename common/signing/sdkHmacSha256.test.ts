// Public vectors from the Go SDK signer tests (shared/notes/aksk-signing.md) and tamper checks.
import { describe, expect, test } from 'vitest';
import { authorizationHeader, bodySha256, canonicalQuery, canonicalRequest, canonicalUri, CONTENT_SHA256, defaultSignedHeaders, formatSdkDate, parseAuthorization, parseSdkDate, payloadHash, payloadHashMismatch, signature, stringToSign, UNSIGNED_PAYLOAD, type CanonicalInput } from './sdkHmacSha256.ts';

const SK = 'SecretKey';
const date = '20060102T150405Z';
const headers = { 'X-Sdk-Date': date, TEST_UNDERSCORE: 'TEST_VALUE' };

function sign(input: Omit<CanonicalInput, 'signedHeaders'>) {
  const signedHeaders = defaultSignedHeaders(input.headers as Record<string, string>);
  const cr = canonicalRequest({ ...input, signedHeaders });
  return { cr, sts: stringToSign(cr, date), header: authorizationHeader('AccessKey', signedHeaders, signature(SK, stringToSign(cr, date))) };
}

describe('SDK-HMAC-SHA256 vectors', () => {
  test('GET /path?limit=1', () => {
    const s = sign({ method: 'GET', path: '/path', query: [['limit', '1']], headers, body: '' });
    expect(s.cr).toBe('GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(s.sts).toBe('SDK-HMAC-SHA256\n20060102T150405Z\n85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4');
    expect(s.header).toBe('SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
  });

  test('POST /path?key=value with a JSON body ending in a newline', () => {
    const body = '{"Name":"test","Id":1}\n';
    const s = sign({ method: 'POST', path: '/path', query: [['key', 'value']], headers: { ...headers, 'Content-Type': 'application/json' }, body });
    expect(s.header).toBe('SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
    const withoutNewline = sign({ method: 'POST', path: '/path', query: [['key', 'value']], headers, body: body.trimEnd() });
    expect(withoutNewline.header).not.toBe(s.header);
  });

  test('canonical query escaping and ordering', () => {
    expect(canonicalQuery([['limit', '1'], ['enable', 'true'], ['test', '一 (&=?!#%.*)'], ['path', '/tmp/123'], ['multi', '3'], ['multi', '1'], ['multi', '2']])).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
    expect(canonicalQuery([['bare', '']])).toBe('bare=');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/v2/p/instances/')).toBe('/v2/p/instances/');
  });

  test('changing any signed part changes the signature', () => {
    const base = { method: 'PUT', path: '/v2/p/instances/i', query: [['a', '1']] as [string, string][], headers: { 'X-Sdk-Date': date, 'X-Project-Id': 'p', host: 'h' } as Record<string, string>, body: '{"x":1}' };
    const sig = (o: typeof base) => sign(o).header;
    const ref = sig(base);
    expect(sig({ ...base, method: 'POST' })).not.toBe(ref);
    expect(sig({ ...base, path: '/v2/p/instances/j' })).not.toBe(ref);
    expect(sig({ ...base, query: [['a', '2']] })).not.toBe(ref);
    expect(sig({ ...base, headers: { ...base.headers, 'X-Project-Id': 'q' } })).not.toBe(ref);
    expect(sig({ ...base, headers: { ...base.headers, host: 'other' } })).not.toBe(ref);
    expect(sig({ ...base, body: '{"x":2}' })).not.toBe(ref);
    expect(sig({ ...base, headers: { ...base.headers, 'Content-Type': 'text/plain' } })).toBe(ref);
  });

  test('X-Sdk-Content-Sha256 stands for the body only when signed, and then must be true', () => {
    const body = '{"x":1}';
    const other = bodySha256('{"x":2}');
    expect(payloadHash({ [CONTENT_SHA256]: other }, body, ['x-sdk-date'])).toBe(bodySha256(body));
    expect(payloadHash({ [CONTENT_SHA256]: other }, body, [CONTENT_SHA256, 'x-sdk-date'])).toBe(other);
    expect(payloadHashMismatch({ [CONTENT_SHA256]: other }, body, ['x-sdk-date'])).toBeUndefined();
    expect(payloadHashMismatch({ [CONTENT_SHA256]: other }, body, [CONTENT_SHA256])).toMatch(/not the SHA-256/);
    expect(payloadHashMismatch({ [CONTENT_SHA256]: bodySha256(body).toUpperCase() }, body, [CONTENT_SHA256])).toBeUndefined();
    expect(payloadHashMismatch({ [CONTENT_SHA256]: UNSIGNED_PAYLOAD, 'Content-Type': 'application/json' }, body, [CONTENT_SHA256])).toMatch(/neither JSON nor BSON/);
    expect(payloadHashMismatch({ [CONTENT_SHA256]: UNSIGNED_PAYLOAD, 'Content-Type': 'application/octet-stream' }, body, [CONTENT_SHA256])).toBeUndefined();
  });

  test('Authorization and X-Sdk-Date parse back', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ABCdef01')).toEqual({ access: 'AK', signedHeaders: ['host', 'x-sdk-date'], signature: 'abcdef01' });
    expect(parseAuthorization('Bearer x')).toBeUndefined();
    expect(parseSdkDate(date)).toBe(Date.UTC(2006, 0, 2, 15, 4, 5));
    expect(parseSdkDate('2006-01-02')).toBeUndefined();
    expect(formatSdkDate(Date.UTC(2006, 0, 2, 15, 4, 5))).toBe(date);
  });
});
