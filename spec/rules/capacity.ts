// Capacity tables by operation, cache mode, engine and version (spec/src/rules/capacity.json).
import { violation, type Violation } from './violation.ts';

export interface CapacityTable {
  cacheModes: string[];
  engine: string;
  versions: string[];
  capacities: number[];
  basis: 'stated' | 'inferred';
  lines?: [number, number];
}

export interface CapacityRule {
  id: string;
  tables: CapacityTable[];
  errorCode: string;
}

export function allowedCapacities(rule: CapacityRule, q: { cacheMode: string; engine?: string; version?: string }): number[] {
  const engine = q.engine ?? 'Redis';
  const hits = rule.tables.filter((t) => t.cacheModes.includes(q.cacheMode) && t.engine.toLowerCase() === engine.toLowerCase() && (!q.version || !t.versions.length || t.versions.includes(q.version)));
  return [...new Set(hits.flatMap((t) => t.capacities))].toSorted((a, b) => a - b);
}

export function checkCapacity(rule: CapacityRule, capacity: unknown, q: { cacheMode: string; engine?: string; version?: string }): Violation[] {
  const allowed = allowedCapacities(rule, q);
  if (typeof capacity !== 'number' || !Number.isFinite(capacity)) return [violation(rule.id, rule.errorCode, 'type', 'capacity must be a number')];
  if (!allowed.includes(capacity)) return [violation(rule.id, rule.errorCode, 'off-table', `capacity ${capacity} is not offered for ${q.cacheMode} ${q.engine ?? 'Redis'} ${q.version ?? ''}`.trim())];
  return [];
}
