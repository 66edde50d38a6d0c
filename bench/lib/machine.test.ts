// The machine line of every benchmark: the host's speed is probed at the start and the end, and printed.
import { expect, test } from 'vitest';
import { cpuProbe, describe as describeMachine, finish, machine } from './machine.ts';

test('the CPU probe measures a positive time per iteration, and the machine line shows it at start and end', () => {
  expect(cpuProbe(1e6)).toBeGreaterThan(0);
  const m = finish(machine());
  expect(m.cpuProbeNs.start).toBeGreaterThan(0);
  expect(m.cpuProbeNs.end).toBeGreaterThan(0);
  expect(describeMachine(m)).toMatch(new RegExp(`CPU probe ${m.cpuProbeNs.start} → ${m.cpuProbeNs.end} ns/iteration`));
});
