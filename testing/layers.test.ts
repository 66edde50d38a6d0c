// Imports run one way (docs: each top-level folder's README.md says what it may import, from this table):
// every relative import of every non-test .ts file — static, `import type`, `export … from`, and
// `import('…')` with a literal — must go to a folder its folder's row lists, and no files may import
// each other in a loop (type-only imports included). Tests (*.test.ts) are not checked as importers.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { importCycles, importEdges, layeringOffences, layerOf, pastEntry, sourceFiles, specifiers, type Edge, type Layering } from './importGraph.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const BELOW_SUITES = ['spec', 'common', 'config', 'generators', 'emulator', 'harness'];

/** folder -> the folders it may import (its own always). */
const LAYERING: Layering = {
  spec: [],
  common: [],
  config: ['spec', 'common'],
  generators: ['spec', 'common'],
  emulator: ['spec', 'common'],
  harness: ['spec', 'common', 'config'],
  suites: BELOW_SUITES,
  reporters: [...BELOW_SUITES, 'suites'],
  cli: [...BELOW_SUITES, 'suites', 'reporters'],
  testing: ['spec', 'common', 'emulator', 'harness'],
  bench: [...BELOW_SUITES, 'suites', 'reporters', 'cli', 'testing'],
};

/** Test support inside a layer (tsconfig.build.json leaves it out of the package): held to testing/'s row. */
const TEST_SUPPORT = ['harness/testing/'];

/** The harness's run-time scenario (prerequisites and one request per operation): only `harness/index.ts` exports it. */
const SCENARIO = 'harness/scenario/';

const layerOfFile = (path: string): string => (TEST_SUPPORT.some((dir) => path.startsWith(dir)) ? 'testing' : layerOf(path));

const offences = (edges: readonly Edge[]): string[] => layeringOffences(edges, LAYERING, layerOfFile).map(({ edge, rule }) => `${edge.from} -> ${edge.to} (${rule})`);

describe('imports run one way', () => {
  const edges = importEdges(root, sourceFiles(root, Object.keys(LAYERING)));

  test('every top-level folder with TypeScript sources has a row', () => {
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.') && !['node_modules', 'dist', 'reports'].includes(d.name));
    const withSources = folders.map((d) => d.name).filter((name) => sourceFiles(root, [name]).length > 0);
    expect(withSources.filter((name) => !(name in LAYERING)), 'folders without a row in LAYERING').toEqual([]);
  });

  test('the graph is read (every layer has files, and imports are found)', () => {
    const layers = new Set(edges.flatMap((e) => [layerOf(e.from), layerOf(e.to)]));
    for (const layer of Object.keys(LAYERING)) expect(layers, `no import read from or to ${layer}/`).toContain(layer);
    expect(edges.length).toBeGreaterThan(500);
  });

  test('every import goes to a folder its layer may import', () => {
    expect(offences(edges), 'imports against the layering (README.md of the folder says what it may import)').toEqual([]);
  });

  test('no import loops between files (type-only imports included)', () => {
    expect(importCycles(edges).map((loop) => loop.join(' -> ')), 'import loops').toEqual([]);
  });

  test('the run-time scenario is reached through harness/index.ts only (tests included)', () => {
    const all = importEdges(root, sourceFiles(root, Object.keys(LAYERING), true));
    expect(all.some((e) => e.from.startsWith('harness/') && e.to.startsWith(SCENARIO)), 'no import of harness/scenario/ read').toBe(true);
    expect(pastEntry(all, 'harness/index.ts', [SCENARIO]).map((e) => `${e.from} -> ${e.to}`), 'import harness/index.ts instead').toEqual([]);
  });

  test('the suite engine receives the cases it runs: it imports no case family nor the registry (suites/index.ts)', () => {
    const cases = (to: string) => to === 'suites/index.ts' || ['suites/cases/', 'suites/security/', 'suites/stateful/', 'suites/run/'].some((dir) => to.startsWith(dir));
    expect(edges.filter((e) => e.from.startsWith('suites/engine/') && cases(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});

describe('the checker itself', () => {
  const graph: Edge[] = [
    { from: 'emulator/http/auth.ts', to: 'harness/auth/sign.ts' }, // a back-edge
    { from: 'harness/client.ts', to: 'spec/index.ts' },
    { from: 'spec/a.ts', to: 'spec/b.ts' }, // a 3-file loop
    { from: 'spec/b.ts', to: 'spec/c.ts' },
    { from: 'spec/c.ts', to: 'spec/a.ts' },
    { from: 'harness/testing/server.ts', to: 'testing/needs.ts' }, // test support: testing/'s row
    { from: 'misc/x.ts', to: 'spec/index.ts' }, // a folder without a row
  ];

  test('reports an import against the layering, and a folder without a row', () => {
    expect(offences(graph)).toEqual([
      'emulator/http/auth.ts -> harness/auth/sign.ts (emulator/ may import spec, common, not harness/)',
      'misc/x.ts -> spec/index.ts (misc/ has no row in the layering)',
    ]);
  });

  test('reports an import past harness/index.ts into harness/scenario/, from any other folder', () => {
    const reaching: Edge[] = [
      { from: 'suites/cases/common.ts', to: 'harness/scenario/requests.ts' }, // past the entry
      { from: 'emulator/resources/acl.test.ts', to: 'harness/scenario/bodies.ts' }, // a test, past the entry
      { from: 'suites/engine/types.ts', to: 'harness/index.ts' },
      { from: 'harness/index.ts', to: 'harness/scenario/scenario.ts' }, // inside the harness
    ];
    expect(pastEntry(reaching, 'harness/index.ts', [SCENARIO])).toEqual(reaching.slice(0, 2));
  });

  test('reports each loop as a path', () => {
    expect(importCycles(graph)).toEqual([['spec/a.ts', 'spec/b.ts', 'spec/c.ts', 'spec/a.ts']]);
    expect(importCycles([...graph, { from: 'spec/b.ts', to: 'spec/a.ts' }])).toEqual([['spec/a.ts', 'spec/b.ts', 'spec/a.ts'], ['spec/c.ts', 'spec/a.ts', 'spec/b.ts', 'spec/c.ts']]);
  });

  test('reads every kind of import, and none in comments or strings', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "import './side.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      "export type { E } from './e.ts';",
      'import {',
      '  f,',
      "} from './f.ts';",
      "const g = await import('./g.ts');",
      "type H = import('./h.ts').H;",
      "// import { x } from './comment.ts';",
      "/* import('./block.ts') */",
      "const s = \"import { y } from './string.ts'\";",
      'const re = /["\']/;',
      "const t = `import('./template.ts') ${s}`;",
      "export const z = import.meta.url;",
    ].join('\n');
    expect(specifiers(source)).toEqual(['./a.ts', '../b.ts', './side.ts', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts', './h.ts']);
  });
});
