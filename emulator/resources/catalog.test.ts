// The product catalog (resources/catalog.ts) and the shaping cache it relies on (core/shape.ts): the
// flavor answers are built once per spec and query and frozen, so they must still follow the query and
// the capacity tables exactly, and a cached answer must never be editable.
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { flavorCatalog } from '../../spec/rules/index.ts';
import { conform, deepFreeze } from '../core/shape.ts';
import { createInstanceBody } from '../../harness/index.ts';
import { testClient } from '../../testing/emulatorClient.ts';

const spec = await loadSpec();
const c = await testClient({ seed: 41 });
afterAll(() => c.close());

type Flavor = { spec_code: string; cache_mode: string; capacity: string[] };
const flavors = async (query = '') => {
  const r = await c.call('GET', `/v2/{project_id}/flavors${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(spec.validateResponse('ListFlavors', 200, r.body)?.valid).toBe(true);
  return r.body.flavors as Flavor[];
};

describe('ListFlavors', () => {
  const catalog = flavorCatalog(spec.rules.flavors, [spec.rules.capacity.create, spec.rules.capacity.resize]);

  test('unfiltered: every flavor of the capacity tables, the same answer every time', async () => {
    const all = await flavors();
    expect(all.map((f) => f.spec_code).sort()).toEqual(catalog.map((f) => f.spec_code).sort());
    expect(await flavors()).toEqual(all);
  });

  test('each filter keeps only its matches; a filtered answer does not leak into the unfiltered one', async () => {
    const one = catalog[catalog.length - 1]!;
    expect((await flavors(`?spec_code=${one.spec_code}`)).map((f) => f.spec_code)).toEqual([one.spec_code]);
    const ha = await flavors('?cache_mode=ha');
    expect(ha.length).toBe(catalog.filter((f) => f.cache_mode === 'ha').length);
    expect(ha.every((f) => f.cache_mode === 'ha')).toBe(true);
    const cap = String(one.capacity);
    expect((await flavors(`?capacity=${cap}`)).every((f) => f.capacity.includes(cap))).toBe(true);
    expect(await flavors('?spec_code=redis.nothing.such')).toEqual([]);
    expect((await flavors()).length).toBe(catalog.length);
  });
});

// The catalog's answers are kept as bytes (http/server.ts): the same bytes every time, whatever the
// store does in between, and the AZ list the reference's example.
describe('catalog answers kept as bytes', () => {
  test('ListFlavors and ListAvailableZones answer the same bytes before and after writes and deadlines', async () => {
    const raw = async (path: string) => {
      const r = await fetch(`${c.emu.url}${path.replace('{project_id}', c.emu.projectId)}`, { headers: { 'x-auth-token': c.emu.token } });
      return `${r.status} ${r.headers.get('content-type')} ${r.headers.get('content-length')} ${await r.text()}`;
    };
    const paths = ['/v2/{project_id}/flavors', '/v2/{project_id}/flavors?cache_mode=ha', '/v2/available-zones'];
    const before = await Promise.all(paths.map(raw));
    const made = await c.call('POST', '/v2/{project_id}/instances', createInstanceBody(spec, { name: 'catalog-bytes' }));
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    await c.advance(c.emu.config.durations.create);
    expect(await Promise.all(paths.map(raw))).toEqual(before);
    const zones = spec.operation('ListAvailableZones').responses.get(200)!.examples[0]!.value as { available_zones: unknown[] };
    expect(JSON.parse(before[2]!.slice(before[2]!.indexOf('{'))).available_zones).toEqual(zones.available_zones);
  });
});

describe('shaping frozen values (core/shape.ts)', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' }, n: { type: 'integer' } } };

  test('a frozen value is shaped once: the same frozen result, undocumented fields dropped, scalars converted', () => {
    const value = deepFreeze({ a: 5, n: '7', extra: true });
    const first = conform(schema, value) as Record<string, unknown>;
    expect(first).toEqual({ a: '5', n: 7 });
    expect(conform(schema, value)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      first.a = 'edited';
    }).toThrow(TypeError);
  });

  test('a value that is not frozen is shaped anew each time (it may have changed)', () => {
    const value: Record<string, unknown> = { a: 'x', n: 1 };
    const first = conform(schema, value);
    value.a = 'y';
    const second = conform(schema, value) as Record<string, unknown>;
    expect(second).not.toBe(first);
    expect(second.a).toBe('y');
  });
});
