// spec_code: the product flavor code a create or resize request names. The reference never states
// the scheme; its examples show it:
//   line  1108  "redis.single.xu1.large.1"       single node, x86, 1 GB
//   line  1131  "redis.ha.au1.large.2"           master/standby, Arm, 2 GB
//   line  3741  "redis.ha.xu1.large.r3.1"        master/standby with 3 replicas, 1 GB
//   line  3751  "redis.cluster.xu1.large.r2.8"   Redis Cluster with 2 replicas, 8 GB
//   line 22039  "redis.single.au1.large.1"       the flavor list of 4.15.1
// (lines of /work/shared/seeds/000_948e113ca86e65a7.txt). The scheme is data in
// spec/src/rules/flavors.json and implemented once in spec/rules/flavors.ts; specCode() is the one
// entry point the generators use and the emulator may import, so both always agree.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { allowedCapacities, flavorCatalog, parseSpecCode, specCodeFor, violation, type CapacityRule, type Violation } from '../../spec/rules/index.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export interface SpecCodeOptions {
  /** Key of the flavors rule's cpus (x86_64, aarch64); default the first. */
  cpuType?: string;
  replicas?: number;
}

export function specCode(spec: Spec, cacheMode: string, capacity: number, options: SpecCodeOptions = {}): string {
  return specCodeFor(spec.rules.flavors, cacheMode, capacity, options);
}

export interface FlavorChoice {
  cache_mode: string;
  capacity: number;
  spec_code: string;
}

/**
 * Does a spec_code name an offered flavor of this cache mode and capacity? The flavors rule has no
 * checker in spec/rules yet; this one composes parseSpecCode and flavorCatalog as the emulator does.
 */
export function checkSpecCode(spec: Spec, value: FlavorChoice, tables: CapacityRule[] = [spec.rules.capacity.create]): Violation[] {
  const rule = spec.rules.flavors;
  const v = (kind: string, message: string) => [violation(rule.id, rule.errorCode, kind, message)];
  const parsed = typeof value.spec_code === 'string' ? parseSpecCode(rule, value.spec_code) : undefined;
  if (!parsed) return v('malformed', `${JSON.stringify(value.spec_code)} does not follow the spec_code scheme of rule ${rule.id}`);
  if (parsed.cacheMode !== value.cache_mode) return v('mode-mismatch', `${value.spec_code} is a ${parsed.cacheMode} flavor, not ${value.cache_mode}`);
  if (parsed.capacity !== value.capacity) return v('capacity-mismatch', `${value.spec_code} is ${parsed.capacity} GB, not ${value.capacity}`);
  if (!flavorCatalog(rule, tables).some((f) => f.cache_mode === parsed.cacheMode && f.capacity === parsed.capacity)) return v('not-offered', `no ${parsed.cacheMode} flavor of ${parsed.capacity} GB is offered`);
  return [];
}

export function specCodeEntry(spec: Spec): DomainEntry<FlavorChoice> {
  const rule = spec.rules.flavors;
  const tables = [spec.rules.capacity.create];
  const catalog = flavorCatalog(rule, tables);
  // Mismatches are built from the default CPU's codes; valid values use every CPU the scheme knows.
  const offered = catalog.filter((f) => f.spec_code === specCode(spec, f.cache_mode, f.capacity));
  const modes = [...new Set(offered.map((f) => f.cache_mode))];
  const choice = (cache_mode: string, capacity: number, spec_code = specCode(spec, cache_mode, capacity)): FlavorChoice => ({ cache_mode, capacity, spec_code });
  const valid = fc.constantFrom(...catalog).map((f) => choice(f.cache_mode, f.capacity, f.spec_code));
  const capsOf = (mode: string) => allowedCapacities(tables[0]!, { cacheMode: mode });
  const kinds: Record<string, fc.Arbitrary<FlavorChoice>> = {
    malformed: fc.tuple(valid, fc.constantFrom<(c: string) => string>((c) => c.toUpperCase(), (c) => c.split('.').slice(0, 2).join('.'), (c) => `${c}.0`, (c) => c.replace(/^redis\./, ''), () => '')).map(([f, spoil]) => ({ ...f, spec_code: spoil(f.spec_code) })),
  };
  const otherCap = offered.flatMap((f) => capsOf(f.cache_mode).filter((c) => c !== f.capacity).map((c) => choice(f.cache_mode, f.capacity, specCode(spec, f.cache_mode, c))));
  if (otherCap.length) kinds['capacity-mismatch'] = fc.constantFrom(...otherCap);
  const otherMode = offered.flatMap((f) => modes.filter((m) => m !== f.cache_mode && capsOf(m).includes(f.capacity)).map((m) => choice(f.cache_mode, f.capacity, specCode(spec, m, f.capacity))));
  if (otherMode.length) kinds['mode-mismatch'] = fc.constantFrom(...otherMode);
  const allCaps = [...new Set(tables.flatMap((t) => t.tables.flatMap((x) => x.capacities)))];
  const notOffered = modes.flatMap((m) => allCaps.filter((c) => !capsOf(m).includes(c)).map((c) => choice(m, c)));
  if (notOffered.length) kinds['not-offered'] = fc.constantFrom(...notOffered);
  const field = fieldOf(spec, rule.id);
  // A flavor is judged against the capacity sent with it: the body carries both.
  const capField = fieldOf(spec, spec.rules.capacity.create.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds,
    check: (v) => checkSpecCode(spec, v, tables),
    toBody: (v) => ({ [field]: v.spec_code, [capField]: v.capacity }),
    // "Not offered" means the capacity is off the create table the catalog is built from.
    alsoBreaks: { 'not-offered': tables.map((t) => t.id) },
  });
}
