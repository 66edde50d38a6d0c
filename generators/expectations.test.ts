import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { ExpectationLookupError } from './errors.ts';
import { bodyFieldExpectation, catalogCodeByMessage, emptyBody, expectationFor, fromViolation, genericInvalidParameter, genericInvalidParameterRule, malformedJson } from './expectations.ts';

const spec = await loadSpec();

describe('expectations', () => {
  test('the generic invalid-parameter code is the protocol rule, the same code the port rule names', () => {
    const rule = genericInvalidParameterRule(spec);
    expect(rule.id).toBe('request.invalid-parameter');
    expect(rule.errorCode).toBe(spec.rules.port.errorCode);
    const e = genericInvalidParameter(spec, 'wrong-type');
    expect(e).toEqual({ rule: rule.id, kind: 'wrong-type', status: 400, errorCodes: spec.errors.equivalents(rule.errorCode) });
    expect(e.errorCodes).toContain('DCS.4063');
    expect(e.errorCodes).toContain('111400063');
  });

  test('malformed JSON and empty body are found in the catalog by message, DCS family, with their twins', () => {
    const m = malformedJson(spec);
    expect(m).toMatchObject({ rule: 'request.malformed-json', status: 400 });
    expect(m.errorCodes).toEqual(expect.arrayContaining(['DCS.4005', '111400005']));
    expect(m.errorCodes).not.toContain('DCS.4037');
    const e = emptyBody(spec);
    expect(e).toMatchObject({ rule: 'request.empty-body', status: 400 });
    expect(e.errorCodes).toEqual(expect.arrayContaining(['DCS.4004', '111400004']));
  });

  test('a message that names no code, or several meanings, is refused', () => {
    expect(() => catalogCodeByMessage(spec, 'No such message.')).toThrow(ExpectationLookupError);
    expect(() => catalogCodeByMessage(spec, /not in JSON format/)).toThrow(/several meanings/);
    expect(catalogCodeByMessage(spec, 'Empty request body.').family).toBe('DCS');
  });

  test('rule expectations take the status from the catalog and refuse a code it lacks', () => {
    const wrongStatus = spec.errors.codes.find((c) => c.status !== 400 && spec.rules.all.some((r) => r.errorCode === c.code));
    expect(wrongStatus).toBeDefined();
    const rule = spec.rules.all.find((r) => r.errorCode === wrongStatus!.code)!;
    expect(expectationFor(spec, rule.id, 'k').status).toBe(wrongStatus!.status);
    expect(expectationFor(spec, 'maintenance-window', 'length').errorCodes).toEqual(spec.errors.equivalents(spec.rules.maintenanceWindow.errorCode));
    expect(() => expectationFor(spec, 'port', 'range', 'DCS.99999')).toThrow(ExpectationLookupError);
    expect(() => expectationFor(spec, 'no-such-rule', 'x')).toThrow(/not in spec\/src\/rules/);
  });

  test('body fields: the first x-dcs-rule, its per-field code where it has one, else the generic code', () => {
    const bp = spec.rules.backupPolicy;
    expect(bodyFieldExpectation(spec, ['backup-policy'], 'save_days', 'out-of-range').errorCodes).toContain(bp.errorCodes.save_days);
    expect(bodyFieldExpectation(spec, ['backup-policy'], 'begin_at', 'bad-pattern').errorCodes).toContain(bp.errorCodes.begin_at);
    expect(bodyFieldExpectation(spec, ['backup-policy'], 'timezone_offset', 'wrong-type').errorCodes).toContain(bp.errorCode);
    expect(bodyFieldExpectation(spec, ['password.instance', 'password.required'], 'password', 'wrong-type').rule).toBe('password.instance');
    expect(bodyFieldExpectation(spec, undefined, 'vpc_id', 'wrong-type').rule).toBe(genericInvalidParameterRule(spec).id);
  });

  test('fromViolation keeps the violation code', () => {
    const e = fromViolation(spec, { rule: 'backup-policy', kind: 'begin-at', errorCode: spec.rules.backupPolicy.errorCodes.begin_at, message: '' });
    expect(e.errorCodes).toContain(spec.rules.backupPolicy.errorCodes.begin_at);
    expect(e.errorCodes).not.toContain(spec.rules.backupPolicy.errorCode);
  });
});
