// Every rule table accepts a valid value and rejects each kind of invalid value, names a catalog
// code, and points at reference lines that really say it.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../index.ts';
import {
  allowedCapacities, batchNames, checkBackupPolicy, checkCapacity, checkEngine, checkMaintenanceWindow, checkMaxLength,
  checkName, checkPassword, checkRange, checkRenameCommands, checkTags, checkWhitelist, windowList,
} from './index.ts';
import { reference, seed, sectionRange, within } from '../../testing/referenceText.ts';

const spec = await loadSpec();
const rules = spec.rules;
const kinds = (vs: { kind: string }[]) => vs.map((v) => v.kind);
const text = (lines: [number, number]) => seed.slice(lines[0], lines[1]).join(' ');

describe('rule tables are tied to the reference and the catalog', () => {
  test('every rule names a catalog code of its status (400 unless it says otherwise)', () => {
    for (const r of rules.all) {
      for (const code of [r.errorCode, ...Object.values(r.errorCodes ?? {})]) expect(spec.errors.get(code)?.status, `${r.id} → ${code}`).toBe(r.status ?? 400);
    }
    const sm = rules.states.data;
    for (const code of [...rules.states.busyCodes, ...sm.capabilities.map((c) => c.errorCode)]) expect(spec.errors.get(code)?.status, code).toBe(400);
    expect(spec.errors.get(sm.notFound.errorCode)?.status).toBe(sm.notFound.status);
  });

  reference.test('every source line range lies inside the section it names', () => {
    for (const r of rules.all) {
      for (const s of r.sources) {
        const range = sectionRange(s.section);
        expect(range, `${r.id}: section ${s.section}`).toBeDefined();
        expect(within(s.lines, range!), `${r.id}: lines ${s.lines} not in ${s.section} ${range}`).toBe(true);
      }
    }
  });

  test('every rule applies to fields that exist in its operation', () => {
    for (const r of rules.all) {
      for (const a of r.appliesTo ?? []) {
        const op = spec.operations.find((o) => o.section === a.section)!;
        const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
        expect(Object.keys(props), `${r.id}: ${a.section} has body field ${a.field}`).toContain(a.field);
      }
    }
  });

  reference.test('capacity tables quote the reference: each stated capacity appears in its lines', () => {
    for (const r of [rules.capacity.create, rules.capacity.resize]) {
      for (const t of r.tables.filter((x) => x.basis === 'stated')) {
        const words = text(t.lines!).replace(/\*/g, '');
        for (const c of t.capacities) expect(words, `${r.id} ${t.lines}`).toMatch(new RegExp(`(^|[^.\\d])${String(c).replace('.', '\\.')}(?![\\d.]\\d)`));
      }
    }
  });

  reference.test('password special-character sets are copied from the lines they cite', () => {
    for (const r of [rules.password.instance, rules.password.acl]) {
      for (const v of r.specialVariants) expect(text(v.lines).replace(/\s+/g, ''), `${r.id} ${v.section}`).toContain(v.set.replace(/\s+/g, ''));
      const union = new Set(r.specialVariants.flatMap((v) => [...v.set]));
      expect(new Set(r.special)).toEqual(union);
    }
  });

  reference.test('statuses match appendix 6.5 and the 4.4.1 status field', () => {
    const { appendix, field } = rules.states.data.statuses as unknown as Record<'appendix' | 'field', { lines: [number, number]; values: string[] }>;
    const a = seed.slice(appendix.lines[0], appendix.lines[1]).map((l) => /^\s*([A-Z]{4,})\s/.exec(l)?.[1]).filter(Boolean);
    expect(appendix.values).toEqual(a);
    const f = seed.slice(field.lines[0], field.lines[1]).map((l) => /^\s*● ([A-Za-z_]+):/.exec(l)?.[1]).filter(Boolean);
    expect(field.values).toEqual(f);
    expect(rules.states.statuses).toHaveLength(27);
  });

  reference.test('maintenance windows are the 24 one-hour windows of the 4.15.2 example', () => {
    const begins = text(rules.maintenanceWindow.windowsSource.lines).match(/"begin" : "(\d\d)"/g)!.map((m) => m.slice(-3, -1));
    expect(rules.maintenanceWindow.windows).toEqual(begins);
  });
});

describe('instance password', () => {
  const r = rules.password.instance;
  test('accepts 8-64 characters with three of four classes', () => {
    for (const ok of ['Abcdef12', 'abcdef1!', 'ABCDEF1!', 'a'.repeat(61) + 'B1!', 'Pass\\word1']) expect(checkPassword(r, ok), ok).toEqual([]);
  });
  test.for([
    ['Ab1!', 'length'], ['Ab1!'.repeat(17), 'length'], ['abcdefgh', 'classes'], ['abcdefg1', 'classes'],
    ['Abcdef1 ', 'charset'], ['Abcdef1%', 'charset'], ['Abcdéf12', 'charset'],
  ])('rejects %s (%s)', ([pw, kind]) => {
    const vs = checkPassword(r, pw!);
    expect(kinds(vs)).toContain(kind);
    expect(vs[0]!.errorCode).toBe('DCS.4019');
    expect(vs[0]!.rule).toBe('password.instance');
  });
});

describe('ACL account password', () => {
  const r = rules.password.acl;
  test('accepts a complex password without the account name', () => expect(checkPassword(r, 'Secret%123', 'user01')).toEqual([]));
  test.for([
    ['Sec:ret123', 'forbidden-char'], ['user01Ab!', 'account-name'], ['10resuAb!', 'account-name'], ['short1A', 'length'], ['lowercase1', 'classes'],
  ])('rejects %s (%s)', ([pw, kind]) => expect(kinds(checkPassword(r, pw!, 'user01'))).toContain(kind));
});

describe('names', () => {
  const r = rules.name.instance;
  test('accepts letters, digits, _ and -, 4-64 single and 4-56 batch', () => {
    expect(checkName(r, 'dcs_demo-1', { section: '4.1.1' })).toEqual([]);
    expect(checkName(r, '1abc', { section: '4.1.1' })).toEqual([]);
    expect(checkName(r, 'a'.repeat(64), { section: '4.1.1' })).toEqual([]);
    expect(checkName(r, 'a'.repeat(56), { section: '4.1.1', batch: true })).toEqual([]);
  });
  test.for([
    ['abc', false, '4.1.1', 'length'], ['a'.repeat(65), false, '4.1.1', 'length'], ['a'.repeat(57), true, '4.1.1', 'length'],
    ['abc.def', false, '4.1.1', 'charset'], ['ab cd', false, '4.1.1', 'charset'], ['_abcd', false, '4.1.1', 'first-char'], ['1abc', false, '4.1.6', 'first-char'],
  ] as const)('rejects %s (batch %s, %s): %s', ([name, batch, section, kind]) => {
    const vs = checkName(r, name, { section, batch });
    expect(kinds(vs)).toContain(kind);
    expect(vs[0]!.errorCode).toBe('DCS.4010');
  });
  test('batch names are name-000, name-001, …', () => {
    expect(batchNames(r, 'dcs_demo', 2)).toEqual(['dcs_demo-000', 'dcs_demo-001']);
    expect(batchNames(r, 'solo', 1)).toEqual(['solo']);
  });
  test('ACL account names start with a letter, 1-64 characters', () => {
    const a = rules.name.aclAccount;
    expect(checkName(a, 'u', { section: '4.10.1' })).toEqual([]);
    expect(kinds(checkName(a, '1user', { section: '4.10.1' }))).toContain('first-char');
    expect(kinds(checkName(a, 'us er', { section: '4.10.1' }))).toContain('charset');
    expect(kinds(checkName(a, 'u'.repeat(65), { section: '4.10.1' }))).toContain('length');
  });
});

describe('capacity', () => {
  test('create and resize differ where the reference says so', () => {
    expect(allowedCapacities(rules.capacity.create, { cacheMode: 'ha', version: '5.0' })).toContain(24);
    expect(allowedCapacities(rules.capacity.resize, { cacheMode: 'ha', version: '5.0' })).not.toContain(24);
    expect(allowedCapacities(rules.capacity.create, { cacheMode: 'ha_rw_split', version: '5.0' })).not.toContain(1);
    expect(allowedCapacities(rules.capacity.resize, { cacheMode: 'ha_rw_split', version: '5.0' })).toContain(1);
    expect(allowedCapacities(rules.capacity.create, { cacheMode: 'ha_rw_split', version: '6.0' })).toEqual([]);
  });
  test('accepts a listed capacity; rejects off-table values and non-numbers', () => {
    expect(checkCapacity(rules.capacity.create, 0.125, { cacheMode: 'single', version: '6.0' })).toEqual([]);
    expect(kinds(checkCapacity(rules.capacity.create, 3, { cacheMode: 'single', version: '6.0' }))).toEqual(['off-table']);
    expect(kinds(checkCapacity(rules.capacity.create, 2, { cacheMode: 'cluster', version: '6.0' }))).toEqual(['off-table']);
    expect(kinds(checkCapacity(rules.capacity.resize, '8', { cacheMode: 'cluster' }))).toEqual(['type']);
    expect(checkCapacity(rules.capacity.resize, 3, { cacheMode: 'ha' })[0]!.errorCode).toBe('DCS.4012');
  });
});

describe('maintenance window', () => {
  const r = rules.maintenanceWindow;
  test('accepts an on-the-hour one-hour pair from the list, or neither time', () => {
    expect(checkMaintenanceWindow(r, '18:00:00', '19:00:00')).toEqual([]);
    expect(checkMaintenanceWindow(r, '23:00:00', '00:00:00')).toEqual([]);
    expect(checkMaintenanceWindow(r, undefined, undefined)).toEqual([]);
  });
  test.for([
    ['18:30:00', '19:30:00', 'format'], ['18:00:00', '20:00:00', 'length'], ['18:00:00', undefined, 'unpaired'], [undefined, '19:00:00', 'unpaired'],
    ['18', '19', 'format'], ['25:00:00', '26:00:00', 'format'], [18, 19, 'type'],
  ] as const)('rejects %s-%s (%s)', ([b, e, kind]) => {
    const vs = checkMaintenanceWindow(r, b, e);
    expect(kinds(vs)).toEqual([kind]);
    expect(vs[0]!.errorCode).toBe('DCS.4106');
  });
  test('the served list has 24 windows and the 18:00 default', () => {
    const list = windowList(r);
    expect(list).toHaveLength(24);
    expect(list.filter((w) => w.default)).toEqual([{ begin: '18:00:00', end: '19:00:00', default: true }]);
  });
});

describe('whitelist', () => {
  const r = rules.whitelist;
  const g = (name: string, ...ips: string[]) => ({ group_name: name, ip_list: ips });
  test('accepts up to four groups of unique IPs and CIDRs', () => {
    expect(checkWhitelist(r, [g('a', '10.0.0.1'), g('b', '10.0.0.0/24'), g('c', '192.168.1.1'), g('d', '172.16.0.1')])).toEqual([]);
    expect(checkWhitelist(r, [])).toEqual([]);
  });
  test.for([
    [[g('a', '1.1.1.1'), g('b', '1.1.1.2'), g('c', '1.1.1.3'), g('d', '1.1.1.4'), g('e', '1.1.1.5')], 'too-many-groups'],
    [[g('a', '1.1.1.1'), g('b', '1.1.1.1')], 'duplicate-ip'],
    [[g('a', '1.1.1.1', '1.1.1.1')], 'duplicate-ip'],
    [[g('a', '1.1.1.1'), g('a', '1.1.1.2')], 'duplicate-group'],
    [[g('a', '0.0.0.0')], 'forbidden-ip'],
    [[g('a', '0.0.0.0/0')], 'forbidden-ip'],
    [[g('a', '256.1.1.1')], 'malformed-ip'],
    [[g('a', '10.0.0.0/33')], 'malformed-ip'],
    [[g('a', 'example.com')], 'malformed-ip'],
    [[g('a', ...Array.from({ length: 21 }, (_, i) => `10.0.0.${i + 1}`))], 'too-many-ips'],
  ] as const)('rejects case %# (%s)', ([groups, kind]) => {
    const vs = checkWhitelist(r, groups as never);
    expect(kinds(vs)).toContain(kind);
    expect(vs[0]!.errorCode).toBe('DCS.4063');
  });
});

describe('single-field rules', () => {
  test('tags: create-instance limits 36/43, tag action 128/255, unique keys, value required for create', () => {
    expect(checkTags(rules.tags.instance, [{ key: 'k'.repeat(36), value: 'v'.repeat(43) }])).toEqual([]);
    expect(kinds(checkTags(rules.tags.instance, [{ key: 'k'.repeat(37), value: 'v' }]))).toEqual(['key-length']);
    expect(kinds(checkTags(rules.tags.instance, [{ key: 'k', value: 'v'.repeat(44) }]))).toEqual(['value-length']);
    expect(kinds(checkTags(rules.tags.instance, [{ key: 'k', value: 'a' }, { key: 'k', value: 'b' }]))).toEqual(['duplicate-key']);
    expect(kinds(checkTags(rules.tags.instance, [{ key: '', value: 'a' }]))).toEqual(['key-empty']);
    expect(checkTags(rules.tags.action, [{ key: 'k'.repeat(128), value: 'v'.repeat(255) }], 'create')).toEqual([]);
    expect(kinds(checkTags(rules.tags.action, [{ key: 'k' }], 'create'))).toEqual(['value-missing']);
    expect(checkTags(rules.tags.action, [{ key: 'k' }], 'delete')).toEqual([]);
  });
  test('port 1-65535, instance_num 1-100, description 1024', () => {
    expect(checkRange(rules.port, 6379, 'port')).toEqual([]);
    expect(kinds(checkRange(rules.port, 0, 'port'))).toEqual(['range']);
    expect(kinds(checkRange(rules.port, 65536, 'port'))).toEqual(['range']);
    expect(kinds(checkRange(rules.port, 1.5, 'port'))).toEqual(['type']);
    expect(checkRange(rules.instanceNum, 100, 'instance_num')).toEqual([]);
    expect(kinds(checkRange(rules.instanceNum, 101, 'instance_num'))).toEqual(['range']);
    expect(kinds(checkRange(rules.instanceNum, 0, 'instance_num'))).toEqual(['range']);
    expect(checkMaxLength(rules.description, 'd'.repeat(1024), 'description')).toEqual([]);
    const long = checkMaxLength(rules.description, 'd'.repeat(1025), 'description');
    expect(kinds(long)).toEqual(['length']);
    expect(long[0]!.errorCode).toBe('DCS.4011');
  });
  test('backup policy: each field breaks with its own code', () => {
    const plan = { backup_at: [1, 7], period_type: 'weekly', begin_at: '00:00-01:00' };
    const r = rules.backupPolicy;
    expect(checkBackupPolicy(r, { backup_type: 'auto', save_days: 7, periodical_backup_plan: plan })).toEqual([]);
    expect(checkBackupPolicy(r, { backup_type: 'manual' })).toEqual([]);
    const code = (p: Record<string, unknown>) => checkBackupPolicy(r, p).map((v) => v.errorCode);
    expect(code({ backup_type: 'daily' })).toContain('DCS.4073');
    expect(code({ backup_type: 'auto', save_days: 8, periodical_backup_plan: plan })).toEqual(['DCS.4072']);
    expect(code({ backup_type: 'auto', periodical_backup_plan: plan })).toEqual(['DCS.4072']);
    expect(code({ backup_type: 'auto', save_days: 1, periodical_backup_plan: { ...plan, backup_at: [0] } })).toEqual(['DCS.4075']);
    expect(code({ backup_type: 'auto', save_days: 1, periodical_backup_plan: { ...plan, period_type: 'daily' } })).toEqual(['DCS.4074']);
    expect(code({ backup_type: 'auto', save_days: 1, periodical_backup_plan: { ...plan, begin_at: '00:30-01:30' } })).toEqual(['DCS.4076']);
    expect(code({ backup_type: 'auto', save_days: 1, periodical_backup_plan: { ...plan, begin_at: '00:00-02:00' } })).toEqual(['DCS.4076']);
    expect(code({ backup_type: 'auto', save_days: 1 })).toEqual(['DCS.4074']);
  });
  test('rename commands: only the nine listed commands', () => {
    expect(checkRenameCommands(rules.renameCommands, { keys: 'keys001', flushall: 'fa' })).toEqual([]);
    expect(kinds(checkRenameCommands(rules.renameCommands, { get: 'g1' }))).toEqual(['not-renamable']);
    expect(kinds(checkRenameCommands(rules.renameCommands, { keys: '' }))).toEqual(['new-name']);
    expect(kinds(checkRenameCommands(rules.renameCommands, ['keys']))).toEqual(['type']);
  });
  test('engine Redis, versions 4.0/5.0/6.0 on create', () => {
    expect(checkEngine(rules.engine, 'Redis', '6.0')).toEqual([]);
    expect(checkEngine(rules.engine, 'Memcached', '6.0')[0]!.errorCode).toBe('DCS.4006');
    expect(checkEngine(rules.engine, 'Redis', '7.0')[0]!.errorCode).toBe('DCS.4008');
  });
});

describe('state machine', () => {
  const sm = rules.states;
  test('mutations need RUNNING and answer the status-specific busy code', () => {
    expect(sm.refusal('4.1.7', 'RUNNING')).toBeUndefined();
    expect(sm.refusal('4.1.7', 'EXTENDING')).toBe('DCS.4113');
    expect(sm.refusal('4.2.5', 'CREATING', 'restart')).toBe('DCS.4118');
    expect(sm.refusal('4.1.6', 'ERROR')).toBe('DCS.4049');
    expect(sm.refusal('4.1.4', 'CREATING')).toBeUndefined();
  });
  test('delete is refused while creating or restarting, allowed when failed', () => {
    expect(sm.refusal('4.1.5', 'CREATING')).toBe('DCS.4099');
    expect(sm.refusal('4.1.5', 'RESTARTING')).toBe('DCS.4099');
    expect(sm.refusal('4.1.5', 'CREATEFAILED')).toBeUndefined();
  });
  test('transitions go through the documented transient status back to RUNNING', () => {
    expect(sm.transitionFor('4.1.1')).toMatchObject({ via: 'CREATING', to: 'RUNNING', basis: 'stated' });
    expect(sm.transitionFor('4.2.5', 'flush')).toMatchObject({ via: 'FLUSHING', to: 'RUNNING' });
    expect(sm.transitionFor('4.1.7')).toMatchObject({ via: 'EXTENDING', to: 'RUNNING' });
    expect(sm.transitionFor('4.5.2')).toMatchObject({ via: 'RESTORING', to: 'RUNNING' });
  });
  test('every transition and status-dependent section is an operation of the spec', () => {
    const sections = new Set(spec.operations.map((o) => o.section));
    for (const t of sm.data.transitions) expect(sections, t.id).toContain(t.section);
    for (const s of sm.data.requiresRunning.sections) expect(sections, s).toContain(s);
    for (const t of sm.data.transitions.filter((x) => x.basis === 'inferred')) expect((t as { reasoning?: string }).reasoning, t.id).toBeTruthy();
  });
  reference.test('password lockout: 5 failures lock for 5 minutes', () => {
    expect(sm.data.passwordLockout).toMatchObject({ maxFailures: 5, lockMinutes: 5 });
    expect(text([4081, 4083])).toMatch(/After 5\s+consecutive incorrect password\s+attempts/);
  });
});

describe('flavors (spec_code scheme)', () => {
  const f = () => rules.flavors;
  test('reads the reference examples back to mode and capacity', async () => {
    const { parseSpecCode } = await import('./index.ts');
    expect(parseSpecCode(f(), 'redis.single.xu1.large.1')).toMatchObject({ cacheMode: 'single', capacity: 1, cpuType: 'x86_64' });
    expect(parseSpecCode(f(), 'redis.ha.au1.large.2')).toMatchObject({ cacheMode: 'ha', capacity: 2, cpuType: 'aarch64' });
    expect(parseSpecCode(f(), 'redis.ha.xu1.tiny.r2.128')).toMatchObject({ cacheMode: 'ha', capacity: 0.125, replicas: 2 });
    expect(parseSpecCode(f(), 'redis.ha.xu1.large.r3.1')).toMatchObject({ replicas: 3, capacity: 1 });
    for (const bad of ['redis.single.xu1.tiny.2048', 'redis.nope.xu1.large.1', 'memcached.single.xu1.large.1', 'redis.single.zz9.large.1', 'redis.single.xu1.large']) expect(parseSpecCode(f(), bad), bad).toBeUndefined();
  });
  test('codes round-trip and the catalog covers every capacity table', async () => {
    const { specCodeFor, parseSpecCode, flavorCatalog } = await import('./index.ts');
    expect(specCodeFor(f(), 'ha', 0.125)).toBe('redis.ha.xu1.tiny.r2.128');
    expect(specCodeFor(f(), 'single', 1, { cpuType: 'aarch64' })).toBe('redis.single.au1.large.1');
    const catalog = flavorCatalog(f(), [rules.capacity.create, rules.capacity.resize]);
    for (const fl of catalog) expect(parseSpecCode(f(), fl.spec_code)).toMatchObject({ cacheMode: fl.cache_mode, capacity: fl.capacity });
    for (const t of rules.capacity.create.tables) for (const m of t.cacheModes) for (const c of t.capacities) expect(catalog.some((x) => x.cache_mode === m && x.capacity === c), `${m} ${c}`).toBe(true);
  });
});
