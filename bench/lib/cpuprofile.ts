// Reads a V8 .cpuprofile (node --cpu-prof) and names where the time goes: self time per function
// (name, file:line) and inclusive time of the functions under ROOT (the project's own code), so a
// missed target points at a file and a function.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, table } from './report.ts';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface Hotspot { fn: string; where: string; selfMs: number; selfPct: number; totalMs: number; totalPct: number }

function where(url: string, line: number): string {
  if (!url) return '(native)';
  let path = url;
  try {
    if (url.startsWith('file:')) path = fileURLToPath(url);
  } catch {}
  const rel = relative(ROOT, path);
  return `${rel.startsWith('..') ? path : rel}:${line + 1}`;
}

/** Functions by self time and by inclusive time (a function counted once per stack it is on). */
export function hotspots(file: string, top = 15): { busyMs: number; bySelf: Hotspot[]; byTotalProject: Hotspot[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  // A regex's "function name" is its whole source (which may hold a secret being scanned for): its head names it.
  const name = (fn: string) => (fn.length > 60 ? `${fn.slice(0, 24)}…` : fn);
  const key = (n: Node) => `${name(n.callFrame.functionName || '(anonymous)')}\t${where(n.callFrame.url, n.callFrame.lineNumber)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    self.set(key(n), (self.get(key(n)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  }
  // Percentages of the time the process was busy: idle time (waiting for requests) is left out.
  const idle = [...selfUs].filter(([id]) => /^\((idle|program)\)$/.test(byId.get(id)!.callFrame.functionName)).reduce((a, [, us]) => a + us, 0);
  const all = [...selfUs.values()].reduce((a, b) => a + b, 0) - idle;
  const row = (k: string): Hotspot => {
    const [fn, at] = k.split('\t') as [string, string];
    const s = self.get(k) ?? 0;
    const t = total.get(k) ?? 0;
    return { fn, where: at, selfMs: Math.round(s / 1000), selfPct: Math.round((1000 * s) / all) / 10, totalMs: Math.round(t / 1000), totalPct: Math.round((1000 * t) / all) / 10 };
  };
  const skip = (k: string) => /^\((idle|program|garbage collector|root)\)/.test(k);
  const bySelf = [...self.keys()].filter((k) => !skip(k) || k.startsWith('(garbage')).sort((a, b) => self.get(b)! - self.get(a)!).slice(0, top).map(row);
  const project = (k: string) => { const at = k.split('\t')[1]!; return !at.startsWith('/') && !at.startsWith('node_modules') && !at.startsWith('(') && !at.startsWith('node:'); };
  const byTotalProject = [...total.keys()].filter(project).sort((a, b) => total.get(b)! - total.get(a)!).slice(0, top).map(row);
  return { busyMs: Math.round(all / 1000), bySelf, byTotalProject };
}

/** Prints the hotspots of the (first) .cpuprofile in `dir`, as tables; returns them for the report. */
export function printHotspots(dir: string, title: string, top = 12): ReturnType<typeof hotspots> | undefined {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const h = hotspots(join(dir, file), top);
  // tsx compiles each file to one line: "file:1" names the file; the function name says where in it.
  console.log(`\n${title}: ${h.busyMs.toLocaleString('en-US')} ms busy (${join(dir, file)}); % of busy time, by self time:`);
  console.log(table(['function', 'where', 'self ms', 'self %'], h.bySelf.map((x) => [x.fn, x.where, x.selfMs, x.selfPct])));
  console.log('\nproject functions by inclusive time:');
  console.log(table(['function', 'where', 'total ms', 'total %'], h.byTotalProject.map((x) => [x.fn, x.where, x.totalMs, x.totalPct])));
  return h;
}
