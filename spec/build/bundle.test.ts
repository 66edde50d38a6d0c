// The committed OpenAPI bundle is what spec/src/ renders to, and it loads cleanly.
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import { renderBundle } from './bundle.ts';
import { BUNDLE_FILE } from './paths.ts';

describe('bundle', () => {
  test('spec/dcs-v2.openapi.json is up to date with spec/src (run npm run build:spec)', () => {
    expect(readFileSync(BUNDLE_FILE, 'utf8') === renderBundle()).toBe(true);
  });

  test('validates as OpenAPI 3.1 and every schema compiles in ajv strict mode', async () => {
    const spec = await loadSpec();
    expect(spec.bundle.openapi).toBe('3.1.0');
    // loadSpec() only dereferences: the bundle's validity as OpenAPI is proven here, once.
    const validated = (await SwaggerParser.validate(structuredClone(spec.bundle) as never)) as unknown;
    expect(validated).toEqual(spec.document);
    const broken = structuredClone(spec.bundle) as { paths: Record<string, unknown> };
    broken.paths['/v2/{project_id}/instances'] = { get: { responses: 'none' } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
    const expected = spec.operations.reduce((n, o) => n + (o.requestBody?.schema ? 1 : 0) + o.parameters.length + [...o.responses.values()].filter((r) => r.schema).length, 0);
    expect(spec.compileAll()).toBe(expected);
    expect(spec.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('match() routes concrete paths, literal segments before parameters', async () => {
    const spec = await loadSpec();
    expect(spec.match('GET', '/v2/p1/instances/status')?.operation.path).toBe('/v2/{project_id}/instances/status');
    const m = spec.match('GET', '/v2/p1/instances/abc');
    expect(m?.operation.path).toBe('/v2/{project_id}/instances/{instance_id}');
    expect(m?.params).toEqual({ project_id: 'p1', instance_id: 'abc' });
    expect(spec.match('PATCH', '/v2/p1/instances')).toBeUndefined();
    expect(spec.match('GET', '/v2/p1/nothing-here')).toBeUndefined();
  });

  test('the validators reject what the schema forbids', async () => {
    const spec = await loadSpec();
    const list = spec.byMethodPath('GET', '/v2/{project_id}/instances')!;
    expect(spec.validateParameter(list.id, 'limit', 10).valid).toBe(true);
    expect(spec.validateParameter(list.id, 'limit', 'ten').valid).toBe(false);
    const create = spec.byMethodPath('POST', '/v2/{project_id}/instances')!;
    expect(spec.validateRequestBody(create.id, {}).valid).toBe(false);
    expect(spec.validateResponse(create.id, 400, { error_code: 'DCS.4005', error_msg: 'x' })?.valid).toBe(true);
    expect(spec.validateResponse(create.id, 400, { error_msg: 'x' })?.valid).toBe(false);
    expect(() => spec.operation('NoSuchOperation')).toThrow(/not in the spec/);
  });
});
