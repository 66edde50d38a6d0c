// The command-line habits API testers bring, in process (nothing is started or contacted): --version,
// "did you mean" for flags, commands and --only, list, --dry-run, --quiet/--verbose, colour rules,
// checked implementation flags, and one rule count for spec stats, list and the coverage line.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { allCases } from '../suites/index.ts';
import { computeCoverage, formatCoverage } from '../suites/engine/coverage.ts';
import { selectCases } from '../suites/engine/select.ts';
import { HARNESS_VERSION } from '../reporters/report.ts';
import { colourWanted } from '../reporters/colour.ts';
import { main } from './main.ts';
import { outputOf } from './output.ts';
import { capturedIo } from './testing.ts';

const spec = await loadSpec();
const BIN = fileURLToPath(new URL('../bin/dcs-conformance.js', import.meta.url));

async function dcs(...argv: string[]) {
  const io = capturedIo();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('asking the tool about itself', () => {
  test('--version: the harness, the spec hash and the reference document', async () => {
    const r = await dcs('--version');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`dcs-conformance ${HARNESS_VERSION}`);
    expect(r.out).toContain(spec.hash.slice(0, 16));
    expect(r.out).toContain(`Issue ${spec.reference.issue} (${spec.reference.date})`);
  });

  test('list cases --json: the selection a run would make, each case required or advisory', async () => {
    const r = await dcs('list', 'cases', '--profile', 'smoke', '--json');
    expect(r.code, r.err).toBe(0);
    const cases = JSON.parse(r.out) as { name: string; weight: string }[];
    expect(cases.map((c) => c.name)).toEqual(selectCases(allCases(spec), { profile: 'smoke' }).map((c) => c.name));
    expect(new Set(cases.map((c) => c.weight))).toEqual(new Set(['required', 'advisory']));
  });

  test('list faults and list checks answer without a target', async () => {
    expect((await dcs('list', 'faults')).out).toContain('password.short-accepted');
    expect((await dcs('list', 'checks')).out).toMatch(/auth\.no-credentials\s+\d+\s+\d+\s+0/);
  });

  test('run --dry-run contacts nothing (an unreachable URL is fine) and says what the run would lack', async () => {
    const r = await dcs('run', '--dry-run', '--profile', 'full', '--only', 'DeleteSingleInstance', '--target', 'http://127.0.0.1:1', '--token', 't', '--project-id', 'p');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/without --allow-destructive, \d+ required cases will be skipped: the run would be INCOMPLETE/);
    expect(r.out).toMatch(/principals\.readonly no, principals\.other no, AK\/SK no/);
  });
});

describe('mistakes get the closest right answer (exit 2)', () => {
  test.for([
    ['an unknown flag', ['run', '--profle', 'smoke'], /unknown flag --profle\. Did you mean --profile\?/],
    ['an unknown command', ['rnu'], /unknown command "rnu"\. Did you mean: run\?/],
    ['--only that matches nothing', ['run', '--only', 'CreateInstanse'], /--only CreateInstanse matches no case\. Did you mean: CreateInstance/],
    ['a list of nothing', ['list', 'case'], /Did you mean: cases\?/],
    ['--quiet with --verbose', ['run', '--quiet', '--verbose'], /--quiet and --verbose contradict each other/],
    ['an implementation name on two lines', ['run', '--implementation-name', 'Acme\nCache'], /--implementation-name: must be one printable line/],
    ['--max-failures 0', ['run', '--max-failures', '0'], /--max-failures must be at least 1/],
  ] as const)('%s', async ([, argv, message]) => {
    const r = await dcs(...argv);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('colour', () => {
  test('on a terminal unless --no-color or NO_COLOR; FORCE_COLOR forces it elsewhere', () => {
    expect(colourWanted({ tty: true, env: {} })).toBe(true);
    expect(colourWanted({ tty: false, env: {} })).toBe(false);
    expect(colourWanted({ tty: true, noColorFlag: true, env: {} })).toBe(false);
    expect(colourWanted({ tty: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colourWanted({ tty: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(colourWanted({ tty: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).toBe(false);
  });

  test('the verdict word is coloured on a terminal and plain with --no-color; --json sends the human text to stderr', () => {
    const lines: string[] = [];
    const io = { ...capturedIo(), out: (l: string) => void lines.push(`out:${l}`), err: (l: string) => void lines.push(`err:${l}`), tty: { out: true, err: false } };
    const o = outputOf({ _: [] }, io);
    o.verdict(o.palette.green('PASS'));
    const plain = outputOf({ _: [], 'no-color': true }, io);
    plain.verdict(plain.palette.green('PASS'));
    const json = outputOf({ _: [], json: true }, io);
    json.say('human');
    json.result({ ok: 1 });
    expect(lines).toEqual(['out:\x1b[32mPASS\x1b[39m', 'out:PASS', 'err:human', 'out:{"ok":1}']);
  });
});

describe('one rule count', () => {
  test('spec stats, list rules and the coverage line all count rule-table rows plus state-machine rules', async () => {
    const stats = await new Promise<string>((resolve, reject) => execFile(process.execPath, [BIN, 'spec', 'stats'], (e, out) => (e ? reject(e) : resolve(out))));
    const count = spec.rules.ids.length;
    expect(stats).toMatch(new RegExp(`rules \\(rule-table rows \\+ state-machine rules\\)\\s+${count} \\(${spec.rules.all.length} \\+ ${count - spec.rules.all.length}\\)`));
    expect((await dcs('list', 'rules')).out).toContain(`${count} rules (${spec.rules.all.length} in the rule tables`);
    const line = formatCoverage(computeCoverage(spec, [], spec.rules.unreachable)).split('\n').find((l) => l.startsWith('rules'))!;
    expect(line).toContain(`(${count} in the spec; not reachable through the API:`);
  });
});

describe('the command in a checkout', () => {
  // bin/dcs-conformance.js imports a command's heaviest dependencies natively before tsx's hooks are
  // registered: each one named must be a dependency the command's own module imports, or it costs
  // every start of that command for nothing.
  test('imports natively first only dependencies its command uses', async () => {
    const { readFile } = await import('node:fs/promises');
    const bin = await readFile(BIN, 'utf8');
    const listed = JSON.parse(/const NATIVE_FIRST = (\{[^;]*\});/.exec(bin)![1]!.replace(/(\w+):/g, '"$1":').replace(/'/g, '"')) as Record<string, string[]>;
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(listed).length).toBeGreaterThan(0);
    for (const [command, modules] of Object.entries(listed)) {
      const source = await readFile(new URL(`./commands/${command}.ts`, import.meta.url), 'utf8');
      for (const m of modules) {
        expect(Object.keys(pkg.dependencies), `${m}: a dependency`).toContain(m.split('/')[0]);
        expect(source, `cli/commands/${command}.ts imports ${m}`).toMatch(new RegExp(`from '${m}'`));
      }
    }
  });
});
