// A what-if for bench/certification.ts --what-if no-fsync, never the product's behaviour: makes
// fs.fsyncSync a no-op in the run's process, to measure how much of a run's wall time the Allure
// writer's fsync per result file (allure-js-commons FileSystemWriter.writeAndFlushFile) costs while
// it blocks the process that also hosts the embedded emulator.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

fs.fsyncSync = () => {};
syncBuiltinESMExports();
