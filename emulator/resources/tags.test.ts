// Tags (4.7): per-instance tags set at creation and by the batch action, the 'tags.action' rule,
// and the tenant-wide union over the project's instances.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 23 });
afterAll(() => c.close());

const valid = (op: string, status: number, body: unknown) => {
  const check = spec.validateResponse(op, status, body);
  expect(check?.valid, JSON.stringify(check?.errors)).toBe(true);
};

let n = 0;
async function instance(overrides: Record<string, unknown> = {}, run = true): Promise<string> {
  const r = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: `tag-${++n}`, ...overrides }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (run) await c.advance(c.emu.config.durations.create);
  return r.body.instances[0].instance_id;
}
const action = (id: string, body: unknown) => c.call('POST', `/v2/{project_id}/dcs/${id}/tags/action`, body);
const tagsOf = async (id: string) => {
  const r = await c.call('GET', `/v2/{project_id}/instances/${id}/tags`);
  expect(r.status).toBe(200);
  valid('ShowTags', 200, r.body);
  return r.body.tags as { key: string; value: string }[];
};
const tenant = async () => {
  const r = await c.call('GET', '/v2/{project_id}/dcs/tags');
  expect(r.status).toBe(200);
  valid('ListTagsOfTenant', 200, r.body);
  return r.body.tags as { key: string; values: string[] }[];
};

describe('ShowTags and BatchCreateOrDeleteTags', () => {
  test('tags given at creation are the instance tags', async () => {
    const id = await instance({ tags: [{ key: 'env', value: 'prod' }] });
    expect(await tagsOf(id)).toEqual([{ key: 'env', value: 'prod' }]);
  });

  test('create adds tags and replaces the value of an existing key', async () => {
    const id = await instance({ tags: [{ key: 'env', value: 'prod' }] });
    const r = await action(id, { action: 'create', tags: [{ key: 'team', value: 'cache' }, { key: 'env', value: 'test' }] });
    expect([r.status, r.body]).toEqual([204, undefined]);
    expect(await tagsOf(id)).toEqual([{ key: 'env', value: 'test' }, { key: 'team', value: 'cache' }]);
  });

  test('delete removes by key, or by key and matching value; unknown keys are ignored', async () => {
    const id = await instance({ tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] });
    expect((await action(id, { action: 'delete', tags: [{ key: 'a' }, { key: 'b', value: 'other' }, { key: 'zzz' }] })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: 'b', value: '2' }, { key: 'c', value: '3' }]);
    expect((await action(id, { action: 'delete', tags: [{ key: 'b', value: '2' }] })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: 'c', value: '3' }]);
  });

  test('each part of the tags.action rule is refused with its code, and nothing changes', async () => {
    const rule = spec.rules.tags.action;
    const id = await instance({ tags: [{ key: 'keep', value: 'me' }] });
    const bad: unknown[] = [
      { action: 'create', tags: [{ key: 'novalue' }] },
      { action: 'create', tags: [{ key: 'dup', value: '1' }, { key: 'dup', value: '2' }] },
      { action: 'create', tags: [{ key: 'k'.repeat(rule.keyMaxLength + 1), value: 'v' }] },
      { action: 'create', tags: [{ key: 'long', value: 'v'.repeat(rule.valueMaxLength + 1) }] },
      { action: 'create', tags: [{ key: '', value: 'v' }] },
      { action: 'delete', tags: [{ key: 'keep' }, { key: 'keep' }] },
    ];
    for (const body of bad) {
      const r = await action(id, body);
      expect([r.status, r.body.error_code], JSON.stringify(body)).toEqual([400, rule.errorCode]);
    }
    const wrongAction = await action(id, { action: 'update', tags: [{ key: 'x', value: 'y' }] });
    expect([wrongAction.status, wrongAction.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    expect((await action(id, { action: 'create' })).status).toBe(400);
    expect(await tagsOf(id)).toEqual([{ key: 'keep', value: 'me' }]);
    // The limits are the 4.7.2 ones: a key at the limit is accepted.
    expect((await action(id, { action: 'create', tags: [{ key: 'k'.repeat(rule.keyMaxLength), value: 'v'.repeat(rule.valueMaxLength) }] })).status).toBe(204);
  });

  test('refused while the instance is not RUNNING; unknown instance is 404', async () => {
    const id = await instance({}, false);
    const r = await action(id, { action: 'create', tags: [{ key: 'early', value: '1' }] });
    expect(r.status).toBe(400);
    expect(spec.rules.states.busyCodes).toContain(r.body.error_code);
    expect(await tagsOf(id)).toEqual([]);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect((await action(ghost, { action: 'create', tags: [{ key: 'k', value: 'v' }] })).status).toBe(404);
    const show = await c.call('GET', `/v2/{project_id}/instances/${ghost}/tags`);
    expect([show.status, show.body.error_code]).toEqual([404, spec.rules.protocol('resource.instance-not-found').errorCode]);
  });
});

describe('ListTagsOfTenant', () => {
  test('one entry per key with every value over the project, following changes and deletions', async () => {
    const a = await instance({ tags: [{ key: 'owner', value: 'alice' }, { key: 'tier', value: 'gold' }] });
    const b = await instance({ tags: [{ key: 'owner', value: 'bob' }, { key: 'tier', value: 'gold' }] });
    const entry = (tags: { key: string; values: string[] }[], key: string) => tags.find((t) => t.key === key);
    let tags = await tenant();
    expect(entry(tags, 'owner')).toEqual({ key: 'owner', values: ['alice', 'bob'] });
    expect(entry(tags, 'tier')).toEqual({ key: 'tier', values: ['gold'] });
    expect(new Set(tags.map((t) => t.key)).size).toBe(tags.length);
    await action(b, { action: 'delete', tags: [{ key: 'owner' }] });
    await action(a, { action: 'create', tags: [{ key: 'project', value: 'x' }] });
    tags = await tenant();
    expect(entry(tags, 'owner')).toEqual({ key: 'owner', values: ['alice'] });
    expect(entry(tags, 'project')).toEqual({ key: 'project', values: ['x'] });
    expect((await c.call('DELETE', `/v2/{project_id}/instances/${a}`)).status).toBe(204);
    await c.advance(c.emu.config.durations.delete);
    tags = await tenant();
    expect(entry(tags, 'owner')).toBeUndefined();
    expect(entry(tags, 'project')).toBeUndefined();
    expect(entry(tags, 'tier')).toEqual({ key: 'tier', values: ['gold'] });
  });

  test('another project sees none of these tags', async () => {
    await instance({ tags: [{ key: 'secret', value: 's' }] });
    const other = c.emu.config.users.find((u) => u.projects[0] !== c.emu.projectId)!;
    const r = await c.call('GET', `/v2/${other.projects[0]}/dcs/tags`, undefined, { token: other.token });
    expect(r.status).toBe(200);
    valid('ListTagsOfTenant', 200, r.body);
    expect(r.body.tags).toEqual([]);
  });
});
