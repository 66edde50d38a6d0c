// Property: a registered or learned secret never survives masking, whatever surrounds it.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { propertyParams } from '../testing/property.ts';
import { toCurl } from './curl.ts';
import { Masker } from './mask.ts';

const secret = fc.string({ minLength: 4, maxLength: 24, unit: 'grapheme-ascii' });

test('registered secrets never appear in masked text, JSON, headers or curl', () => {
  fc.assert(
    fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), fc.string(), fc.string(), (secrets, before, after) => {
      const m = new Masker(secrets);
      const leaks = (s: string) => secrets.some((x) => s.includes(x));
      const text = `${before}${secrets.join(before)}${after}`;
      expect(leaks(m.text(text))).toBe(false);
      expect(leaks(JSON.stringify(m.json({ a: text, list: [text, { b: secrets[0] }] })))).toBe(false);
      expect(leaks(JSON.stringify(m.headers({ 'x-trace': text })))).toBe(false);
      expect(leaks(toCurl({ method: 'POST', url: 'https://h/p', headers: { 'x-auth-token': secrets[0]! }, body: JSON.stringify({ note: text }) }, m))).toBe(false);
    }),
    propertyParams('mask: registered secrets'),
  );
});

test('passwords in request bodies are learned and never appear in what is written', () => {
  fc.assert(
    fc.property(secret, fc.string(), (password, noise) => {
      const m = new Masker();
      const req = { method: 'PUT', url: 'https://h/v2/p/instances/i/password', headers: {}, body: JSON.stringify({ old_password: password, new_password: `${password}2`, noise }) };
      const written = JSON.stringify(m.request(req)) + toCurl(req, m) + m.text(`echo: ${noise}${password}${noise}`);
      expect(written.includes(password)).toBe(false);
    }),
    propertyParams('mask: learned passwords'),
  );
});
