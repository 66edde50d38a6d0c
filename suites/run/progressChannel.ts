// From the test workers to the progress the user sees, through vitest's reporter channel: a test
// annotation of type WAIT_ANNOTATION reaches every reporter's onTestCaseAnnotate in the main process
// (reporters/collector.ts hands it to Progress.wait), and is kept with the test (JUnit lists it as a
// property). "Case started" needs no message of ours: vitest reports onTestCaseReady itself.
// The engine's waits ("instance X CREATING -> RUNNING, 3 s") go through waitReporter(context).
import type { TestContext } from 'vitest';

export const WAIT_ANNOTATION = 'dcs:wait';

/** What the engine calls to report a wait of the running case. */
export type WaitReporter = (text: string) => void;

/** A WaitReporter for the test whose context this is. Never throws: progress must not fail a case. */
export function waitReporter(context: Pick<TestContext, 'annotate'>): WaitReporter {
  return (text) => {
    context.annotate(text, WAIT_ANNOTATION).catch(() => {});
  };
}
