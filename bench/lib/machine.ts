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
  };
}

export function finish(m: Machine): Machine {
  return { ...m, loadAvg1: { ...m.loadAvg1, end: round2(loadavg()[0]!) } };
}

export function describe(m: Machine): string {
  const load = `load avg (1 min) ${m.loadAvg1.start}${m.loadAvg1.end !== undefined ? ` → ${m.loadAvg1.end}` : ''}`;
  return `machine: ${m.cores} cores, ${m.cpuModel}, node ${m.node}, ${m.platform}, ${m.memoryMB} MB RAM; ${load}`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
