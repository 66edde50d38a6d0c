// `npm run bench:cold-start -- [--rounds N]`: how long the command takes to start, from the sources
// (`node bin/dcs-conformance.js` in this checkout: tsx transpiles the TypeScript at start-up) and from the
// installed package (packed with `npm pack`, which builds dist/, and installed into a temporary project:
// compiled JavaScript). Each round runs `--help`, `--version` and `run --profile smoke` for both, the two
// variants interleaved; the table has the medians of the wall times.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './lib/machine.ts';
import { ROOT, table, writeReport } from './lib/report.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const m = machine();

const dir = mkdtempSync(join(tmpdir(), 'dcs-cold-start-'));
const packOut = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
// The JSON follows what the build (prepack) prints.
const packed = JSON.parse(packOut.slice(packOut.search(/^\[/m))) as { filename: string }[];
const project = join(dir, 'consumer');
execFileSync('mkdir', ['-p', project]);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed[0]!.filename)], { cwd: project, stdio: 'ignore' });

const VARIANTS = {
  'sources (tsx)': { bin: join(ROOT, 'bin/dcs-conformance.js'), cwd: ROOT },
  'package (dist)': { bin: join(project, 'node_modules/dcs-conformance/bin/dcs-conformance.js'), cwd: project },
} as const;
const COMMANDS: Record<string, string[]> = {
  '--help': ['--help'],
  '--version': ['--version'],
  'run --profile smoke': ['run', '--profile', 'smoke', '--seed', '1', '--quiet', '--report-dir', join(dir, 'reports')],
};

const times: Record<string, Record<string, number[]>> = {};
for (let r = 0; r < rounds; r++) {
  for (const [command, args] of Object.entries(COMMANDS)) {
    for (const [variant, { bin, cwd }] of Object.entries(VARIANTS)) {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: 'ignore', env: { ...process.env, DCS_RUN_SEED: '' } });
      const ms = performance.now() - t0;
      if (run.status !== 0) throw new Error(`${variant} ${command}: exit ${run.status}`);
      ((times[command] ??= {})[variant] ??= []).push(ms);
    }
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = Object.entries(times).map(([command, v]) => {
  const src = median(v['sources (tsx)']!);
  const pkg = median(v['package (dist)']!);
  return { command, sourcesMs: Math.round(src), packageMs: Math.round(pkg), ratio: Math.round((src / pkg) * 100) / 100 };
});
console.log(`cold start, median of ${rounds} round(s), wall time`);
console.log(table(['command', 'sources (tsx) ms', 'package (dist) ms', 'sources / package'], rows.map((r) => [r.command, r.sourcesMs, r.packageMs, r.ratio])));
writeReport('cold-start', m, { rounds, rows, all: times });
