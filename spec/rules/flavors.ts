// spec_code <-> (cache mode, capacity, cpu, replicas), by the scheme of spec/src/rules/flavors.json,
// and the flavor catalog implied by the capacity tables.
import type { CapacityRule } from './capacity.ts';

export interface FlavorRule {
  id: string;
  cpus: Record<string, string>;
  sizeClasses: { token: string; belowGB?: number; unit: 'MB' | 'GB'; mbPerGB?: number }[];
  defaultReplicas: Record<string, number>;
  errorCode: string;
}

export interface Flavor {
  spec_code: string;
  cache_mode: string;
  capacity: number;
  cpu_type: string;
  replicas: number;
  engine: string;
  engine_versions: string[];
}

export function specCodeFor(rule: FlavorRule, cacheMode: string, capacity: number, opts: { cpuType?: string; replicas?: number } = {}): string {
  const cpu = rule.cpus[opts.cpuType ?? 'x86_64'] ?? Object.values(rule.cpus)[0]!;
  const cls = rule.sizeClasses.find((c) => c.belowGB === undefined || capacity < c.belowGB)!;
  const size = cls.unit === 'MB' ? Math.round(capacity * (cls.mbPerGB ?? 1024)) : capacity;
  const replicas = opts.replicas ?? rule.defaultReplicas[cacheMode] ?? 0;
  return ['redis', cacheMode, cpu, cls.token, ...(replicas ? [`r${replicas}`] : []), String(size)].join('.');
}

export function parseSpecCode(rule: FlavorRule, code: string): { cacheMode: string; capacity: number; cpuType: string; replicas: number } | undefined {
  const m = /^redis\.([a-z_]+)\.([a-z0-9]+)\.([a-z]+)\.(?:r(\d+)\.)?(\d+)$/.exec(code);
  if (!m) return undefined;
  const cpuType = Object.entries(rule.cpus).find(([, v]) => v === m[2])?.[0];
  const cls = rule.sizeClasses.find((c) => c.token === m[3]);
  if (!cpuType || !cls || !((m[1] as string) in rule.defaultReplicas)) return undefined;
  const size = Number(m[5]);
  const capacity = cls.unit === 'MB' ? size / (cls.mbPerGB ?? 1024) : size;
  if (cls.belowGB !== undefined && capacity >= cls.belowGB) return undefined;
  return { cacheMode: m[1]!, capacity, cpuType, replicas: m[4] ? Number(m[4]) : (rule.defaultReplicas[m[1]!] ?? 0) };
}

/** One flavor per cache mode, capacity and CPU that the create or resize tables offer. */
export function flavorCatalog(rule: FlavorRule, tables: CapacityRule[]): Flavor[] {
  const out = new Map<string, Flavor>();
  for (const t of tables.flatMap((r) => r.tables)) {
    for (const mode of t.cacheModes) {
      for (const capacity of t.capacities) {
        for (const cpuType of Object.keys(rule.cpus)) {
          const spec_code = specCodeFor(rule, mode, capacity, { cpuType });
          const f = out.get(spec_code);
          if (f) f.engine_versions = [...new Set([...f.engine_versions, ...t.versions])];
          else out.set(spec_code, { spec_code, cache_mode: mode, capacity, cpu_type: cpuType, replicas: rule.defaultReplicas[mode] ?? 0, engine: t.engine, engine_versions: [...t.versions] });
        }
      }
    }
  }
  return [...out.values()];
}
