// The project's own import graph, read from the sources (no compiler API: TypeScript 7 has none in
// JavaScript), and the two checks `layers.test.ts` runs on it: imports against the layering, and loops.
// Its tokenizer also serves `errorSources.ts` (the errors the sources declare and throw).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import of one file: `to` is a path from the project root (`spec/index.ts`, `spec/x.json`). */
export interface Edge {
  from: string;
  to: string;
}

/** folder -> the folders its files may import (its own is always allowed). */
export type Layering = Readonly<Record<string, readonly string[]>>;

export interface Offence {
  edge: Edge;
  rule: string;
}

/** `at`: the offset in the source where the token starts. */
export type Token = { kind: 'word' | 'string' | 'punct'; text: string; at: number };

const WORD = /[A-Za-z0-9_$]/;
// After one of these a `/` starts a regular expression, not a division.
const BEFORE_REGEX_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Words, string literals (template literals without `${` count as strings) and punctuation; comments,
 * regular expressions and template literals with expressions are left out. */
export function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = source.length;
  const regexMayStart = (): boolean => {
    const last = out[out.length - 1];
    if (!last) return true;
    if (last.kind === 'word') return BEFORE_REGEX_WORDS.has(last.text);
    if (last.kind === 'string') return false;
    return !(last.text === ')' || last.text === ']' || last.text === '}');
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== c && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        text += source[j] ?? '';
        j++;
      }
      out.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else if (c === '`') {
      const [end, text] = skipTemplate(source, i);
      out.push(text === undefined ? { kind: 'punct', text: '`', at: i } : { kind: 'string', text, at: i });
      i = end;
    } else if (c === '/' && regexMayStart()) {
      const start = i;
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        const d = source[j];
        if (d === '\\') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      i = j + 1;
      while (i < n && WORD.test(source[i]!)) i++;
      out.push({ kind: 'punct', text: 'regex', at: start });
    } else if (WORD.test(c)) {
      let j = i;
      while (j < n && WORD.test(source[j]!)) j++;
      out.push({ kind: 'word', text: source.slice(i, j), at: i });
      i = j;
    } else {
      out.push({ kind: 'punct', text: c, at: i });
      i++;
    }
  }
  return out;
}

/** From the backquote at `start`: the index after the literal, and its text when it has no `${`. */
function skipTemplate(source: string, start: number): [number, string | undefined] {
  let i = start + 1;
  let text = '';
  let plain = true;
  while (i < source.length && source[i] !== '`') {
    if (source[i] === '\\') {
      text += source[i + 1] ?? '';
      i += 2;
    } else if (source[i] === '$' && source[i + 1] === '{') {
      plain = false;
      i = skipBraces(source, i + 1);
    } else {
      text += source[i];
      i++;
    }
  }
  return [i + 1, plain ? text : undefined];
}

/** From the `{` at `start`, the index after its matching `}` (strings and templates inside skipped). */
function skipBraces(source: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      i = skipTemplate(source, i)[0] - 1;
    }
    i++;
  }
  return i;
}

/** Every module specifier the source imports: `import … from`, `import '…'`, `import type`,
 * `export … from`, and `import('…')` with a literal (in code or in a type). */
export function specifiers(source: string): string[] {
  const t = tokens(source);
  const found: string[] = [];
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (tok.kind !== 'word' || (tok.text !== 'import' && tok.text !== 'export')) continue;
    if (t[k - 1]?.text === '.') continue; // import.meta, x.import
    const a = t[k + 1];
    if (tok.text === 'import' && a?.text === '(') {
      const s = t[k + 2];
      if (s?.kind === 'string' && (t[k + 3]?.text === ')' || t[k + 3]?.text === ',')) found.push(s.text);
      continue;
    }
    if (tok.text === 'import' && a?.kind === 'string') {
      found.push(a.text);
      continue;
    }
    if (tok.text === 'export' && !(a?.text === '{' || a?.text === '*' || (a?.text === 'type' && t[k + 2]?.text === '{'))) continue;
    // Up to the statement's `from '…'`; an import or re-export clause holds no `;` or string before it.
    for (let m = k + 1; m < t.length; m++) {
      const x = t[m]!;
      if (x.kind === 'word' && x.text === 'from' && t[m + 1]?.kind === 'string') {
        found.push(t[m + 1]!.text);
        break;
      }
      if (x.text === ';' || x.kind === 'string' || x.text === '=' || x.text === '(') break;
    }
  }
  return found;
}

/** The project file a relative specifier names, from the root; undefined for a package or a missing file. */
export function resolveSpecifier(root: string, fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  const base = resolve(root, dirname(fromFile), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return relative(root, c).split(sep).join('/');
  }
  return undefined;
}

/** The `.ts` files under the folders, tests (`*.test.ts`) left out unless `withTests`, as paths from the root. */
export function sourceFiles(root: string, folders: readonly string[], withTests = false): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && (withTests || !entry.name.endsWith('.test.ts')) && !entry.name.endsWith('.d.ts')) {
        out.push(path);
      }
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(folder);
  return out.sort();
}

/** The relative imports of the files (packages and unresolved specifiers left out). */
export function importEdges(root: string, files: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const from of files) {
    const seen = new Set<string>();
    for (const spec of specifiers(readFileSync(join(root, from), 'utf8'))) {
      const to = resolveSpecifier(root, from, spec);
      if (to !== undefined && to !== from && !seen.has(to)) {
        seen.add(to);
        edges.push({ from, to });
      }
    }
  }
  return edges;
}

/** The top-level folder of a path from the root (a file at the root: its own name). */
export function layerOf(path: string): string {
  return path.split('/')[0]!;
}

/** Imports from one layer into another that the layering does not list for it (a file's layer is its
 * top-level folder unless `layerOfFile` says otherwise). A layer missing from the layering is an
 * offence of its own: every folder gets a row. */
export function layeringOffences(edges: readonly Edge[], layering: Layering, layerOfFile: (path: string) => string = layerOf): Offence[] {
  const out: Offence[] = [];
  for (const edge of edges) {
    const from = layerOfFile(edge.from);
    const to = layerOfFile(edge.to);
    if (from === to) continue;
    const allowed = layering[from];
    if (allowed === undefined) out.push({ edge, rule: `${from}/ has no row in the layering` });
    else if (!allowed.includes(to)) out.push({ edge, rule: `${from}/ may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'}, not ${to}/` });
  }
  return out;
}

/** Import loops as the paths of files round them (first file repeated at the end): in each group of
 * files that reach one another, the shortest loop through each file that no loop listed yet passes. */
export function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    next.get(from)!.push(to);
  }
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  const loops: string[][] = [];
  for (const component of components) {
    const within = new Set(component);
    const covered = new Set<string>();
    for (const file of component) {
      if (covered.has(file)) continue;
      const loop = shortestLoop(file, within, next);
      for (const f of loop) covered.add(f);
      loops.push(loop);
    }
  }
  return loops.sort((a, b) => a.join().localeCompare(b.join()));
}

/** Breadth-first from `start` back to itself inside the component. */
function shortestLoop(start: string, within: Set<string>, next: Map<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = parent.get(u)!) path.unshift(u);
        path.unshift(start);
        return path;
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Imports from outside a layer that reach past its entry module (`harness/index.ts`) into one of its
 * folders kept behind it (`harness/scenario/`): such a folder is the layer's to rearrange. */
export function pastEntry(edges: readonly Edge[], entry: string, behind: readonly string[]): Edge[] {
  const layer = layerOf(entry);
  return edges.filter((e) => layerOf(e.from) !== layer && e.to !== entry && behind.some((dir) => e.to.startsWith(dir)));
}
