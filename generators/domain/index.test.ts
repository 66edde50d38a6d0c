import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { UnknownDomainEntryError } from '../errors.ts';
import { requestArbitrary } from '../schema/operation.ts';
import { assertProperty } from '../seed.ts';
import { domainEntry, domainRegistry } from './index.ts';

const spec = await loadSpec();
const registry = domainRegistry(spec);
const rows = registry.map((e) => [e.id, e] as const);

describe('domain registry', () => {
  test('holds every rule family the generators cover, once each', () => {
    const ids = registry.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rules = new Set(registry.map((e) => e.rule));
    for (const r of ['password.instance', 'password.acl', 'name.instance', 'name.acl-account', 'capacity.create', 'capacity.resize', 'flavors.spec-code', 'maintenance-window', 'whitelist', 'tags.instance', 'tags.action', 'backup-policy', 'port', 'instance-num', 'rename-commands']) {
      expect(rules).toContain(r);
    }
    expect(ids).toContain('name.instance@4.1.1/batch');
    expect(() => domainEntry(spec, 'no.such.rule')).toThrow(UnknownDomainEntryError);
  });

  test('every entry can break its rule in more than one way, and each kind carries the catalog status', () => {
    for (const e of registry) {
      expect(Object.keys(e.invalidByKind).length, e.id).toBeGreaterThanOrEqual(2);
      const [sample] = fc.sample(e.invalid, { numRuns: 1, seed: 1 });
      expect(sample!.expect.status).toBe(spec.errors.require(sample!.expect.errorCodes[0]!).status);
    }
  });

  test('the invalid kinds the issue asks for are there (and only possible ones)', () => {
    const kinds = (id: string) => Object.keys(domainEntry(spec, id).invalidByKind).sort();
    expect(kinds('whitelist')).toEqual(['duplicate-group', 'duplicate-ip', 'forbidden-ip', 'malformed-ip', 'too-many-groups', 'too-many-ips']);
    expect(kinds('password.acl')).toEqual(['account-name', 'charset', 'classes', 'forbidden-char', 'length']);
    expect(kinds('password.instance')).toEqual(['charset', 'classes', 'length']);
    // "Outside the list" exists only when the published list leaves an hour out (it lists all 24 today).
    const mw = spec.rules.maintenanceWindow;
    const expected = ['format', 'length', 'unpaired', ...(mw.windows.length < 24 ? ['unsupported'] : [])].sort();
    expect(kinds('maintenance-window')).toEqual(expected);
    expect(kinds('backup-policy')).toEqual(['backup-at', 'backup-type', 'begin-at', 'period-type', 'plan-missing', 'save-days']);
  });
});

describe.each(rows)('%s', (id, entry) => {
  test('valid values pass the rule checker', async () => {
    await assertProperty(`${id} valid`, fc.property(entry.valid, (v) => {
      expect(entry.check(v)).toEqual([]);
    }), { numRuns: 150 });
  });

  test('each invalid value fails the checker for its tagged rule and kind only, with a code it expects', async () => {
    await assertProperty(`${id} invalid`, fc.property(entry.invalid, (inv) => {
      const violations = entry.check(inv.value);
      expect(violations.length).toBeGreaterThan(0);
      expect(new Set(violations.map((v) => v.rule))).toEqual(new Set([inv.expect.rule]));
      expect(new Set(violations.map((v) => v.kind))).toEqual(new Set([inv.kind]));
      for (const v of violations) expect(inv.expect.errorCodes).toContain(v.errorCode);
    }), { numRuns: 150 });
  });

  test('every kind is generated', () => {
    for (const [kind, arb] of Object.entries(entry.invalidByKind)) {
      for (const inv of fc.sample(arb, { numRuns: 10, seed: 2 })) {
        expect(inv.kind).toBe(kind);
        expect(entry.check(inv.value).map((v) => v.kind)).toContain(kind);
      }
    }
  });

  test('valid values fit the request bodies of the operations the rule applies to', async () => {
    const rule = spec.rules.byId(entry.rule);
    const sections = new Set(entry.section ? [entry.section] : (rule.appliesTo ?? []).map((a) => a.section));
    const ops = spec.operations.filter((o) => sections.has(o.section) && o.requestBody?.schema);
    const [sample] = fc.sample(entry.valid, { numRuns: 1, seed: 3 });
    const fields = Object.keys(entry.toBody(sample));
    expect(fields.length).toBeGreaterThan(0);
    // Only where the body has every field toBody fills (password.instance's 4.2.2 names other fields).
    const fitting = ops.filter((o) => fields.every((f) => f in ((o.requestBody!.schema!.properties ?? {}) as object)));
    expect(fitting.length, `${id}: no operation body has ${fields.join(', ')}`).toBeGreaterThan(0);
    for (const op of fitting) {
      const arb = requestArbitrary(spec, op.id, { bodyPatches: [entry.valid.map((v) => entry.toBody(v))] });
      await assertProperty(`${id} in ${op.id}`, fc.property(arb, (req) => {
        const r = spec.validateRequestBody(op.id, req.body);
        if (!r.valid) throw new Error(`${JSON.stringify(req.body)}: ${JSON.stringify(r.errors)}`);
      }), { numRuns: 30 });
    }
  });
});
