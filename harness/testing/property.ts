// fast-check settings for harness property tests: the seed is printed and can be replayed with
// FC_SEED=<seed> (and FC_RUNS to change the number of runs).
import type { Parameters } from 'fast-check';

export function propertyParams<T>(name: string, numRuns = 50): Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const runs = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns;
  console.log(`[property] ${name}: seed=${seed} numRuns=${runs} (replay: FC_SEED=${seed})`);
  return { seed, numRuns: runs };
}
