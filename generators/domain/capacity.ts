// Capacity by cache mode, engine and version, for create and for resize (the tables differ; see
// spec/src/rules/capacity.json), each with the spec_code of a matching flavor.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { allowedCapacities, checkCapacity, type CapacityRule } from '../../spec/rules/index.ts';
import { specCode } from './flavors.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export interface CapacityChoice {
  cache_mode: string;
  engine: string;
  /** Absent for tables that name no version (Memcached). */
  engine_version?: string;
  capacity: number;
  /** The flavor code of this cache mode and capacity; absent for engines the redis.* scheme does not cover. */
  spec_code?: string;
}

type Context = Omit<CapacityChoice, 'capacity' | 'spec_code'>;

function contexts(rule: CapacityRule): Context[] {
  const out = new Map<string, Context>();
  for (const t of rule.tables) {
    for (const cache_mode of t.cacheModes) {
      for (const engine_version of t.versions.length ? t.versions : [undefined]) {
        const c: Context = { cache_mode, engine: t.engine, ...(engine_version ? { engine_version } : {}) };
        out.set(JSON.stringify(c), c);
      }
    }
  }
  return [...out.values()];
}

const query = (c: Context) => ({ cacheMode: c.cache_mode, engine: c.engine, ...(c.engine_version ? { version: c.engine_version } : {}) });

export function capacityEntry(spec: Spec, rule: CapacityRule): DomainEntry<CapacityChoice> {
  const ctxs = contexts(rule);
  const redisPrefix = (engine: string) => spec.rules.engine.engines.includes(engine);
  const withCode = (c: Context, capacity: number, codeCapacity = capacity): CapacityChoice => ({ ...c, capacity, ...(redisPrefix(c.engine) ? { spec_code: specCode(spec, c.cache_mode, codeCapacity) } : {}) });
  const valid = fc.constantFrom(...ctxs.flatMap((c) => allowedCapacities(rule, query(c)).map((cap) => withCode(c, cap))));
  // Off-table capacities: other tables' values (24 GB is offered on create but not on resize), and
  // values around the table. spec_code names an offered flavor of the same mode, so only capacity is wrong.
  const everyCapacity = [...new Set([spec.rules.capacity.create, spec.rules.capacity.resize].flatMap((r) => r.tables.flatMap((t) => t.capacities)))];
  const offTable = ctxs.flatMap((c) => {
    const allowed = allowedCapacities(rule, query(c));
    const lo = allowed[0]!;
    const hi = allowed.at(-1)!;
    const probes = [...everyCapacity, 0, -lo, hi * 2, (lo + (allowed[1] ?? hi * 2)) / 2];
    return [...new Set(probes)].filter((p) => !allowed.includes(p)).map((p) => withCode(c, p, lo));
  });
  const kinds: Record<string, fc.Arbitrary<CapacityChoice>> = {
    'off-table': fc.constantFrom(...offTable),
    // A capacity sent as a string: the checker's type breach.
    type: valid.map((v) => ({ ...v, capacity: String(v.capacity) as unknown as number })),
  };
  const section = spec.rules.byId(rule.id).appliesTo?.[0]?.section;
  const capField = fieldOf(spec, rule.id);
  const codeField = fieldOf(spec, spec.rules.flavors.id, section);
  const isCreate = rule.id === spec.rules.capacity.create.id;
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds,
    check: (v) => checkCapacity(rule, v.capacity, query(v)),
    // Create names engine and version in the body; resize takes them from the instance.
    toBody: (v) => ({
      [capField]: v.capacity,
      ...(v.spec_code !== undefined ? { [codeField]: v.spec_code } : {}),
      ...(isCreate ? { engine: v.engine, ...(v.engine_version ? { engine_version: v.engine_version } : {}) } : {}),
    }),
  });
}

export function capacityEntries(spec: Spec): DomainEntry<CapacityChoice>[] {
  return [capacityEntry(spec, spec.rules.capacity.create), capacityEntry(spec, spec.rules.capacity.resize)];
}
