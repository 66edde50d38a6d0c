import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { MASK, Masker, isSecretName } from './mask.ts';
import { SIGN_COMMAND, shellQuote, shellWord, toCurl } from './curl.ts';

const TOKEN = 'MIIKtoken-0123456789abcdef';
const AK = 'AKID0123456789ABCDEF';
const SK = 'SKsecretkey0123456789XYZ';
const run = () => new Masker([{ value: TOKEN, env: 'DCS_TOKEN' }, { value: AK, env: 'DCS_AK' }, { value: SK, env: 'DCS_SK' }]);

/** What bash makes of a command line's words (printf %s of each, NUL-separated), with `env` set. */
function bashWords(line: string, env: Record<string, string>): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('Masker: what is a secret', () => {
  test("the run's credentials become their environment variables; credential headers it did not send are ***", () => {
    const m = run();
    expect(m.headers({ 'x-auth-token': TOKEN, 'X-Security-Token': 'st-unknown', 'x-subject-token': 'MIInew', 'x-project-id': 'p1', cookie: 'a=b' })).toEqual({
      'x-auth-token': '$DCS_TOKEN',
      'X-Security-Token': MASK,
      'x-subject-token': MASK,
      'x-project-id': 'p1',
      cookie: MASK,
    });
  });

  test('an SDK-HMAC-SHA256 Authorization keeps its shape: who signed (as a placeholder) and what, never the signature', () => {
    const m = run();
    expect(m.headers({ authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=0a1b2c3d` })).toEqual({ authorization: `SDK-HMAC-SHA256 Access=$DCS_AK, SignedHeaders=host;x-sdk-date, Signature=${MASK}` });
    expect(m.headers({ Authorization: 'SDK-HMAC-SHA256 Access=OTHERKEY99, SignedHeaders=x-sdk-date, Signature=ff' })).toEqual({ Authorization: `SDK-HMAC-SHA256 Access=${MASK}, SignedHeaders=x-sdk-date, Signature=${MASK}` });
    expect(m.headers({ authorization: 'Bearer abc' })).toEqual({ authorization: MASK });
  });

  test('credential-named JSON fields are masked at any depth; passwords are test data and shown; booleans and null stay', () => {
    const m = run();
    const body = { name: 'n', password: 'Secret#123', nested: [{ new_password: 'Other#456', access_token: 'x', sk: 12 }], no_password_access: false, token: null, auth: { secret: { a: 'b' } } };
    expect(m.json(body)).toEqual({ name: 'n', password: 'Secret#123', nested: [{ new_password: 'Other#456', access_token: MASK, sk: MASK }], no_password_access: false, token: null, auth: { secret: { a: MASK } } });
    expect(['token', 'X-Auth-Token', 'client_secret', 'sk', 'AWSAccessKeyId', 'X-Amz-Signature', 'X-Amz-Credential', 'x-amz-security-token', 'Signature', 'sig'].every(isSecretName)).toBe(true);
    expect(['name', 'password', 'sort_key', 'skip', 'Expires', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'task', 'disk'].some(isSecretName)).toBe(false);
  });
});

describe('Masker: only the exact secret values', () => {
  test('a short credential ("false", "1") masks only values that are exactly it: never booleans, numbers or parts of words', () => {
    const m = new Masker([{ value: 'false', env: 'DCS_TOKEN' }, { value: '1', env: 'DCS_READONLY_TOKEN' }]);
    const body = '{"enable_ssl":false,"enable_publicip":false,"capacity":1,"name":"falsehood-1","note":"false","n":"1","x":"10"}';
    expect(m.body(body)).toBe('{"enable_ssl":false,"enable_publicip":false,"capacity":1,"name":"falsehood-1","note":"$DCS_TOKEN","n":"$DCS_READONLY_TOKEN","x":"10"}');
    expect(m.text('enable_ssl is false; 1 of 10')).toBe('enable_ssl is false; 1 of 10');
    expect(m.headers({ 'x-auth-token': 'false', 'x-trace': 'false-positive' })).toEqual({ 'x-auth-token': '$DCS_TOKEN', 'x-trace': 'false-positive' });
    expect(m.url('https://h/p?flag=false&limit=1&q=falsey')).toBe('https://h/p?flag=$DCS_TOKEN&limit=$DCS_READONLY_TOKEN&q=falsey');
  });

  test('a long credential is masked anywhere in text, also URL-encoded or JSON-escaped; regex characters are literal', () => {
    const odd = 'a+b/c=d"e(f)|g?h';
    const m = run().add({ value: odd, env: 'DCS_OTHER_TOKEN' });
    expect(m.text(`token ${TOKEN} rejected; echo:${TOKEN}x`)).toBe('token $DCS_TOKEN rejected; echo:$DCS_TOKENx');
    // Encoded or escaped, it is *** (a shell would expand the placeholder to the raw value); as is, its placeholder.
    expect(m.text(`q=${encodeURIComponent(odd)} j=${JSON.stringify(odd)} raw=${odd}`)).toBe(`q=${MASK} j="${MASK}" raw=$DCS_OTHER_TOKEN`);
    expect(m.body(JSON.stringify({ a: odd, b: `x${odd}`, c: TOKEN }))).toBe(`{"a":"${MASK}","b":"x${MASK}","c":"$DCS_TOKEN"}`);
    expect(m.text('a+b/c=d and firstXsecret')).toBe('a+b/c=d and firstXsecret');
  });

  test('two targets (diff\'s sides) write the same request the same way, whatever each saw before', () => {
    const a = new Masker([{ value: 'tok-side-a-0123456789', env: 'DCS_TOKEN' }]);
    const b = new Masker([{ value: 'tok-side-b-9876543210', env: 'DCS_TOKEN' }]);
    // Only side B sent a password reset earlier ("false" and a password in secret-looking fields).
    b.body('{"new_password":"Abcdef1!","no_password_access":"false"}');
    const create = (token: string) => ({ method: 'POST', url: 'http://h/v2/p/instances', headers: { 'x-auth-token': token }, body: '{"name":"n","enable_ssl":false,"enable_publicip":false,"password":"Abcdef1!","no_password_access":"false"}' });
    expect(toCurl(create('tok-side-b-9876543210'), b)).toBe(toCurl(create('tok-side-a-0123456789'), a));
    expect(toCurl(create('tok-side-a-0123456789'), a)).toContain('"enable_ssl":false,"enable_publicip":false,"password":"Abcdef1!","no_password_access":"false"');
  });

  test('a JSON body without secrets is written back byte for byte', () => {
    const raw = '{ "capacity": 1.0, "big": 12345678901234567890, "s": "\\u00e9" }';
    expect(run().body(raw)).toBe(raw);
    expect(run().body(`{"a":"${TOKEN}", "b": 1.0}`)).toBe('{"a":"$DCS_TOKEN","b":1}');
  });

  test('masking is idempotent: placeholders and *** survive a second pass', () => {
    const m = run();
    const once = m.text(`X-Auth-Token: ${TOKEN}\nAuthorization: SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host, Signature=abc\n{"token":"${TOKEN}","secret":"s"} https://h/x?Signature=abc%3D&token=t`);
    expect(once).toBe(`X-Auth-Token: $DCS_TOKEN\nAuthorization: SDK-HMAC-SHA256 Access=$DCS_AK, SignedHeaders=host, Signature=${MASK}\n{"token":"$DCS_TOKEN","secret":"${MASK}"} https://h/x?Signature=${MASK}&token=${MASK}`);
    expect(m.text(once)).toBe(once);
  });

  test('a "__proto__" field of a body stays a field and is masked like any other', () => {
    const m = run();
    expect(m.body(`{"__proto__":{"v":"${TOKEN}"},"a":1}`)).toBe('{"__proto__":{"v":"$DCS_TOKEN"},"a":1}');
  });

  test('secrets learned later are masked from then on; a value given a placeholder keeps it', () => {
    const m = new Masker([TOKEN]);
    expect(m.text(TOKEN)).toBe(MASK);
    m.add({ value: TOKEN, env: 'DCS_TOKEN' }).add(TOKEN);
    expect(m.text(TOKEN)).toBe('$DCS_TOKEN');
    expect(() => m.add({ value: 'x', env: 'not a name' })).toThrow(/environment variable name/);
  });
});

describe('Masker: presigned links', () => {
  // The shape of the emulator's (and OBS's) S3 v2 query-signed links, and a v4 one.
  const v2 = 'https://bucket.obs.example.com:443/backup/x.rdb?AWSAccessKeyId=GLG5NOTREALKEY0AB12&Expires=1764000000&Signature=Glg%2Bq1Zx%2F9abc%3D';
  const v4 = 'https://b.s3.example.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250513%2Fap%2Fs3%2Faws4_request&X-Amz-Date=20250513T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FQoGZXIvYXdzE&X-Amz-Signature=deadbeef';
  const v2Masked = `https://bucket.obs.example.com:443/backup/x.rdb?AWSAccessKeyId=${MASK}&Expires=1764000000&Signature=${MASK}`;
  const v4Masked = `https://b.s3.example.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${MASK}&X-Amz-Date=20250513T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=${MASK}&X-Amz-Signature=${MASK}`;
  const leaks = (s: string) => /GLG5NOTREALKEY0AB12|Glg|AKIAEXAMPLE|FQoGZXIvYXdzE|deadbeef/.test(s);

  test('credential parameters are masked; when and what (Expires, X-Amz-Date, algorithm) stay', () => {
    const m = run();
    expect(m.url(v2)).toBe(v2Masked);
    expect(m.url(v4)).toBe(v4Masked);
    expect(m.text(`see ${v2} and ${v4} (both expire)`)).toBe(`see ${v2Masked} and ${v4Masked} (both expire)`);
  });

  test('in any encoding: a JSON body, JSON-escaped, HTML-escaped, URL-encoded inside another link, a Location header', () => {
    const m = run();
    expect(JSON.parse(m.body(JSON.stringify({ file_name: 'x.rdb', link: v2 })))).toEqual({ file_name: 'x.rdb', link: v2Masked });
    expect(m.body(JSON.stringify({ links: [{ link: v4 }] }))).toBe(JSON.stringify({ links: [{ link: v4Masked }] }));
    const escaped = JSON.stringify(v2).replace(/&/g, '\\u0026');
    expect(leaks(m.text(`{"link":${escaped}}`))).toBe(false);
    expect(leaks(m.text(v2.replace(/&/g, '&amp;')))).toBe(false);
    const nested = `https://portal.example.com/go?to=${encodeURIComponent(v2)}&x=1`;
    expect(leaks(m.url(nested))).toBe(false);
    expect(m.url(nested)).toContain('Expires%3D1764000000');
    expect(leaks(JSON.stringify(m.headers({ location: v4, 'content-location': v2 })))).toBe(false);
    // A raw, non-JSON body (an HTML error page quoting the link).
    expect(leaks(m.body(`<a href="${v2.replace(/&/g, '&amp;')}">download</a>`))).toBe(false);
  });
});

describe('curl', () => {
  const req = { method: 'POST', url: 'https://dcs.example.com/v2/p/instances?limit=1', headers: { host: 'dcs.example.com', 'content-type': 'application/json', 'x-auth-token': TOKEN }, body: `{"name":"it's","password":"Ab1!"}` };

  test('the token is $DCS_TOKEN, expanded by the shell; the generated password is shown as sent', () => {
    const out = toCurl(req, run());
    expect(out).toBe(
      [
        `curl -sS -X POST 'https://dcs.example.com/v2/p/instances?limit=1'`,
        `-H 'content-type: application/json'`,
        `-H "x-auth-token: $DCS_TOKEN"`,
        `--data-raw '{"name":"it'\\''s","password":"Ab1!"}'`,
      ].join(' \\\n  '),
    );
    expect(out).not.toContain(TOKEN);
    // What bash makes of it, with DCS_TOKEN set: the request as it was sent.
    const words = bashWords(out.replace(/\\\n/g, ''), { DCS_TOKEN: TOKEN });
    expect(words).toEqual(['curl', '-sS', '-X', 'POST', req.url, '-H', 'content-type: application/json', '-H', `x-auth-token: ${TOKEN}`, '--data-raw', req.body]);
  });

  test('other principals have their own variables', () => {
    const m = run().add({ value: 'ro-token-0123456789', env: 'DCS_READONLY_TOKEN' });
    expect(toCurl({ ...req, headers: { 'x-auth-token': 'ro-token-0123456789' } }, m)).toContain(`-H "x-auth-token: $DCS_READONLY_TOKEN"`);
  });

  test('a literal "$DCS_TOKEN" in the data stays literal; a secret inside the data is expanded in place', () => {
    const body = `{"note":"$DCS_TOKEN \`x\` !","echo":"${TOKEN}"}`;
    const out = toCurl({ ...req, body }, run());
    const words = bashWords(out.replace(/\\\n/g, ''), { DCS_TOKEN: TOKEN });
    expect(words.at(-1)).toBe(body);
  });

  test('AK/SK-signed requests go through the signing helper with $DCS_AK/$DCS_SK; the stale signature and date are left out', () => {
    const signed = { ...req, headers: { host: 'dcs.example.com', 'x-sdk-date': '20250513T000000Z', authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=ff00`, 'x-project-id': 'p' } };
    const out = toCurl(signed, run());
    const [note, ...rest] = out.split('\n');
    expect(note).toMatch(/^# AK\/SK-signed: dcs-conformance curl signs it afresh .*\$DCS_AK, \$DCS_SK/);
    expect(rest[0]).toBe(`${SIGN_COMMAND} -sS -X POST 'https://dcs.example.com/v2/p/instances?limit=1' \\`);
    expect(rest.join('\n')).not.toMatch(/x-sdk-date|authorization|ff00|Signature/i);
    const ro = toCurl(signed, new Masker([{ value: AK, env: 'DCS_READONLY_AK' }]));
    expect(ro).toContain(`${SIGN_COMMAND} --as readonly -sS`);
    expect(ro).toContain('$DCS_READONLY_AK, $DCS_READONLY_SK');
    expect(toCurl(signed, new Masker()).split('\n')[0]).toMatch(/^# Signed with an access key the run was not given/);
  });

  test('shell words: plain text single-quoted, placeholders double-quoted or spliced', () => {
    expect(shellQuote(`a'b`)).toBe(`'a'\\''b'`);
    expect(shellWord('x: \uE000DCS_TOKEN\uE001')).toBe('"x: $DCS_TOKEN"');
    expect(shellWord('\uE000DCS_TOKEN\uE001abc')).toBe('"${DCS_TOKEN}abc"');
    expect(shellWord(`it's "\uE000DCS_TOKEN\uE001"`)).toBe(`'it'\\''s "'"$DCS_TOKEN"'"'`);
  });
});
