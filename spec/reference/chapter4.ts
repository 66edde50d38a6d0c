// Finds, in chapter 4 of the reference, each operation's section, URI line and "Status Codes" table.
// The spec's completeness tests compare the OpenAPI document with what this reads.
import { findLine, type Seed } from './seed.ts';
import { ReferenceTextError } from '../errors.ts';

export interface ReferenceOperation {
  section: string;
  title: string;
  headingLine: number;
  lastLine: number;
  method: string;
  path: string;
  uriLine: number;
  statusCodes: { status: number; line: number }[];
}

const HEADING = /^\s*(4\.\d+\.\d+) (\S.*)$/;
const URI = /^(GET|POST|PUT|DELETE|PATCH) (\/v2\/\S*)\s*$/;
const STATUS_ROW = /^\s*([1-5]\d\d) \S/;

export function chapter4Range(seed: Seed): [number, number] {
  const first = findLine(seed, /^\s*4\.1 Lifecycle Management\s*$/);
  const last = first && findLine(seed, /^\s*5 Permissions Policies/, first);
  if (!first || !last) throw new ReferenceTextError('chapter 4 not found in the reference');
  return [first, last - 1];
}

export function parseChapter4(seed: Seed): ReferenceOperation[] {
  const [first, last] = chapter4Range(seed);
  const headings: number[] = [];
  for (let n = first; n <= last; n++) if (HEADING.test(seed.line(n))) headings.push(n);
  return headings.map((h, i) => {
    const end = (headings[i + 1] ?? last + 1) - 1;
    const m = HEADING.exec(seed.line(h))!;
    const uriLabel = findLine(seed, /^\s*URI\s*$/, h, end);
    if (!uriLabel) throw new ReferenceTextError(`section ${m[1]} (line ${h}) has no URI line`);
    const uriLine = findLine(seed, /\S/, uriLabel + 1, end)!;
    const u = URI.exec(seed.line(uriLine));
    if (!u) throw new ReferenceTextError(`section ${m[1]}: line ${uriLine} is not "METHOD /v2/…"`);
    let path = u[2]!;
    // A long URI wraps: the next line continues it when the path ends with "/".
    for (let n = uriLine + 1; path.endsWith('/') && /^[\w{}\-/]+$/.test(seed.line(n).trim()); n++) path += seed.line(n).trim();
    return {
      section: m[1]!,
      title: m[2]!.trim(),
      headingLine: h,
      lastLine: end,
      method: u[1]!,
      path,
      uriLine,
      statusCodes: statusCodeRows(seed, h, end),
    };
  });
}

function statusCodeRows(seed: Seed, from: number, to: number): { status: number; line: number }[] {
  const table = findLine(seed, /^\s*Status Codes\s*$/, from, to);
  if (!table) return [];
  const end = findLine(seed, /^\s*Error Codes\s*$/, table, to) ?? to;
  const rows: { status: number; line: number }[] = [];
  for (let n = table + 1; n < end; n++) {
    const r = STATUS_ROW.exec(seed.line(n));
    // Only a row's first line starts with the code; wrapped description lines never do.
    if (r && (seed.line(n - 1).trim() === '' || /^\s*Description\s*$/.test(seed.line(n - 1)))) rows.push({ status: Number(r[1]), line: n });
  }
  return rows;
}
