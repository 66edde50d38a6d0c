// Every family of the conformance suite on one pool of lanes: the entry file of a run against a
// real-time target with concurrency above 1 (suites/vitest.config.ts picks it; see register.ts).
import { registerAll } from './register.ts';

await registerAll();
