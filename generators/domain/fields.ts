// Single-field rules (spec/src/rules/fields.json): port, instance_num, description, renamable
// commands, engine and version.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkEngine, checkMaxLength, checkRange, checkRenameCommands, type FieldRule } from '../../spec/rules/index.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

type RangeRule = FieldRule & { minimum: number; maximum: number };

/** An integer range (port, instance_num): out of range on either side, or not an integer. */
export function rangeEntry(spec: Spec, rule: RangeRule): DomainEntry<number> {
  const field = fieldOf(spec, rule.id);
  const valid = fc.integer({ min: rule.minimum, max: rule.maximum });
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds: {
      range: fc.oneof(fc.constant(rule.minimum - 1), fc.constant(rule.maximum + 1), fc.integer({ min: rule.minimum - 1000, max: rule.minimum - 1 }), fc.integer({ min: rule.maximum + 1, max: rule.maximum + 1000 })),
      type: fc.oneof(valid.map((n) => String(n) as unknown as number), fc.double({ min: rule.minimum, max: rule.maximum, noNaN: true }).filter((d) => !Number.isInteger(d))),
    },
    check: (n) => checkRange(rule, n, field),
    toBody: (n) => ({ [field]: n }),
  });
}

export function descriptionEntry(spec: Spec): DomainEntry<string> {
  const rule = spec.rules.description;
  const field = fieldOf(spec, rule.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: fc.oneof({ arbitrary: fc.string({ maxLength: Math.min(rule.maxLength, 32) }), weight: 9 }, { arbitrary: fc.string({ minLength: rule.maxLength, maxLength: rule.maxLength }), weight: 1 }),
    kinds: {
      length: fc.string({ minLength: rule.maxLength + 1, maxLength: rule.maxLength + 8 }),
      type: fc.integer().map((n) => n as unknown as string),
    },
    check: (d) => checkMaxLength(rule, d, field),
    toBody: (d) => ({ [field]: d }),
  });
}

export type RenameCommands = Record<string, string>;

export function renameCommandsEntry(spec: Spec): DomainEntry<RenameCommands> {
  const rule = spec.rules.renameCommands;
  const field = fieldOf(spec, rule.id);
  // The reference leaves new names free; its examples use letters and digits (keys001).
  const newName = fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/);
  const renames = fc.subarray(rule.commands).chain((cmds) => fc.tuple(...cmds.map(() => newName)).map((names) => Object.fromEntries(cmds.map((c, i) => [c, names[i]!]))));
  // Commands a Redis server has that the rule does not let anyone rename.
  const fixed = ['get', 'set', 'del', 'config', 'eval', 'info', 'monitor', 'shutdown'].filter((c) => !rule.commands.includes(c));
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid: renames,
    kinds: {
      'not-renamable': fc.tuple(renames, fc.constantFrom(...fixed), newName).map(([r, cmd, to]) => ({ ...r, [cmd]: to })),
      'new-name': fc.tuple(renames, fc.constantFrom(...rule.commands)).map(([r, cmd]) => ({ ...r, [cmd]: '' })),
      type: fc.constantFrom<unknown>([], 'keys', 1).map((x) => x as RenameCommands),
    },
    check: (r) => checkRenameCommands(rule, r),
    toBody: (r) => ({ [field]: r }),
  });
}

export interface EngineChoice {
  engine: string;
  engine_version: string;
}

export function engineEntry(spec: Spec): DomainEntry<EngineChoice> {
  const rule = spec.rules.engine;
  const valid = fc.record({ engine: fc.constantFrom(...rule.engines), engine_version: fc.constantFrom(...rule.versions) });
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds: {
      engine: fc.tuple(valid, fc.constantFrom('Memcached', 'Valkey', 'MongoDB', '')).filter(([, e]) => !rule.engines.includes(e)).map(([v, engine]) => ({ ...v, engine })),
      version: fc.tuple(valid, fc.constantFrom('2.8', '3.0', '7.0', '4', 'latest')).filter(([, ver]) => !rule.versions.includes(ver)).map(([v, engine_version]) => ({ ...v, engine_version })),
    },
    codeOf: (kind) => (kind === 'engine' ? rule.errorCodes.engine : rule.errorCodes.engine_version),
    check: (v) => checkEngine(rule, v.engine, v.engine_version),
    toBody: (v) => ({ engine: v.engine, engine_version: v.engine_version }),
  });
}
