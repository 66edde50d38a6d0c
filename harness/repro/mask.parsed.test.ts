// The masker given the transport's parse of a body (a run's exchanges) masks exactly as when it parses
// the bytes itself: same text out, byte for byte, for JSON and non-JSON bodies, with or without secrets.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { propertyParams } from '../testing/property.ts';
import type { ParsedBody, ReceivedResponse } from '../transport/client.ts';
import { MASK, MIN_ANYWHERE_LENGTH, Masker } from './mask.ts';

/** What the transport hands over: JSON.parse of the bytes when it succeeds. */
function parse(text: string): ParsedBody {
  try {
    return text ? { json: JSON.parse(text), isJson: true } : { json: undefined, isJson: false };
  } catch {
    return { json: undefined, isJson: false };
  }
}

const credential = fc.string({ minLength: MIN_ANYWHERE_LENGTH, maxLength: 30, unit: 'grapheme-ascii' });
// Strings that trip each rule: secrets whole or inside text, credential shapes, already-masked values.
const piece = (secrets: string[]) =>
  fc.oneof(
    fc.string(),
    fc.constantFrom(...secrets),
    fc.constantFrom(...secrets).map((s) => `see ${s}; ${encodeURIComponent(s)}`),
    fc.constantFrom('SDK-HMAC-SHA256 Access=AKX, SignedHeaders=host, Signature=abc', 'https://b/k?Signature=zz&Expires=1', 'X-Auth-Token: abc', '{"token":"t"}', MASK, '$DCS_TOKEN', 'false', 'a-token'),
  );
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('token', 'sk', 'password', 'access_key', 'name', '__proto__', 'Signature'));
const body = (secrets: string[]) =>
  fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, piece(secrets), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
  })).value;

test('a parsed body and its raw bytes yield the same masked response, the one json() gives', () => {
  fc.assert(
    fc.property(
      fc.array(credential, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.nat(),
      (secrets, named, pick) => {
        const m = new Masker([...secrets.map((value, i) => (named ? { value, env: `DCS_S${i}` } : value)), { value: 'false', env: 'DCS_SHORT' }]);
        const [value] = fc.sample(body(secrets), { numRuns: 1, seed: pick });
        const texts = [JSON.stringify(value), JSON.stringify(value, null, 2), `not json ${JSON.stringify(value)}`, '', ' '];
        // The shortcut for bodies that need no masking skips nothing the value-by-value walk (json()) changes.
        expect(JSON.parse(m.body(texts[0]!))).toEqual(JSON.parse(JSON.stringify(m.json(JSON.parse(texts[0]!)))));
        for (const text of texts) {
          const r: ReceivedResponse = { status: 200, headers: { 'content-type': 'application/json' }, text };
          expect(m.response(r, parse(text))).toEqual(m.response(r));
        }
      },
    ),
    propertyParams('mask: parsed body = raw bytes', 200),
  );
});

test('a body holding a secret is masked from the parse too: the parse is read, never echoed', () => {
  const token = 'MIIKtoken-0123456789abcdef';
  const m = new Masker([{ value: token, env: 'DCS_TOKEN' }]);
  const text = JSON.stringify({ note: `echo ${token}`, items: [{ access_token: 'x', name: 'n' }] });
  const out = m.response({ status: 200, headers: {}, text }, parse(text));
  expect(out.text).not.toContain(token);
  expect(JSON.parse(out.text)).toEqual({ note: 'echo $DCS_TOKEN', items: [{ access_token: MASK, name: 'n' }] });
});
