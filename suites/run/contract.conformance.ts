// The contract cases of the conformance suite (see suites/index.ts); run through suites/vitest.config.ts.
import { registerFamily } from './register.ts';

await registerFamily('contract');
