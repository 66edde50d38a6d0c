import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { UnknownOperationError } from '../errors.ts';
import { assertProperty } from '../seed.ts';
import { renderUrl, requestArbitrary, requestProblems, type GeneratedRequest } from './operation.ts';

const spec = await loadSpec();

function assertValid(req: GeneratedRequest): void {
  const op = spec.operation(req.operationId);
  for (const p of op.parameters) {
    const value = p.in === 'path' ? req.pathParams[p.name] : req.query[p.name];
    if (value === undefined) {
      if (p.required) throw new Error(`${p.in} ${p.name} is required but missing`);
      continue;
    }
    const r = spec.validateParameter(op.id, p.name, value);
    if (!r.valid) throw new Error(`${p.in} ${p.name}=${JSON.stringify(value)}: ${JSON.stringify(r.errors)}`);
  }
  if (op.requestBody?.schema) {
    const r = spec.validateRequestBody(op.id, req.body);
    if (!r.valid) throw new Error(`body ${JSON.stringify(req.body)}: ${JSON.stringify(r.errors)}`);
  }
  // The rendered URL routes back to this operation with the same path parameters.
  const [path, qs] = renderUrl(req).split('?');
  const groups = op.pathPattern.exec(path!)?.groups ?? {};
  expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, decodeURIComponent(v)]))).toEqual(req.pathParams);
  expect(new URLSearchParams(qs).size).toBe(Object.values(req.query).filter((v) => v !== undefined).length);
}

describe('requestArbitrary: every operation of the spec', () => {
  test('covers all operations', () => {
    expect(spec.operations.length).toBeGreaterThan(80);
  });

  test.each(spec.operations.map((o) => [o.id]))('%s: generated path, query and body pass the spec validators', async (id) => {
    await assertProperty(`valid request ${id}`, fc.property(requestArbitrary(spec, id), assertValid), { numRuns: 20 });
    await assertProperty(`valid full request ${id}`, fc.property(requestArbitrary(spec, id, { optional: 'all' }), assertValid), { numRuns: 5 });
  });
});

describe('requestArbitrary: options and errors', () => {
  test('unknown operation ids are refused with a typed error', () => {
    expect(() => requestArbitrary(spec, 'NoSuchOperation')).toThrow(UnknownOperationError);
  });

  test('path and query overrides and body patches land in the request', () => {
    const op = spec.operations.find((o) => o.parameters.some((p) => p.in === 'query'));
    const create = spec.operations.find((o) => o.requestBody?.required && o.parameters.some((p) => p.in === 'path'))!;
    const reqs = fc.sample(requestArbitrary(spec, create.id, { path: { project_id: fc.constant('p-1') }, bodyPatches: [fc.constant({ patched: true })] }), { numRuns: 10, seed: 5 });
    for (const r of reqs) {
      expect(r.pathParams.project_id).toBe('p-1');
      expect((r.body as Record<string, unknown>).patched).toBe(true);
    }
    expect(op).toBeDefined();
    const q = op!.parameters.find((p) => p.in === 'query')!;
    const withQuery = fc.sample(requestArbitrary(spec, op!.id, { optional: 'all', query: { [q.name]: fc.constant('fixed') } }), { numRuns: 10, seed: 6 });
    for (const r of withQuery) expect(r.query[q.name]).toBe('fixed');
  });

  test('an optional body is sometimes left out only when asked', () => {
    const op = spec.operations.find((o) => o.requestBody?.schema && !o.requestBody.required)!;
    expect(fc.sample(requestArbitrary(spec, op.id), { numRuns: 30, seed: 7 }).every((r) => r.body !== undefined)).toBe(true);
    expect(fc.sample(requestArbitrary(spec, op.id, { optionalBody: 'sometimes' }), { numRuns: 60, seed: 7 }).some((r) => r.body === undefined)).toBe(true);
  });

  test('requestProblems reports what breaks a request', () => {
    const list = spec.operations.find((o) => o.parameters.some((p) => p.in === 'query' && p.schema.type === 'integer'))!;
    const param = list.parameters.find((p) => p.in === 'query' && p.schema.type === 'integer')!;
    const [req] = fc.sample(requestArbitrary(spec, list.id), { numRuns: 1, seed: 8 });
    expect(requestProblems(spec, req!)).toEqual([]);
    const broken = { ...req!, pathParams: {}, query: { ...req!.query, [param.name]: 'ten' } };
    const problems = requestProblems(spec, broken);
    expect(problems.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining([`query:${param.name}`, ...list.parameters.filter((p) => p.in === 'path').map((p) => `path:${p.name}`)]));
    const withBody = spec.operations.find((o) => o.requestBody?.required)!;
    const [b] = fc.sample(requestArbitrary(spec, withBody.id), { numRuns: 1, seed: 9 });
    expect(requestProblems(spec, { ...b!, body: 'not an object' }).map((p) => p.in)).toContain('body');
  });
});
