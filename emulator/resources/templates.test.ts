// Parameter templates (4.14): default templates after the reference's example, custom templates that
// are created, listed with filters and paging, and used by instances created from them.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';
import { createInstanceBody } from '../../harness/index.ts';

// One emulator per file, started at collection, as every test here needs it.
const spec = await loadSpec();
const c = await testClient({ seed: 51 });
afterAll(() => c.close());

interface Template { template_id: string; name: string; type: string; cache_mode: string; engine_version: string; description: string | null; created_at?: string }

const list = async (query: string) => {
  const r = await c.call('GET', `/v2/{project_id}/config-templates?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ListConfigTemplates', 200, r.body)?.valid).toBe(true);
  return r.body as { template_num: number; templates: Template[] };
};
const create = (body: Record<string, unknown>) => c.call('POST', '/v2/{project_id}/config-templates', body);
const example = () => structuredClone(spec.operation('CreateCustomTemplate').requestBody!.examples[0]!.value) as Record<string, unknown>;
/** The reference's example request, with its integer parameter value written as the String the table types it. */
const validExample = (overrides: Record<string, unknown> = {}) => ({ ...example(), params: { 'latency-monitor-threshold': '15' }, ...overrides });

describe('default templates', () => {
  test('include the reference\'s example template and one per engine version and instance type', async () => {
    const all = await list('type=sys&limit=1000');
    const shown = (spec.operation('ListConfigTemplates').responses.get(200)!.examples[0]!.value as { templates: Template[] }).templates[0]!;
    expect(all.templates).toContainEqual(shown);
    const enums = (name: string) => spec.operation('ListConfigTemplates').parameters.find((p) => p.name === name)!.schema.enum as string[];
    expect(all.template_num).toBe(enums('engine_version').length * enums('cache_mode').length);
    expect(all.templates.every((t) => t.type === 'sys' && t.created_at === undefined)).toBe(true);
  });

  test('filters: version and type select the template the 4.14.2 example derives from; name is a fuzzy search', async () => {
    const single5 = await list('type=sys&engine=Redis&engine_version=5.0&cache_mode=single');
    expect(single5.templates.map((t) => t.template_id)).toEqual([example().template_id]);
    const fuzzy = await list('type=sys&name=redis-6.0-HA-&limit=100');
    expect(fuzzy.templates.map((t) => [t.engine_version, t.cache_mode])).toEqual([['6.0', 'ha']]);
  });

  test('paging: offset/limit, offset past the end is an empty page, limit out of range refused', async () => {
    const all = await list('type=sys&limit=1000');
    expect((await list('type=sys&offset=3&limit=4')).templates).toEqual(all.templates.slice(3, 7));
    expect((await list('type=sys')).templates).toHaveLength(10);
    expect(await list(`type=sys&offset=${all.template_num}`)).toEqual({ template_num: all.template_num, templates: [] });
    const bad = await c.call('GET', '/v2/{project_id}/config-templates?type=sys&limit=1001');
    expect([bad.status, bad.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
  });

  test('type is mandatory', async () => {
    const r = await c.call('GET', '/v2/{project_id}/config-templates');
    expect([r.status, r.body.error_code]).toEqual([400, spec.rules.protocol('request.invalid-parameter').errorCode]);
    expect(r.body.error_msg).toContain('type');
  });
});

describe('custom templates', () => {
  test('created from a default template, listed as user templates, and used by instances created from them', async () => {
    const r = await create(validExample({ name: 'low-latency', description: 'for tests' }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(spec.validateResponse('CreateCustomTemplate', 200, r.body)?.valid).toBe(true);
    const users = await list('type=user&name=LOW');
    expect(users.templates).toEqual([expect.objectContaining({ template_id: r.body.id, name: 'low-latency', type: 'user', cache_mode: 'single', engine_version: '5.0', description: 'for tests' })]);
    expect(Date.parse(users.templates[0]!.created_at!)).toBe((await c.call('GET', '/__emulator/clock', undefined, { token: null })).body.now);
    expect((await list('type=sys&limit=1000')).templates.map((t) => t.template_id)).not.toContain(r.body.id);

    const made = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'from-template', cache_mode: 'single', template_id: r.body.id }));
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const configs = await c.call('GET', `/v2/{project_id}/instances/${made.body.instances[0].instance_id}/configs`);
    const value = (name: string) => configs.body.redis_config.find((p: { param_name: string }) => p.param_name === name).param_value;
    expect(value('latency-monitor-threshold')).toBe('15');
    expect(value('timeout')).toBe('0');
  });

  test('user templates are filtered and paged like default ones', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) expect((await create(validExample({ name }))).status).toBe(200);
    const all = await list('type=user&name=page-');
    expect(all.templates.map((t) => t.name)).toEqual(['page-a', 'page-b', 'page-c']);
    expect((await list('type=user&name=page-&offset=1&limit=1')).templates.map((t) => t.name)).toEqual(['page-b']);
    expect((await list('type=user&name=page-&cache_mode=ha')).template_num).toBe(0);
    expect(await list('type=user&name=page-&offset=3')).toEqual({ template_num: 3, templates: [] });
  });

  test.for([
    ['an unknown default template', { template_id: 'nope' }, 'resource.not-found', 'template_id'],
    ['a name already taken', { name: 'dup-name' }, 'template.name-unique', 'name'],
    ['an empty name', { name: ' ' }, 'template.name-unique', 'name'],
    ['a cache mode other than the default template\'s', { cache_mode: 'ha' }, 'template.matches-source', 'cache_mode'],
    ['a version other than the default template\'s', { engine_version: '6.0' }, 'template.matches-source', 'engine_version'],
    ['a value out of range', { params: { timeout: '99999' } }, 'config.param-value', 'timeout'],
    ['an unknown parameter', { params: { 'no-such-param': '1' } }, 'request.invalid-parameter', 'params'],
    ['a parameter value that is not a String (the reference example as written)', { params: { 'latency-monitor-threshold': 15 } }, 'request.invalid-parameter', 'params'],
  ] as const)('refuses %s with its code; nothing is created', async ([, overrides, rule, field]) => {
    if ('name' in overrides && overrides.name === 'dup-name') expect((await create(validExample({ name: 'dup-name' }))).status).toBe(200);
    const before = (await list('type=user&limit=1000')).template_num;
    const r = await create(validExample(overrides));
    expect([r.status, r.body.error_code]).toEqual([400, spec.rules.byId(rule).errorCode]);
    expect(r.body.error_msg).toContain(field);
    expect((await list('type=user&limit=1000')).template_num).toBe(before);
  });
});
