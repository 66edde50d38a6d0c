// Every family of the conformance suite on one pool of lanes: the entry file of a run with concurrency
// above 1 (suites/vitest.config.ts picks it; see register.ts): a real-time target's lanes, or a virtual
// clock's, where only clockFree cases share them (engine/lanes.ts runsAlone).
import { registerAll } from './register.ts';

await registerAll();
