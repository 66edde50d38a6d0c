// diff as a user meets it: two faithful emulators answer alike; a faulted one differs where its fault
// is, named by operation; normalisation keeps status, error code and body shape and nothing else.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { successStatuses } from '../../harness/index.ts';
import { freePort } from '../../harness/testing/server.ts';
import { capturedIo as captured } from '../testing.ts';
import { differenceOf, diffCommand, normalise, shapeDifferences, shapeOf } from './diff.ts';

describe('normalised answers', () => {
  const answer = (status: number, json: unknown) => normalise({ status, json, isJson: json !== undefined, text: json === undefined ? '' : JSON.stringify(json) });

  test('values (IDs, timestamps, names) do not count; keys, JSON types and arrays by their first element do', async () => {
    const spec = await loadSpec();
    const a = answer(200, { instances: [{ instance_id: 'a1', name: 'x', created_at: '2025-01-01T00:00:00Z', capacity: 1 }] });
    const b = answer(200, { instances: [{ instance_id: 'b2', name: 'y', created_at: '2026-02-02T10:00:00Z', capacity: 8 }, { other: true }] });
    expect(differenceOf(spec, a, b)).toBe('');
    expect(shapeOf({ z: [], a: null })).toEqual({ a: 'null', z: [] });
    expect(shapeDifferences(shapeOf({ n: 1, list: [{ k: 'v' }] }), shapeOf({ n: '1', list: [{ k: 'v', extra: 0 }] }))).toEqual(['/list/0/extra only in B', '/n: number in A, string in B']);
    const code = spec.rules.whitelist.errorCode;
    const status = spec.errors.require(code).status;
    expect(differenceOf(spec, answer(204, undefined), answer(status, { error_code: code, error_msg: 'm' }))).toBe(`status 204 ≠ ${status}`);
    // A code and its numeric twin mean the same.
    const twin = spec.errors.equivalents(code).find((c) => c !== code);
    expect(twin, `${code} has a numeric twin in the catalog`).toBeDefined();
    expect(differenceOf(spec, answer(status, { error_code: code }), answer(status, { error_code: twin! }))).toBe('');
  });
});

describe('diff of two embedded emulators', { timeout: 120_000 }, () => {
  test('the same emulator twice: no difference, exit 0', async () => {
    const io = captured();
    const code = await diffCommand.run(['--a', 'emulator', '--b', 'emulator', '--op', 'UpdateIpWhitelist', '--op', 'ResetPassword', '--runs', '30', '--seed', '5'], io);
    expect(code, io.stdout() + io.stderr()).toBe(0);
    expect(io.stdout()).toMatch(/seed=5, replay with --seed 5/);
    expect(io.stdout()).toMatch(/summary: 2 operation\(s\), 60 requests to each target .*= no difference/);
  });

  test('one emulator ignores the whitelist group limit: exit 1, the difference named by operation with both answers and curl', async () => {
    const io = captured();
    const code = await diffCommand.run(['--a', 'emulator', '--b', 'emulator', '--b-emulator-fault', 'whitelist.group-limit-ignored', '--op', 'UpdateIpWhitelist', '--runs', '100', '--seed', '5'], io);
    const out = io.stdout();
    expect(code, out + io.stderr()).toBe(1);
    // The refusal and the success as the spec has them; the method and path of the operation.
    const spec = await loadSpec();
    const op = spec.operation('UpdateIpWhitelist');
    const refused = spec.errors.require(spec.rules.whitelist.errorCode).status;
    const accepted = successStatuses(op)[0];
    const curlOf = `curl -sS -X ${op.method.toUpperCase()} .*${op.path.split('/').at(-1)}'`;
    expect(out).toMatch(new RegExp(`≠ \\[1\\] UpdateIpWhitelist — status ${refused} ≠ ${accepted} — \\d+ request\\(s\\) \\(.*whitelist too-many-groups`));
    expect(out).toMatch(new RegExp(`A: ${refused} DCS\\.\\d+ \\{"error_code":"string"`));
    expect(out).toMatch(new RegExp(`on A:\\n\\s+${curlOf}`));
    expect(out).toMatch(new RegExp(`on B:\\n\\s+${curlOf}`));
    expect(out).toMatch(/difference\(s\) in UpdateIpWhitelist;/);
  });
});

describe('usage errors and unreachable targets', { timeout: 30_000 }, () => {
  test('missing --b or an unknown --op: exit 2', async () => {
    expect(await diffCommand.run(['--a', 'emulator'], captured())).toBe(2);
    const io = captured();
    expect(await diffCommand.run(['--a', 'emulator', '--b', 'emulator', '--op', 'UpdateIpWhitelst'], io)).toBe(2);
    expect(io.stderr()).toMatch(/Did you mean: .*UpdateIpWhitelist/);
  });

  test('an unreachable B: exit 3 within seconds', async () => {
    const io = captured();
    const started = Date.now();
    const code = await diffCommand.run(['--a', 'emulator', '--b', `http://127.0.0.1:${await freePort()}`, '--b-token', 'secret-token-value', '--b-project-id', 'p1', '--op', 'ShowIpWhitelist'], io);
    expect(code, io.stderr()).toBe(3);
    expect(io.stdout() + io.stderr()).not.toContain('secret-token-value');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
