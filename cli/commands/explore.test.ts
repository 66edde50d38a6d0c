// explore as a user meets it: the faithful emulator gives no failure class; an emulator with a fault
// gives one, printed once with its shrunk request as curl; a mistyped --op is a usage error with the
// closest operationIds; an unreachable URL is exit 3 within seconds.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { freePort } from '../../harness/testing/server.ts';
import { capturedIo as captured } from '../testing.ts';
import { exploreCommand } from './explore.ts';

describe('explore against the embedded emulator', { timeout: 120_000 }, () => {
  test.for(['ResetPassword', 'UpdateIpWhitelist'])('the faithful emulator: %s has no failure class', async (op) => {
    const io = captured();
    const code = await exploreCommand.run(['--op', op, '--runs', '60', '--seed', '11'], io);
    expect(code, io.stdout() + io.stderr()).toBe(0);
    expect(io.stdout()).toMatch(/seed=11, replay with --seed 11/);
    expect(io.stdout()).toMatch(new RegExp(`summary: ${op} — 60 generated requests \\(\\d+ valid, \\d+ rule-broken, \\d+ schema-mutated\\).*no failure class`));
    expect(io.stderr()).toMatch(/\[progress\] 50 requests/);
  });

  test('an emulator that accepts short passwords: each failure class once, with a shrunk masked curl', async () => {
    const io = captured();
    const code = await exploreCommand.run(['--op', 'ResetPassword', '--runs', '60', '--seed', '11', '--emulator-fault', 'password.short-accepted'], io);
    const out = io.stdout();
    expect(code, out + io.stderr()).toBe(1);
    const classes = [...out.matchAll(/^✗ \[\d+\] ResetPassword › ([\w-]+): status (\d+), error_code (\S+) — (\d+) of 60 requests/gm)];
    expect(classes.length).toBeGreaterThan(0);
    // Accepted (2xx) where the rule requires a refusal; each (check, status, code) is printed once.
    expect(classes.map((c) => c[1])).toContain('expected-status');
    expect(classes.every((c) => Number(c[2]) < 300)).toBe(true);
    expect(new Set(classes.map((c) => c.slice(1, 4).join(' '))).size).toBe(classes.length);
    expect(out).toMatch(/shortest request \(password\.instance \w+|shortest request \(out-of-range at body:\/new_password/);
    const op = (await loadSpec()).operation('ResetPassword');
    expect(out).toMatch(new RegExp(`curl -sS -X ${op.method.toUpperCase()} '.*${op.path.replace(/^.*\}/, '')}'`));
    expect(out).toMatch(/-H "x-auth-token: \$DCS_TOKEN"/);
    // The password that broke the rule is shown as sent: a curl that reproduces it.
    expect(out).toMatch(/--data-raw '\{.*"new_password":"[^"*]+"/);
    expect(out).toMatch(/✗ \d+ failure class\(es\); seed=11/);
  });
});

describe('usage errors and unreachable targets', { timeout: 30_000 }, () => {
  test('an unknown --op: exit 2, with the closest operationIds', async () => {
    const io = captured();
    expect(await exploreCommand.run(['--op', 'ResetPasword'], io)).toBe(2);
    expect(io.stderr()).toMatch(/unknown operation "ResetPasword".*Did you mean: .*ResetPassword/);
  });

  test('no --op, or an unknown fault: exit 2', async () => {
    expect(await exploreCommand.run([], captured())).toBe(2);
    const io = captured();
    expect(await exploreCommand.run(['--op', 'ResetPassword', '--emulator-fault', 'no.such'], io)).toBe(2);
    expect(io.stderr()).toMatch(/unknown fault "no\.such"/);
  });

  test('an unreachable URL: exit 3 within seconds, the token never printed', async () => {
    const io = captured();
    const started = Date.now();
    const code = await exploreCommand.run(['--op', 'ResetPassword', '--target', `http://127.0.0.1:${await freePort()}`, '--token', 'secret-token-value', '--project-id', 'p1'], io);
    expect(code, io.stderr()).toBe(3);
    expect(io.stderr()).toMatch(/unreachable/);
    expect(io.stdout() + io.stderr()).not.toContain('secret-token-value');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
