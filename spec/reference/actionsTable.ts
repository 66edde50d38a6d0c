// Parses Table 5-1 (DCS actions): permission action per API. Cells wrap mid-word
// ("dcs:instance:getConf" + "iguration"), so action and path lines are joined without spaces.
import { findLine, joinWrapped, type Seed } from './seed.ts';
import { ReferenceTextError } from '../errors.ts';

export interface ActionRow {
  action: string;
  /** Absent where the table writes "-" for the API: the action is named but tied to no URI. */
  method?: string;
  path?: string;
  name: string;
  lines: [number, number];
}

const API = /^\s*(?:([^:]*?)\s+)?(?:(dcs:\S+)\s+)?(?:(GET|POST|PUT|DELETE|PATCH) (\/v2\/\S*)|(-) [√X] [√X])\s*$/;

export function actionsTableRange(seed: Seed): [number, number] {
  const first = findLine(seed, /^\s*Table 5-1 DCS actions/);
  const last = first && findLine(seed, /^\s*6 Appendix|^\s*6\.1 Status Codes/, first);
  if (!first || !last) throw new ReferenceTextError('Table 5-1 not found in the reference');
  return [first, last - 1];
}

/** Blocks of non-blank lines above `line`, nearest first. */
function blocksAbove(seed: Seed, line: number, count: number, floor: number): { text: string[]; first: number }[] {
  const blocks: { text: string[]; first: number }[] = [];
  let n = line - 1;
  while (blocks.length < count && n > floor) {
    while (n > floor && seed.line(n).trim() === '') n--;
    const text: string[] = [];
    while (n > floor && seed.line(n).trim() !== '') text.unshift(seed.line(n--).trim());
    blocks.push({ text, first: n + 1 });
  }
  return blocks;
}

export function parseActionsTable(seed: Seed): ActionRow[] {
  const [first, last] = actionsTableRange(seed);
  const rows: ActionRow[] = [];
  for (let n = first; n <= last; n++) {
    const m = API.exec(seed.line(n));
    if (!m) continue;
    let path = m[4];
    let end = n;
    while (path !== undefined && seed.line(end + 1).trim() !== '' && /^[\w{}\-/]+$/.test(seed.line(end + 1).trim())) path += seed.line(++end).trim();
    let action = m[2];
    let nameBlock;
    if (action && m[1]) {
      nameBlock = { text: [m[1]], first: n };
    } else if (action) {
      nameBlock = blocksAbove(seed, n, 1, first)[0];
    } else {
      const [act, name] = blocksAbove(seed, n, 2, first);
      action = act!.text.join('');
      nameBlock = name;
    }
    rows.push({
      action,
      ...(m[3] && path ? { method: m[3], path: path.replace(/\/$/, '') } : {}),
      name: joinWrapped(nameBlock?.text ?? []),
      lines: [nameBlock?.first ?? n, end],
    });
  }
  return rows;
}
