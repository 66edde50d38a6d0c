// What the command tests share: an Io that keeps what a command prints.
import type { Io } from './types.ts';

export function capturedIo(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => void out.push(l), err: (l) => void err.push(l), env: {}, cwd: process.cwd(), stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}
