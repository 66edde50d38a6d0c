// Parses appendix 6.2 (Error Codes) of the reference. The table is wrapped over lines: a row starts
// with "<status> <code> <first words of the message>", its three cells follow as blank-separated
// blocks, and page breaks repeat the header inside rows.
import { findLine, joinWrapped, type Seed } from './seed.ts';
import { ReferenceTextError } from '../errors.ts';

export interface ErrorRow {
  status: number;
  code: string;
  message: string;
  description: string;
  solution: string;
  lines: [number, number];
}

const ROW_START = /^\s*(\d{3}) (DCS\. ?\d{4}|\d{9})(?: (.*))?$/;
const HEADER_LINES = new Set(['Status', 'Code', 'Error Codes Error', 'Message', 'Description Solution']);

export function errorTableRange(seed: Seed): [number, number] {
  const first = findLine(seed, /^\s*6\.2 Error Codes\s*$/);
  const last = first && findLine(seed, /^\s*6\.3 /, first);
  if (!first || !last) throw new ReferenceTextError('appendix 6.2 Error Codes not found in the reference');
  return [first, last - 1];
}

export function parseErrorTable(seed: Seed): ErrorRow[] {
  const [first, last] = errorTableRange(seed);
  const starts: number[] = [];
  for (let n = first; n <= last; n++) if (ROW_START.test(seed.line(n))) starts.push(n);
  return starts.map((start, i) => {
    const end = (starts[i + 1] ?? last + 1) - 1;
    const m = ROW_START.exec(seed.line(start))!;
    const blocks: string[][] = [[m[3] ?? '']];
    for (const raw of seed.slice(start + 1, end)) {
      const text = raw.replace(/\u00a0/g, ' ').trim();
      if (HEADER_LINES.has(text)) continue;
      if (text === '') {
        if (blocks.at(-1)!.length) blocks.push([]);
        continue;
      }
      blocks.at(-1)!.push(text);
    }
    const cells = splitOneLineRow(blocks.filter((b) => b.some((t) => t.length)).map(joinWrapped));
    let lastLine = end;
    while (lastLine > start && seed.line(lastLine).trim() === '') lastLine--;
    return {
      status: Number(m[1]),
      code: m[2]!.replace(/\s+/g, ''),
      message: cells[0] ?? '',
      description: cells[1] ?? '',
      solution: cells.slice(2).join(' '),
      lines: [start, lastLine] as [number, number],
    };
  });
}

/** Short rows print all three cells on one line ("Invalid token. Invalid token. Check whether…"): a
 *  sentence repeated at the start is message then description. */
function splitOneLineRow(cells: string[]): string[] {
  if (cells.length >= 3 || !cells[0]) return cells;
  const m = /^(.+?\.) \1 (.*)$/.exec(cells[0]);
  return m ? [m[1]!, m[1]!, [m[2]!, ...cells.slice(1)].join(' ')] : cells;
}
