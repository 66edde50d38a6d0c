// Properties of masking: a credential never survives, whatever surrounds it; a short one never touches
// anything but values that are exactly it; a curl pasted in a shell with the variables set sends the
// bytes the harness sent.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { propertyParams } from '../testing/property.ts';
import { toCurl } from './curl.ts';
import { MASK, MIN_ANYWHERE_LENGTH, Masker, isSecretName } from './mask.ts';

const credential = fc.string({ minLength: MIN_ANYWHERE_LENGTH, maxLength: 40, unit: 'grapheme-ascii' });
const ENVS = ['DCS_TOKEN', 'DCS_SK', 'DCS_READONLY_TOKEN'];

test('registered credentials never appear in masked text, JSON, headers, URLs or curl, whatever surrounds them', () => {
  fc.assert(
    fc.property(fc.array(credential, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.string(), fc.string(), (secrets, named, before, after) => {
      const m = new Masker(secrets.map((value, i) => (named ? { value, env: ENVS[i]! } : value)));
      const leaks = (s: string) => secrets.some((x) => s.includes(x));
      const text = `${before}${secrets.join(before)}${after}`;
      expect(leaks(m.text(text))).toBe(false);
      expect(leaks(m.text(encodeURIComponent(text)))).toBe(false);
      expect(leaks(JSON.stringify(m.json({ a: text, list: [text, { b: secrets[0] }] })))).toBe(false);
      expect(leaks(m.body(JSON.stringify({ a: text })))).toBe(false);
      expect(leaks(JSON.stringify(m.headers({ 'x-trace': text, 'x-auth-token': secrets[0]! })))).toBe(false);
      expect(leaks(m.url(`https://h/p?q=${encodeURIComponent(text)}&x=${encodeURIComponent(secrets[0]!)}`))).toBe(false);
      expect(leaks(toCurl({ method: 'POST', url: 'https://h/p', headers: { 'x-auth-token': secrets[0]! }, body: JSON.stringify({ note: text }) }, m))).toBe(false);
    }),
    propertyParams('mask: registered credentials'),
  );
});

/** JSON values whose keys name no credential (those are masked by name, whatever their value). */
const plainJson = fc.jsonValue().filter(function plain(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(plain);
  if (v && typeof v === 'object') return Object.entries(v).every(([k, x]) => !isSecretName(k) && plain(x));
  return true;
});

test('a short credential ("false", "1", …) changes only string values that are exactly it: never booleans, numbers, keys or other words', () => {
  const short = fc.oneof(fc.constantFrom('false', 'true', 'null', '0', '1', 'a', 'id'), fc.string({ minLength: 1, maxLength: MIN_ANYWHERE_LENGTH - 1 }));
  fc.assert(
    fc.property(short, plainJson, (secret, value) => {
      const m = new Masker([{ value: secret, env: 'DCS_TOKEN' }]);
      // An earlier request held it in fields named like secrets: nothing is learned from what was sent.
      m.body(JSON.stringify({ no_password_access: secret, new_password: secret }));
      const swap = (v: unknown): unknown => (v === secret ? '$DCS_TOKEN' : Array.isArray(v) ? v.map(swap) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v);
      const raw = JSON.stringify(value);
      const masked = m.body(raw);
      expect(JSON.parse(masked)).toEqual(JSON.parse(JSON.stringify(swap(value))));
      // Nothing else: a body holding no string equal to the credential is written back byte for byte.
      if (JSON.stringify(swap(value)) === raw) expect(masked).toBe(raw);
      // Free text is never touched by a short credential.
      expect(m.text(`${raw} ${secret}s ${secret}`)).toBe(`${raw} ${secret}s ${secret}`);
    }),
    propertyParams('mask: short credentials'),
  );
});

test('a curl pasted into bash with the variables set sends exactly the URL, headers and body the harness sent', () => {
  fc.assert(
    fc.property(credential, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme-ascii' }), (token, noise, header) => {
      const m = new Masker([{ value: token, env: 'DCS_TOKEN' }]);
      const body = JSON.stringify({ note: `${noise}${token}${noise}`, n: 1, ok: false, password: noise });
      const req = { method: 'PUT', url: `https://h/v2/p/x?q=${encodeURIComponent(noise)}`, headers: { 'x-auth-token': token, 'x-note': header.replace(/[\r\n]/g, ' ') }, body };
      const curl = toCurl(req, m);
      expect(curl).not.toContain(token);
      // bash prints each word it would pass to curl, NUL-separated.
      const words = execFileSync('bash', ['-c', `printf '%s\\0' ${curl.replace(/^curl /, '').replace(/\\\n/g, '')}`], { env: { PATH: process.env.PATH, DCS_TOKEN: token }, encoding: 'utf8' }).split('\0');
      // A credential that JSON must escape cannot be spliced into a JSON string by the shell: there it is ***.
      const sent = JSON.stringify(token).slice(1, -1) === token ? body : body.split(JSON.stringify(token).slice(1, -1)).join(MASK);
      expect(words.slice(0, -1)).toEqual(['-sS', '-X', 'PUT', m.url(req.url), '-H', `x-auth-token: ${token}`, '-H', `x-note: ${req.headers['x-note']}`, '--data-raw', sent]);
    }),
    propertyParams('mask: curl round trip', 25),
  );
});

test('masking never leaves a credential parameter of a presigned link, in any position or encoding', () => {
  const name = fc.constantFrom('AWSAccessKeyId', 'Signature', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'sig', 'token');
  const value = fc.stringMatching(/^[A-Za-z0-9+/=%_-]{4,40}$/).filter((v) => v !== MASK);
  fc.assert(
    fc.property(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.constantFrom('Expires', 'X-Amz-Date', 'limit'), fc.stringMatching(/^\w{1,8}$/)), { maxLength: 3 }), fc.constantFrom('raw', 'json', 'html', 'nested'), (creds, others, encoding) => {
      const query = fc.sample(fc.shuffledSubarray([...creds, ...others], { minLength: creds.length + others.length }), 1)[0]!.map(([k, v]) => `${k}=${v}`).join('&');
      const link = `https://b.obs.example.com/k?${query}`;
      const text = encoding === 'json' ? JSON.stringify({ link }).replace(/&/g, '\\u0026') : encoding === 'html' ? `<a href="${link.replace(/&/g, '&amp;')}">x</a>` : encoding === 'nested' ? `https://p.example.com/go?to=${encodeURIComponent(link)}` : link;
      const out = new Masker().text(text);
      for (const [k, v] of creds) {
        expect(out, `${k}=${v} in ${out}`).not.toContain(`${k}=${v}`);
        expect(out).not.toContain(`${k}%3D${encodeURIComponent(v)}`);
      }
    }),
    propertyParams('mask: presigned links'),
  );
});
