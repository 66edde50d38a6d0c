// Preloaded into a process (NODE_OPTIONS="--import <this file>") to measure it without touching
// product code: counts the HTTP requests its servers answer (node:http's diagnostics channels), and
// at exit records its CPU time and that of the children it reaped (/proc/self/stat: the vitest
// workers of a run) and its peak RSS. Plain JavaScript so it loads before tsx is registered. Writes
// $BENCH_PROBE_FILE.<pid>.json only from a process that served requests: the one running the emulator.
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
const counts = { total: 0, control: 0, byMethod: {}, byStatus: {} };

subscribe('http.server.request.start', ({ request }) => {
  counts.total++;
  counts.byMethod[request.method] = (counts.byMethod[request.method] ?? 0) + 1;
  // The emulator's control API (virtual clock): the harness drives it, it is not a DCS operation.
  if (request.url.startsWith('/__emulator/')) counts.control++;
});
subscribe('http.server.response.finish', ({ response }) => {
  counts.byStatus[response.statusCode] = (counts.byStatus[response.statusCode] ?? 0) + 1;
});

process.on('exit', () => {
  if (!file || counts.total === 0) return;
  // Fields 14-17 of /proc/<pid>/stat: utime, stime, cutime, cstime in clock ticks (100 per second on Linux).
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const ticks = (i) => Number(f[i - 3]) / 100;
  const cpu = { selfSeconds: ticks(14) + ticks(15), childrenSeconds: ticks(16) + ticks(17) };
  writeFileSync(`${file}.${process.pid}.json`, JSON.stringify({ pid: process.pid, requests: counts, cpu, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
});
