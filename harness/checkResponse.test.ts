// The response checker on real operations of the spec (found by method and path): each check
// passes a conforming response and fails the matching violation; errata apply by mode.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSpec, type JsonObject, type OperationInfo, type Spec } from '../spec/index.ts';
import { checkResponse, failures, type CheckOptions, type ResponseToCheck } from './checkResponse.ts';
import { checks } from './checks/index.ts';
import type { Check, Finding } from './checks/types.ts';
import { accepts } from './checks/errata.ts';

let spec: Spec;
let show: OperationInfo; // GET one instance: documents 200 (schema), 400, 500 — no 404
let list: OperationInfo; // GET instances: every status with an error schema
let counts: OperationInfo; // GET instance counts by status: no {instance_id}
let showBody: Record<string, unknown>;
let listBody: Record<string, unknown>;
const JSON_CT = { 'content-type': 'application/json' };

function find(method: string, path: string): OperationInfo {
  const op = spec.byMethodPath(method, path);
  if (!op) throw new Error(`${method} ${path} is not in the spec`);
  return op;
}

const code = (ruleId: string) => spec.rules.protocol(ruleId).errorCode;
const run = (op: OperationInfo, r: ResponseToCheck, o?: CheckOptions) => checkResponse(spec, op.id, r, o);
const byCheck = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);
const failed = (findings: Finding[]) => failures(findings).map((f) => f.check);

beforeAll(async () => {
  spec = await loadSpec();
  show = find('GET', '/v2/{project_id}/instances/{instance_id}');
  list = find('GET', '/v2/{project_id}/instances');
  counts = find('GET', '/v2/{project_id}/instances/status');
  // The reference's own examples are conforming bodies.
  showBody = show.responses.get(200)!.examples[0]!.value as Record<string, unknown>;
  listBody = list.responses.get(200)!.examples[0]!.value as Record<string, unknown>;
});

describe('a conforming response', () => {
  test('has no findings', () => {
    expect(run(show, { status: 200, headers: JSON_CT, json: showBody })).toEqual([]);
    expect(run(list, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, text: JSON.stringify(listBody) })).toEqual([]);
    const err = { error_code: code('request.invalid-parameter'), error_msg: 'Invalid instance_id parameter in the request.' };
    expect(run(list, { status: 400, headers: JSON_CT, json: err })).toEqual([]);
  });

  test('findings name the operation and section', () => {
    const [f] = run(show, { status: 299, headers: {} });
    expect(f).toMatchObject({ check: 'status-documented', severity: 'failure', operationId: show.id, section: show.section });
  });
});

describe('status-documented', () => {
  test('an undocumented status fails', () => {
    expect(show.responses.has(201)).toBe(false);
    const findings = run(show, { status: 201, headers: JSON_CT, json: showBody });
    expect(byCheck(findings, 'status-documented')).toMatchObject([{ severity: 'failure', message: expect.stringMatching(/status 201 is not documented/) }]);
  });

  test('erratum undocumented-404: instance-not-found on an {instance_id} operation is not a finding', () => {
    expect(show.responses.has(404)).toBe(false);
    const notFound = { error_code: code('resource.instance-not-found'), error_msg: 'This DCS instance does not exist.' };
    for (const mode of ['strict', 'lenient'] as const) expect(run(show, { status: 404, headers: JSON_CT, json: notFound }, { mode })).toEqual([]);
    // Its twin of the other code family too.
    const twin = spec.errors.equivalents(notFound.error_code).find((c) => c !== notFound.error_code)!;
    expect(run(show, { status: 404, headers: JSON_CT, json: { ...notFound, error_code: twin } })).toEqual([]);
  });

  test('other 404s stay findings: another code, or an operation without {instance_id}', () => {
    const unknownUrl = { error_code: code('request.unknown-url'), error_msg: 'The requested URL does not exist.' };
    expect(failed(run(show, { status: 404, headers: JSON_CT, json: unknownUrl }))).toContain('status-documented');
    const notFound = { error_code: code('resource.instance-not-found'), error_msg: 'x' };
    expect(counts.responses.has(404)).toBe(false);
    expect(failed(run(counts, { status: 404, headers: JSON_CT, json: notFound }))).toEqual(['status-documented']);
  });

  test('a status the expectation names but the operation omits is a note, with the rule', () => {
    const body = { error_code: code('auth.invalid-token'), error_msg: 'Invalid token.' };
    expect(failed(run(show, { status: 401, headers: JSON_CT, json: body }))).toEqual(['status-documented']);
    const findings = run(show, { status: 401, headers: JSON_CT, json: body }, { expect: { status: 401, codes: [body.error_code], rule: 'auth.invalid-token' } });
    expect(failures(findings)).toEqual([]);
    expect(byCheck(findings, 'status-documented')).toMatchObject([{ severity: 'note', rule: 'auth.invalid-token' }]);
  });
});

describe('schema', () => {
  function schemaOf(op: OperationInfo, status: number): JsonObject {
    return op.responses.get(status)!.schema!;
  }
  const props = (s: JsonObject) => Object.entries(s.properties as Record<string, JsonObject>);

  test('a missing required field fails, with its path', () => {
    const required = (schemaOf(list, 400).required as string[])[0]!;
    const body: Record<string, unknown> = { error_code: code('request.invalid-parameter'), error_msg: 'm' };
    delete body[required];
    const findings = byCheck(run(list, { status: 400, headers: JSON_CT, json: body }), 'schema');
    expect(findings).toMatchObject([{ severity: 'failure', path: `/${required}`, message: expect.stringContaining(required) }]);
  });

  test('a wrong type fails', () => {
    const [name] = props(schemaOf(show, 200)).find(([, s]) => s.type === 'integer' && !s.enum)!;
    const findings = byCheck(run(show, { status: 200, headers: JSON_CT, json: { ...showBody, [name]: 'not a number' } }), 'schema');
    expect(findings).toMatchObject([{ severity: 'failure', path: `/${name}`, message: expect.stringMatching(/must be integer/) }]);
  });

  test('a value outside the enum fails and lists the allowed values', () => {
    const [name, s] = props(schemaOf(show, 200)).find(([, p]) => Array.isArray(p.enum) && p.type === 'integer')!;
    const outside = Math.max(...(s.enum as number[])) + 1;
    const findings = byCheck(run(show, { status: 200, headers: JSON_CT, json: { ...showBody, [name]: outside } }), 'schema');
    expect(findings).toMatchObject([{ severity: 'failure', path: `/${name}`, message: expect.stringMatching(/allowed/) }]);
  });

  test('a documented body that is missing or not JSON fails', () => {
    expect(byCheck(run(show, { status: 200, headers: JSON_CT, text: '' }), 'schema')).toMatchObject([{ message: expect.stringMatching(/empty/) }]);
    expect(byCheck(run(show, { status: 200, headers: JSON_CT, text: '<html>' }), 'schema')).toMatchObject([{ message: expect.stringMatching(/not JSON/) }]);
  });
});

describe('content-type', () => {
  test('a documented JSON body with another or no Content-Type fails', () => {
    expect(failed(run(show, { status: 200, headers: { 'content-type': 'text/html' }, json: showBody }))).toEqual(['content-type']);
    expect(failed(run(show, { status: 200, headers: {}, json: showBody }))).toEqual(['content-type']);
  });

  test('error bodies must be JSON-labelled even where the operation gives no schema', () => {
    expect(show.responses.get(400)?.schema).toBeUndefined();
    const body = { error_code: code('request.invalid-parameter'), error_msg: 'm' };
    expect(failed(run(show, { status: 400, headers: { 'content-type': 'text/plain' }, json: body }))).toEqual(['content-type']);
    expect(failed(run(show, { status: 400, headers: JSON_CT, json: body }))).toEqual([]);
  });
});

describe('error codes', () => {
  test('a code that is not in the catalog fails', () => {
    expect(spec.errors.get('DCS.99999')).toBeUndefined();
    const findings = run(list, { status: 400, headers: JSON_CT, json: { error_code: 'DCS.99999', error_msg: 'm' } });
    expect(failures(findings)).toMatchObject([{ check: 'error-code-known', path: '/error_code', message: expect.stringContaining('DCS.99999') }]);
  });

  test('an error without error_code fails once: by schema where documented, else by error-code-known', () => {
    expect(failed(run(list, { status: 400, headers: JSON_CT, json: { error_msg: 'm' } }))).toEqual(['schema']);
    expect(failed(run(show, { status: 400, headers: JSON_CT, json: { error_msg: 'm' } }))).toEqual(['error-code-known']);
  });

  test('a code answered with a status other than its catalog status fails', () => {
    const c = code('auth.invalid-token');
    expect(spec.errors.get(c)!.status).toBe(401);
    const findings = run(list, { status: 400, headers: JSON_CT, json: { error_code: c, error_msg: 'm' } });
    expect(failures(findings)).toMatchObject([{ check: 'error-code-status', message: expect.stringMatching(/status 401 in the catalog.*status is 400/) }]);
  });

  test('erratum project-token-mismatch-status: the 400 reading is lenient-only', () => {
    const body = { error_code: code('auth.project-mismatch'), error_msg: 'Project ID does not match the token.' };
    const strict = run(list, { status: 400, headers: JSON_CT, json: body }, { mode: 'strict', expect: { status: 401, codes: [body.error_code] } });
    expect(failed(strict)).toEqual(['error-code-status', 'expected-status']);
    const lenient = run(list, { status: 400, headers: JSON_CT, json: body }, { mode: 'lenient', expect: { status: 401, codes: [body.error_code] } });
    expect(failures(lenient)).toEqual([]);
    expect(lenient.map((f) => [f.check, f.severity, f.rule])).toEqual([
      ['error-code-status', 'note', 'project-token-mismatch-status'],
      ['expected-status', 'note', 'project-token-mismatch-status'],
    ]);
    expect(run(list, { status: 401, headers: JSON_CT, json: body }, { mode: 'strict', expect: { status: 401, codes: [body.error_code] } })).toEqual([]);
  });

  test('a request expected to succeed is not excused by a project mismatch', () => {
    const body = { error_code: code('auth.project-mismatch'), error_msg: 'Project ID does not match the token.' };
    for (const mode of ['strict', 'lenient'] as const) expect(failed(run(list, { status: 401, headers: JSON_CT, json: body }, { mode, expect: { status: 200 } }))).toContain('expected-status');
  });
});

describe('expectations', () => {
  const invalid = () => code('request.invalid-parameter');

  test('any code of the same meaning conforms', () => {
    const twin = spec.errors.equivalents(invalid()).find((c) => c !== invalid() && /^\d/.test(c))!;
    expect(twin).toBeDefined();
    expect(run(list, { status: 400, headers: JSON_CT, json: { error_code: twin, error_msg: 'm' } }, { expect: { status: 400, codes: [invalid()] } })).toEqual([]);
  });

  test('another code, or none, fails expected-code', () => {
    const other = code('request.malformed-json');
    expect(spec.errors.sameMeaning(other, invalid())).toBe(false);
    const findings = run(list, { status: 400, headers: JSON_CT, json: { error_code: other, error_msg: 'm' } }, { expect: { status: 400, codes: [invalid()], rule: 'request.invalid-parameter' } });
    expect(failures(findings)).toMatchObject([{ check: 'expected-code', rule: 'request.invalid-parameter', message: expect.stringContaining(other) }]);
    expect(failed(run(list, { status: 200, headers: JSON_CT, json: listBody }, { expect: { codes: [invalid()] } }))).toEqual(['expected-code']);
  });

  test('an unexpected status fails expected-status', () => {
    const body = { error_code: invalid(), error_msg: 'm' };
    expect(failed(run(list, { status: 400, headers: JSON_CT, json: body }, { expect: { status: [200, 204] } }))).toEqual(['expected-status']);
    expect(failed(run(list, { status: 400, headers: JSON_CT, json: body }, { expect: { status: [400, 404] } }))).toEqual([]);
  });

  test('erratum undocumented-404, reading status-table: lenient accepts a 400 catalog answer for a missing instance', () => {
    const expectation = { status: 404, codes: [code('resource.instance-not-found')] };
    const answer = { status: 400, headers: JSON_CT, json: { error_code: invalid(), error_msg: 'm' } };
    expect(failed(run(show, answer, { mode: 'strict', expect: expectation }))).toEqual(['expected-status', 'expected-code']);
    const lenient = run(show, answer, { mode: 'lenient', expect: expectation });
    expect(failures(lenient)).toEqual([]);
    expect(lenient.map((f) => f.rule)).toEqual(['undocumented-404', 'undocumented-404']);
    // Not for a code outside the catalog.
    expect(failed(run(show, { ...answer, json: { error_code: 'NOPE.1', error_msg: 'm' } }, { mode: 'lenient', expect: expectation }))).toContain('expected-status');
  });
});

describe('unknown-field', () => {
  test('extra fields are notes, never failures, with their paths', () => {
    const instances = listBody.instances as Record<string, unknown>[];
    expect(instances.length).toBeGreaterThan(0);
    const body = { ...listBody, vendor_extra: 1, instances: [{ ...instances[0], nested_extra: { a: 1 } }] };
    const findings = run(list, { status: 200, headers: JSON_CT, json: body });
    expect(failures(findings)).toEqual([]);
    expect(findings.map((f) => [f.check, f.severity, f.path])).toEqual([
      ['unknown-field', 'note', '/instances/0/nested_extra'],
      ['unknown-field', 'note', '/vendor_extra'],
    ]);
  });
});

describe('registry and arguments', () => {
  test('every check is registered once, with the documented ids', () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['status-documented', 'schema', 'content-type', 'error-code-known', 'error-code-status', 'expected-status', 'expected-code', 'unknown-field']);
    for (const c of checks) expect(c.description).toMatch(/\w/);
  });

  test('a custom check list runs only those checks', () => {
    const always: Check = { id: 'always', description: 'test', run: (ctx) => [ctx.finding('failure', 'x')] };
    expect(run(show, { status: 201, headers: {} }, { checks: [always] })).toEqual([{ check: 'always', severity: 'failure', message: 'x', operationId: show.id, section: show.section }]);
  });

  test('a custom check may take finding() out of the context (destructured): it still names that check', () => {
    const first: Check = { id: 'first', description: 'test', run: ({ finding, status }) => [finding('note', `status ${status}`)] };
    const second: Check = { id: 'second', description: 'test', run: ({ finding }) => [finding('failure', 'y', { rule: 'r' })] };
    expect(run(show, { status: 201, headers: {} }, { checks: [first, second] })).toEqual([
      { check: 'first', severity: 'note', message: 'status 201', operationId: show.id, section: show.section },
      { check: 'second', severity: 'failure', message: 'y', operationId: show.id, section: show.section, rule: 'r' },
    ]);
  });

  test('unknown operation and unknown mode are argument errors', () => {
    expect(() => checkResponse(spec, 'NoSuchOperation', { status: 200, headers: {} })).toThrow(expect.objectContaining({ code: 'DCS_INVALID_ARGUMENT', message: expect.stringMatching(/Fix/) }));
    expect(() => run(show, { status: 200, headers: {} }, { mode: 'loose' as never })).toThrow(/strict.*lenient/);
  });

  test('an erratum missing from spec/ is a named error, not a silent pass', () => {
    expect(accepts(spec, 'undocumented-404', 'catalog', 'strict')).toBe(true);
    expect(accepts(spec, 'undocumented-404', 'status-table', 'strict')).toBe(false);
    expect(() => accepts({ ...spec, errata: [] }, 'undocumented-404', 'catalog', 'strict')).toThrow(expect.objectContaining({ code: 'DCS_SPEC_MISMATCH' }));
  });
});
