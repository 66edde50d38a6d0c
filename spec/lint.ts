// Consistency checks of the spec as data, beyond what the loader validates: the bundle is what
// spec/src renders to, every code a rule or erratum names is in the catalog, every erratum's
// resolution names its own readings, every operation carries its reference lines.
import { readFileSync } from 'node:fs';
import { renderBundle } from './build/bundle.ts';
import { BUNDLE_FILE } from './build/paths.ts';
import type { Spec } from './index.ts';

export function lintSpec(spec: Spec): string[] {
  const problems: string[] = [];
  if (readFileSync(BUNDLE_FILE, 'utf8') !== renderBundle()) problems.push('spec/dcs-v2.openapi.json is stale: run npm run build:spec');
  for (const r of spec.rules.all) {
    const codes = [r.errorCode, ...Object.values(r.errorCodes ?? {})].filter((c): c is string => typeof c === 'string');
    for (const c of codes) if (!spec.errors.get(c)) problems.push(`rule ${r.id}: error code ${c} is not in the catalog (spec/src/errorCatalog.json)`);
    if (!r.sources?.length) problems.push(`rule ${r.id}: no sources (section and lines of the reference)`);
  }
  for (const e of spec.errata) {
    const readings = new Set(e.readings.map((x) => x.id));
    for (const mode of ['strict', 'lenient'] as const) {
      for (const id of e.resolution[mode]) if (!readings.has(id.split('@')[0]!) && !/^\d{3}$/.test(id)) problems.push(`erratum ${e.id}: ${mode} resolution names "${id}", which is not one of its readings (${[...readings].join(', ')})`);
    }
  }
  for (const op of spec.operations) if (!op.lines?.length) problems.push(`${op.id}: no x-dcs-lines`);
  return problems;
}
