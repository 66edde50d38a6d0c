// fast-check settings for harness property tests: the seed is printed when the test fails and can be
// replayed with FC_SEED=<seed> (and FC_RUNS to change the number of runs). Call it inside the test.
import type { Parameters } from 'fast-check';
import { printIfThisFails } from '../../testing/seeds.ts';

export function propertyParams<T>(name: string, numRuns = 50): Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const runs = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns;
  printIfThisFails(`[property] ${name}: seed=${seed} numRuns=${runs} (replay: FC_SEED=${seed})`);
  return { seed, numRuns: runs };
}
