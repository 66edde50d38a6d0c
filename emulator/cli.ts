// npm run emulator -- [--port N] [--host H] [--seed N] [--clock real|scaled:N|manual] [--config FILE] [--realistic] [--no-control] [--json] [--fault ID]… [--list-faults]
import { parseArgs } from 'node:util';
import { parseClockMode } from './core/clock.ts';
import { defaultConfig, loadConfigFile, shortestTransitionMs } from './core/config.ts';
import { FAULTS, faultsById } from './faults/index.ts';
import { startEmulator } from './index.ts';

const HELP = `Usage: npm run emulator -- [options]

Starts the embedded DCS emulator and prints its URL, project id and default credentials.

  --port N          port to listen on (default 7000; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1)
  --seed N          seed for IDs and credentials (default 1): same seed, same run
  --clock MODE      real | scaled:N (N times real speed) | manual (default real; manual moves only
                    through POST /__emulator/clock/advance)
  --config FILE     JSON file with projects, users (token, ak, sk, projects, actions) and durations
  --realistic       behave like a cloud endpoint, to rehearse a certification before pointing the
                    suite at a real one: no control API, real-time clock, every duration at least
                    1 s stretched by up to 50 %, reads up to 500 ms stale, callers throttled with 429
                    and Retry-After above 150 requests/s (a config file's durations and "realism"
                    block override these)
  --no-control      do not serve the /__emulator control API
  --json            print one JSON line {"url","projectId","token","ak","sk"} and nothing else
                    (plus "faults" when any is on)
  --fault ID        switch on a deliberate departure from the reference (repeatable), to check that
                    a conformance run catches it; NOT a conforming server while any is on
  --list-faults     print the known faults (id, family, rule it breaks, what goes wrong) and exit
  --help            this text`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${HELP}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '7000' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      clock: { type: 'string', default: 'real' },
      config: { type: 'string' },
      'no-control': { type: 'boolean', default: false },
      realistic: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true, default: [] },
      'list-faults': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (args['list-faults']) {
  const rows = FAULTS.map((f) => [f.id, f.family, f.rule, f.breaks]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
  process.exit(0);
}
const faults = args.fault!;
try {
  faultsById(faults);
} catch (e) {
  fail(`--fault: ${(e as Error).message}`);
}
const port = Number(args.port);
const seed = Number(args.seed);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got "${args.port}"`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${args.seed}"`);
let clock;
try {
  clock = parseClockMode(args.clock!);
} catch (e) {
  fail((e as Error).message);
}
if (args.realistic && clock.kind !== 'real') fail('--realistic runs in real time: leave out --clock');
try {
  const realistic = args.realistic!;
  const config = args.config ? loadConfigFile(args.config, seed, { realistic }) : defaultConfig(seed, { realistic });
  if (args['no-control']) config.controlApi = false;
  const emu = await startEmulator({ port, host: args.host!, seed, clock, config, faults, realistic });
  const realism = emu.config.realism;
  const info = { url: emu.url, projectId: emu.projectId, token: emu.token, ak: emu.ak, sk: emu.sk, ...(emu.faults.length ? { faults: emu.faults } : {}), ...(realism ? { realism } : {}) };
  if (args.json) console.log(JSON.stringify(info));
  else {
    console.log(`DCS emulator listening on ${emu.url}  (seed ${seed}, clock ${args.clock})`);
    console.log(`  project id  ${emu.projectId}`);
    console.log(`  token       ${emu.token}     (header X-Auth-Token)`);
    console.log(`  AK / SK     ${emu.ak} / ${emu.sk}     (SDK-HMAC-SHA256)`);
    if (emu.config.controlApi) console.log(`  control     ${emu.url}/__emulator/clock  (POST /__emulator/clock/advance?ms=N)`);
    if (emu.faults.length) console.log(`  FAULTS ON   ${emu.faults.join(', ')}     (not a conforming server)`);
    if (realism) {
      console.log(`  realistic   durations ${Object.entries(emu.config.durations).map(([k, v]) => `${k} ${v} ms`).join(', ')}, +0-${Math.round(realism.jitter * 100)} % jitter`);
      console.log(`              reads up to ${realism.readLagMs} ms stale${realism.throttle ? `; 429 + Retry-After above ${realism.throttle.requestsPerSecond} requests/s per caller (burst ${realism.throttle.burst})` : ''}`);
      console.log(`              target config: consistency { readLagMs: ${realism.readLagMs}, minTransitionMs: ${shortestTransitionMs(emu.config)} }${realism.throttle ? `, rateLimit { requestsPerSecond: ${realism.throttle.requestsPerSecond} }` : ''}`);
    }
  }
  const stop = () => void emu.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  fail(err.code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : err.message);
}
