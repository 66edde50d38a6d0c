// The machine a benchmark ran on, printed with every table and stored with every report: numbers
// from different machines (or a busy one) are not comparable.
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryMB: number;
  /** 1-minute load average when the benchmark started and ended: above `cores`, other work shared the CPUs. */
  loadAvg1: { start: number; end?: number };
  /**
   * How fast one core ran a fixed integer loop when the benchmark started and ended (ns per iteration,
   * lower is faster). On a shared VM the host's speed moves with nothing else running on the machine
   * (a loop at the top level of `node -e` took 4.4 and 7.3 ns per iteration within the hour here on
   * 2026-12-06). It catches a slow host, not every cause of spread: through the certification runs of
   * that day it stayed at 1.2–1.4 ns while their wall time moved from 19 to 24 s. Interleaved ratios
   * are comparable at any value.
   */
  cpuProbeNs: { start: number; end?: number };
}

/** ns per iteration of a fixed loop, the fastest of three passes (~0.1 s in all here): the host's speed right now. */
export function cpuProbe(iterations = 2e7): number {
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    let s = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) s += i % 7;
    const ns = Number(process.hrtime.bigint() - t0) / iterations;
    // Uses s, so the loop is not optimized away.
    if (s >= 0 && ns < best) best = ns;
  }
  return round2(best);
}

export function machine(): Machine {
  const c = cpus();
  return {
    cores: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryMB: Math.round(totalmem() / 2 ** 20),
    loadAvg1: { start: round2(loadavg()[0]!) },
    cpuProbeNs: { start: cpuProbe() },
  };
}

export function finish(m: Machine): Machine {
  return { ...m, loadAvg1: { ...m.loadAvg1, end: round2(loadavg()[0]!) }, cpuProbeNs: { ...m.cpuProbeNs, end: cpuProbe() } };
}

export function describe(m: Machine): string {
  const load = `load avg (1 min) ${m.loadAvg1.start}${m.loadAvg1.end !== undefined ? ` → ${m.loadAvg1.end}` : ''}`;
  const probe = `CPU probe ${m.cpuProbeNs.start}${m.cpuProbeNs.end !== undefined ? ` → ${m.cpuProbeNs.end}` : ''} ns/iteration (lower is faster)`;
  return `machine: ${m.cores} cores, ${m.cpuModel}, node ${m.node}, ${m.platform}, ${m.memoryMB} MB RAM; ${load}; ${probe}`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
