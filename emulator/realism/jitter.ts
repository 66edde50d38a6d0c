// Durations with jitter: each time a handler reads a duration (once per piece of work it starts) it
// gets the configured value stretched by a random share, so two backups do not take the same time.
// Handlers read a duration once and derive their intermediate steps from it, which keeps the steps
// of one piece of work in order.
import type { EmulatorConfig } from '../core/config.ts';

export function jitteredDurations(base: EmulatorConfig['durations'], jitter: number, random: () => number): EmulatorConfig['durations'] {
  if (!(jitter > 0)) return base;
  return new Proxy(base, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'number' ? Math.round(v * (1 + random() * jitter)) : v;
    },
  });
}
