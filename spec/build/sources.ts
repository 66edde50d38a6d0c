// Reads the hand-curated and extracted spec sources under spec/src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS_DIR, RULES_DIR, SPEC_SRC } from './paths.ts';
import type { JsonObject, OperationFragment } from '../types.ts';

export const readJson = <T = JsonObject>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

const bySection = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

export function readFragments(): OperationFragment[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readJson<OperationFragment>(join(OPERATIONS_DIR, f)))
    .sort((a, b) => bySection(a.section, b.section));
}

export function readRuleFiles(): { file: string; data: JsonObject }[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, data: readJson(join(RULES_DIR, f)) }));
}

export const readSrc = <T = JsonObject>(name: string): T => readJson<T>(join(SPEC_SRC, name));
export { bySection };
