// Seeds of random test runs are printed only under a failing test (a passing run stays quiet), so a red
// run still says which seed replays it.
import { beforeEach, onTestFailed } from 'vitest';

/** Registers, for every test of the calling file, `line` (the seed and how to replay it) printed if the test fails. */
export function printOnFailure(line: string): void {
  beforeEach(() => {
    onTestFailed(() => console.log(line));
  });
}

/** Inside a test: `line` printed if this test fails. */
export function printIfThisFails(line: string): void {
  onTestFailed(() => console.log(line));
}
