// ACL accounts (4.10) against an in-process emulator: the default account, create -> CREATING ->
// AVAILABLE, password change with lockout, reset, role change as a job, description, delete, and
// every refusal with its rule's code (and nothing changed).
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 11 });
afterAll(() => c.close());

const code = (id: string) => spec.rules.byId(id).errorCode;
const notFound = () => spec.rules.protocol('resource.not-found').errorCode;
const aclVersion = () => (spec.rules.byId('acl.engine-version') as unknown as { engineVersions: string[] }).engineVersions.at(-1)!;
const PW = 'Acl-Passw0rd';

/** A RUNNING instance of an engine version that supports ACL accounts. */
async function runningInstance(overrides: Record<string, unknown> = {}, wait = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'acl-inst', engine_version: aclVersion(), ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (wait) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id as string;
}

const base = (id: string) => `/v2/{project_id}/instances/${id}/accounts`;
const list = async (id: string) => {
  const r = await c.call('GET', base(id));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ListAclAccounts', 200, r.body)?.valid).toBe(true);
  return r.body.accounts as Record<string, any>[];
};
const byName = async (id: string, name: string) => (await list(id)).find((a) => a.account_name === name);

async function createAccount(id: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await c.call('POST', base(id), { account_name: name, account_role: 'read', account_password: PW, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await c.advance(c.emu.config.durations.job);
  return (await byName(id, name))!.account_id as string;
}

describe('CreateAclAccount / ListAclAccounts', () => {
  test('a new instance lists only its default account', async () => {
    const id = await runningInstance();
    const accounts = await list(id);
    const d = (spec.rules.byId('acl.default-account') as unknown as { defaultAccount: { name: string; type: string; role: string } }).defaultAccount;
    expect(accounts).toEqual([expect.objectContaining({ account_name: d.name, account_type: d.type, account_role: d.role, status: 'AVAILABLE', instance_id: id, error_code: null })]);
  });

  test('create answers 200 without a body; the account is CREATING, then AVAILABLE', async () => {
    const id = await runningInstance();
    const r = await c.call('POST', base(id), { account_name: 'roUser', account_role: 'read', account_password: PW, description: 'read only' });
    expect([r.status, r.body]).toEqual([200, undefined]);
    expect(spec.operation('CreateAclAccount')!.responses.get(200)!.schema).toBeUndefined();
    expect(await byName(id, 'roUser')).toMatchObject({ status: 'CREATING', account_type: 'normal', account_role: 'read', description: 'read only' });
    await c.advance(c.emu.config.durations.job);
    expect(await byName(id, 'roUser')).toMatchObject({ status: 'AVAILABLE' });
    expect(await list(id)).toHaveLength(2);
  });

  test('each rule refuses with its code and creates nothing', async () => {
    const id = await runningInstance();
    await createAccount(id, 'taken');
    const before = await list(id);
    const refuse = async (body: Record<string, unknown>, expected: string) => {
      const r = await c.call('POST', base(id), { account_name: 'user01', account_role: 'read', account_password: PW, ...body });
      expect([r.status, r.body.error_code], JSON.stringify(body)).toEqual([400, expected]);
    };
    await refuse({ account_password: 'user01Ab!' }, spec.rules.password.acl.errorCode); // contains the name
    await refuse({ account_password: '!bA10resu' }, spec.rules.password.acl.errorCode); // the name backwards
    await refuse({ account_password: 'lowercase1' }, spec.rules.password.acl.errorCode); // two classes
    await refuse({ account_password: 'Sec:ret123' }, spec.rules.password.acl.errorCode); // colon
    await refuse({ account_name: '1user' }, spec.rules.name.aclAccount.errorCode);
    await refuse({ account_name: 'taken' }, code('acl.account-name-unique'));
    await refuse({ account_name: 'default' }, code('acl.account-name-unique'));
    await refuse({ account_role: 'admin' }, spec.rules.protocol('request.invalid-parameter').errorCode);
    expect(await list(id)).toEqual(before);
  });

  test('refused on an unsupported engine version, a password-free instance, and a default password with a colon', async () => {
    const unsupported = spec.rules.engine.versions.find((v) => !(spec.rules.byId('acl.engine-version') as unknown as { engineVersions: string[] }).engineVersions.includes(v))!;
    const v6 = await runningInstance({ engine_version: unsupported });
    const r1 = await c.call('POST', base(v6), { account_name: 'user01', account_role: 'read', account_password: PW });
    expect([r1.status, r1.body.error_code]).toEqual([400, code('acl.engine-version')]);
    expect(await list(v6)).toHaveLength(1);

    const free = await runningInstance({ no_password_access: true, password: undefined });
    const r2 = await c.call('POST', base(free), { account_name: 'user01', account_role: 'read', account_password: PW });
    expect([r2.status, r2.body.error_code]).toEqual([400, code('acl.password-free')]);
    expect(await list(free)).toHaveLength(1);

    // The instance password rule cannot produce a colon through the API; set it in the store.
    const colon = await runningInstance({ cache_mode: 'ha' });
    c.emu.store.project(c.emu.projectId)!.instances.get(colon)!.password = 'Pass:w0rd!';
    const r3 = await c.call('POST', base(colon), { account_name: 'user01', account_role: 'read', account_password: PW });
    expect([r3.status, r3.body.error_code]).toEqual([400, code('acl.default-password-colon')]);
    expect(await list(colon)).toHaveLength(1);
  });

  test('refused while the instance is not RUNNING; unknown instance is 404', async () => {
    const creating = await runningInstance({}, false);
    const r = await c.call('POST', base(creating), { account_name: 'user01', account_role: 'read', account_password: PW });
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    await c.advance(c.emu.config.durations.create);
    expect(await list(creating)).toHaveLength(1);
    const gone = await c.call('GET', base('00000000-0000-4000-8000-000000000000'));
    expect([gone.status, gone.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});

describe('passwords', () => {
  const modify = (id: string, aid: string, body: unknown) => c.call('PUT', `${base(id)}/${aid}/password/modify`, body);
  const reset = (id: string, aid: string, body: unknown) => c.call('PUT', `${base(id)}/${aid}/password/reset`, body);

  test('change verifies the old password and applies the rule with the account name', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'writer');
    const bad = await modify(id, aid, { old_password: PW, new_password: 'writerXY12' });
    expect([bad.status, bad.body.error_code]).toEqual([400, spec.rules.password.acl.errorCode]);
    const missing = await modify(id, aid, { old_password: PW });
    expect([missing.status, missing.body.error_code]).toEqual([400, code('acl.password-required')]);
    // Nothing changed: the old password still authenticates.
    const ok = await modify(id, aid, { old_password: PW, new_password: 'N3w-Secret!' });
    expect(ok.status).toBe(200);
    expect(spec.validateResponse('UpdateAclAccountPassWord', 200, ok.body)?.valid).toBe(true);
    expect(ok.body).toMatchObject({ result: 'success', retry_times_left: String(spec.rules.states.data.passwordLockout.maxFailures) });
    expect((await modify(id, aid, { old_password: PW, new_password: 'Other-S3cret' })).body.result).toBe('passwordFailed');
    expect((await modify(id, aid, { old_password: 'N3w-Secret!', new_password: 'Other-S3cret' })).body.result).toBe('success');
  });

  test('wrong old passwords lock the account; reset is refused while locked; the lock expires', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'locky');
    const { maxFailures, lockMinutes } = spec.rules.states.data.passwordLockout;
    for (let n = 1; n < maxFailures; n++) expect((await modify(id, aid, { old_password: 'Wrong-0ne!', new_password: 'N3w-Secret!' })).body).toMatchObject({ result: 'passwordFailed', retry_times_left: String(maxFailures - n) });
    const locked = await modify(id, aid, { old_password: 'Wrong-0ne!', new_password: 'N3w-Secret!' });
    expect(locked.body).toMatchObject({ result: 'locked', lock_time_left: String(lockMinutes) });
    expect(spec.validateResponse('UpdateAclAccountPassWord', 200, locked.body)?.valid).toBe(true);
    expect((await modify(id, aid, { old_password: PW, new_password: 'N3w-Secret!' })).body.result).toBe('locked');
    const r = await reset(id, aid, { new_password: 'N3w-Secret!' });
    expect([r.status, r.body.error_code]).toEqual([400, code('acl.password-lockout')]);
    await c.advance(lockMinutes * 60_000);
    expect((await modify(id, aid, { old_password: PW, new_password: 'N3w-Secret!' })).body.result).toBe('success');
  });

  test('reset sets a new password without the old one', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'resetme');
    const missing = await reset(id, aid, {});
    expect([missing.status, missing.body.error_code]).toEqual([400, code('acl.password-required')]);
    const weak = await reset(id, aid, { new_password: 'resetmeAb1' });
    expect([weak.status, weak.body.error_code]).toEqual([400, spec.rules.password.acl.errorCode]);
    const ok = await reset(id, aid, { new_password: 'Fresh-Pa55' });
    expect(ok.status).toBe(200);
    expect(spec.validateResponse('ResetAclAccountPassWord', 200, ok.body)?.valid).toBe(true);
    expect((await modify(id, aid, { old_password: PW, new_password: 'Other-S3cret' })).body.result).toBe('passwordFailed');
    expect((await modify(id, aid, { old_password: 'Fresh-Pa55', new_password: 'Other-S3cret' })).body.result).toBe('success');
  });

  test("the default account's password is the instance password", async () => {
    const body = createInstanceBody(spec, { name: 'acl-default', engine_version: aclVersion() });
    const id = await runningInstance(body);
    const d = (await list(id))[0]!;
    const r = await modify(id, d.account_id, { old_password: body.password, new_password: 'Inst-Pa55word' });
    expect(r.body.result).toBe('success');
    const inst = await c.call('PUT', `/v2/{project_id}/instances/${id}/password`, { old_password: 'Inst-Pa55word', new_password: 'Again-Pa55word' });
    expect(inst.body.result).toBe('success');
  });
});

describe('UpdateAclAccount (role), UpdateAclAccountRemark, DeleteAclAccount', () => {
  test('role change is a job: UPDATING, then the new role; other changes wait for it', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'roleUser');
    const r = await c.call('PUT', `${base(id)}/${aid}/role`, { account_role: 'write' });
    expect(r.status).toBe(200);
    expect(spec.validateResponse('UpdateAclAccount', 200, r.body)?.valid).toBe(true);
    expect(r.body.instance_id).toBe(id);
    expect(await byName(id, 'roleUser')).toMatchObject({ status: 'UPDATING', account_role: 'read' });
    const busy = await c.call('PUT', `${base(id)}/${aid}`, { description: 'x' });
    expect([busy.status, busy.body.error_code]).toEqual([400, code('acl.lifecycle')]);
    await c.advance(c.emu.config.durations.job);
    expect(await byName(id, 'roleUser')).toMatchObject({ status: 'AVAILABLE', account_role: 'write', description: '' });
    expect((await c.call('GET', `/v2/{project_id}/jobs/${r.body.job_id}`)).body.status).toBe('SUCCESS');
  });

  test('role: missing role, default account and unknown account are refused', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'roleUser2');
    const missing = await c.call('PUT', `${base(id)}/${aid}/role`, {});
    expect([missing.status, missing.body.error_code]).toEqual([400, code('acl.role-required')]);
    const d = (await list(id))[0]!;
    const dflt = await c.call('PUT', `${base(id)}/${d.account_id}/role`, { account_role: 'read' });
    expect([dflt.status, dflt.body.error_code]).toEqual([400, code('acl.default-account')]);
    expect((await list(id)).map((a) => [a.account_name, a.account_role, a.status])).toEqual([[d.account_name, d.account_role, 'AVAILABLE'], ['roleUser2', 'read', 'AVAILABLE']]);
  });

  test('description changes at once (204)', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'remarked');
    const r = await c.call('PUT', `${base(id)}/${aid}`, { description: 'Test' });
    expect([r.status, r.body]).toEqual([204, undefined]);
    expect(await byName(id, 'remarked')).toMatchObject({ description: 'Test' });
  });

  test('delete: DELETING, then gone; the default account and busy accounts are refused', async () => {
    const id = await runningInstance();
    const aid = await createAccount(id, 'doomed');
    const d = (await list(id))[0]!;
    const dflt = await c.call('DELETE', `${base(id)}/${d.account_id}`);
    expect([dflt.status, dflt.body.error_code]).toEqual([400, code('acl.default-account')]);
    const r = await c.call('DELETE', `${base(id)}/${aid}`);
    expect([r.status, r.body]).toEqual([200, undefined]);
    expect(await byName(id, 'doomed')).toMatchObject({ status: 'DELETING' });
    const again = await c.call('DELETE', `${base(id)}/${aid}`);
    expect([again.status, again.body.error_code]).toEqual([400, code('acl.lifecycle')]);
    await c.advance(c.emu.config.durations.job);
    expect(await byName(id, 'doomed')).toBeUndefined();
    expect((await list(id)).map((a) => a.account_id)).toEqual([d.account_id]);
    // A name freed by deletion can be used again.
    await createAccount(id, 'doomed');
  });

  test('an account still being created cannot be changed or deleted', async () => {
    const id = await runningInstance();
    await c.call('POST', base(id), { account_name: 'fresh', account_role: 'read', account_password: PW });
    const aid = (await byName(id, 'fresh'))!.account_id;
    const del = await c.call('DELETE', `${base(id)}/${aid}`);
    expect([del.status, del.body.error_code]).toEqual([400, code('acl.lifecycle')]);
    expect(await byName(id, 'fresh')).toMatchObject({ status: 'CREATING' });
  });

  test('every account operation answers an unknown account_id with the not-found code', async () => {
    const id = await runningInstance();
    const unknown = `${base(id)}/00000000-0000-4000-8000-000000000000`;
    for (const [method, path, body] of [
      ['PUT', `${unknown}/password/modify`, { old_password: PW, new_password: 'N3w-Secret!' }],
      ['PUT', `${unknown}/password/reset`, { new_password: 'N3w-Secret!' }],
      ['PUT', `${unknown}/role`, { account_role: 'write' }],
      ['PUT', unknown, { description: 'x' }],
      ['DELETE', unknown, undefined],
    ] as const) {
      const r = await c.call(method, path, body);
      expect([r.status, r.body.error_code, r.body.error_msg], `${method} ${path}`).toEqual([400, notFound(), expect.stringContaining('account_id')]);
    }
  });
});
