// A what-if for bench/certification.ts --what-if no-fsync, never the product's behaviour: makes
// fs.fsyncSync a no-op in the run's process, to measure how much of a run's wall time the Allure
// writer's fsync per result file (allure-js-commons FileSystemWriter.writeAndFlushFile) costs while
// it blocks the process that also hosts the embedded emulator. It found 9 s of an 82 s run; since
// reporters/allure.ts writes without fsync, it should show no difference (a check that it stays so).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

fs.fsyncSync = () => {};
syncBuiltinESMExports();
