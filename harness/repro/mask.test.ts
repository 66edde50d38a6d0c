import { describe, expect, test } from 'vitest';
import { MASK, Masker, isSecretName } from './mask.ts';
import { shellQuote, toCurl } from './curl.ts';

describe('Masker', () => {
  test('credential headers are masked whole; others keep their value', () => {
    const m = new Masker();
    expect(m.headers({ Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=abc', 'x-auth-token': 'tok', 'X-Security-Token': 'st', 'x-project-id': 'p1' })).toEqual({
      Authorization: MASK,
      'x-auth-token': MASK,
      'X-Security-Token': MASK,
      'x-project-id': 'p1',
    });
  });

  test('password-like JSON fields are masked at any depth; booleans and null are kept', () => {
    const m = new Masker();
    const body = { name: 'n', password: 'Secret#123', nested: [{ new_password: 'Other#456', old_password: 12345678 }], no_password_access: true, passwordless: null, sk: 'k', token: { a: 'b' } };
    expect(m.json(body)).toEqual({ name: 'n', password: MASK, nested: [{ new_password: MASK, old_password: MASK }], no_password_access: true, passwordless: null, sk: MASK, token: { a: MASK } });
    expect(['password', 'AccountPassWord', 'x-auth-token', 'client_secret', 'sk'].every(isSecretName)).toBe(true);
    expect(['name', 'sort_key', 'skip'].some(isSecretName)).toBe(false);
  });

  test('known secrets are masked anywhere in text; learned passwords too', () => {
    const m = new Masker(['tok-0123456789']);
    m.learn({ password: 'Learned#Pass1' });
    expect(m.text('error: token tok-0123456789 rejected; password Learned#Pass1 echoed')).toBe(`error: token ${MASK} rejected; password ${MASK} echoed`);
  });

  test('secrets learned later are masked from then on; regex characters in a secret are literal', () => {
    const m = new Masker(['first.secret+1']);
    expect(m.text('first.secret+1 and firstXsecret+1')).toBe(`${MASK} and firstXsecret+1`);
    expect(m.text('later (pass)|word?')).toBe('later (pass)|word?');
    m.learn({ password: '(pass)|word?' });
    expect(m.text('later (pass)|word?')).toBe(`later ${MASK}`);
    expect(m.text('nothing here')).toBe('nothing here');
  });

  test('a "__proto__" field of a body stays a field and is masked like any other', () => {
    const m = new Masker(['Proto#Secret1']);
    expect(m.body('{"__proto__":{"v":"Proto#Secret1"},"a":1}')).toBe(`{"__proto__":{"v":"${MASK}"},"a":1}`);
  });

  test('credentials recognisable by shape are masked in free text', () => {
    const m = new Masker();
    expect(m.text('Authorization: SDK-HMAC-SHA256 Access=AK, Signature=0a1b2c')).not.toMatch(/0a1b2c/);
    expect(m.text('X-Auth-Token: abc.def')).toBe(`X-Auth-Token: ${MASK}`);
    expect(m.text('{"user_password":"hunter22","n":1}')).toBe(`{"user_password":"${MASK}","n":1}`);
    expect(m.text('{"password": 1234567}')).toBe(`{"password": "${MASK}"}`);
  });

  test('query parameters with secret names are masked', () => {
    expect(new Masker().url('https://h/p?token=abc&limit=1')).toBe(`https://h/p?token=${MASK}&limit=1`);
  });

  test('short values are masked in their fields but not everywhere', () => {
    const m = new Masker().learn({ password: 'ab' });
    expect(m.text('abc')).toBe('abc');
    expect(m.json({ password: 'ab' })).toEqual({ password: MASK });
  });

  test('bodies: JSON masked field by field, other text by value', () => {
    const m = new Masker(['SKVALUE-1']);
    expect(JSON.parse(m.body('{"password":"p@ssw0rd!","x":"SKVALUE-1"}'))).toEqual({ password: MASK, x: MASK });
    expect(m.body('raw SKVALUE-1 text')).toBe(`raw ${MASK} text`);
  });
});

describe('curl', () => {
  const req = { method: 'POST', url: 'https://dcs.example.com/v2/p/instances?limit=1', headers: { host: 'dcs.example.com', 'content-type': 'application/json', 'x-auth-token': 'tok-0123456789' }, body: `{"name":"it's","password":"Secret#123"}` };

  test('renders a pasteable command with credentials masked', () => {
    const out = toCurl(req, new Masker(['tok-0123456789']));
    expect(out).toBe(
      [
        `curl -sS -X POST 'https://dcs.example.com/v2/p/instances?limit=1'`,
        `-H 'content-type: application/json'`,
        `-H 'x-auth-token: ${MASK}'`,
        `--data-raw '{"name":"it'\\''s","password":"${MASK}"}'`,
      ].join(' \\\n  '),
    );
    expect(out).not.toMatch(/tok-0123456789|Secret#123/);
  });

  test('signed requests carry a re-sign note', () => {
    const out = toCurl({ ...req, headers: { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=ff' } }, new Masker());
    expect(out.split('\n')[0]).toMatch(/^# .*re-sign/);
    expect(out).not.toMatch(/Signature=ff/);
  });

  test('shell quoting survives single quotes', () => {
    expect(shellQuote(`a'b`)).toBe(`'a'\\''b'`);
  });
});
