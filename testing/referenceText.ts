// Shared by the spec's own tests: the reference text and the loaded spec. Tests that read the reference
// go through `reference.describe` / `reference.test`: skipped on a machine without the text, mandatory
// under CI (testing/needs.ts).
import { loadSeed, type Seed } from '../spec/reference/seed.ts';
import { parseChapter4 } from '../spec/reference/chapter4.ts';
import { requires } from './needs.ts';

export const reference = requires('reference');
const NO_TEXT: Seed = { count: 0, line: () => '', slice: () => [] };
export const seed: Seed = reference.ok ? loadSeed() : NO_TEXT;
export const referenceOperations = reference.ok ? parseChapter4(seed) : [];

/** [first, last] lines of a section of chapter 4, or of appendix 6.x / chapter 5 by heading. */
export function sectionRange(section: string): [number, number] | undefined {
  const op = referenceOperations.find((o) => o.section === section);
  if (op) return [op.headingLine, op.lastLine];
  const ranges: Record<string, [number, number]> = {};
  const find = (re: RegExp, from = 1) => {
    for (let n = from; n <= seed.count; n++) if (re.test(seed.line(n))) return n;
    return undefined;
  };
  const ch5 = find(/^\s*5 Permissions Policies/);
  const a61 = find(/^\s*6\.1 Status Codes/, ch5);
  const a62 = find(/^\s*6\.2 Error Codes/, a61);
  const a63 = find(/^\s*6\.3 /, a62);
  const a65 = find(/^\s*6\.5 DCS Instance Statuses/, a63);
  const a66 = find(/^\s*6\.6 /, a65);
  const s32 = find(/^\s*3\.2 Authentication/);
  const s33 = find(/^\s*3\.3 Returned Values/, s32);
  if (s32 && s33) ranges['3.2'] = [s32, s33 - 1];
  if (ch5 && a61) ranges['5'] = [ch5, a61 - 1];
  if (a61 && a62) ranges['6.1'] = [a61, a62 - 1];
  if (a62 && a63) ranges['6.2'] = [a62, a63 - 1];
  if (a65 && a66) ranges['6.5'] = [a65, a66 - 1];
  return ranges[section];
}

export const within = (lines: [number, number], range: [number, number]) => lines[0] >= range[0] && lines[1] <= range[1] && lines[0] <= lines[1];
