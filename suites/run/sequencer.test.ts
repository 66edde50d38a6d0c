// The suite's files run in one order whatever vitest's cache says (run/sequencer.ts): vitest's own
// sequencer would put the slowest (or last failed) family first, so the same seed would not replay.
import { expect, test } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import FamilyOrder from './sequencer.ts';

const spec = (moduleId: string) => ({ moduleId }) as TestSpecification;
const files = ['/p/suites/run/stateful.conformance.ts', '/p/suites/run/contract.conformance.ts', '/p/suites/run/state.conformance.ts', '/p/suites/run/security.conformance.ts'];

test('families run in the order of their file names, from any starting order', async () => {
  const order = new FamilyOrder({} as Vitest);
  const sorted = ['/p/suites/run/contract.conformance.ts', '/p/suites/run/security.conformance.ts', '/p/suites/run/state.conformance.ts', '/p/suites/run/stateful.conformance.ts'];
  expect((await order.sort(files.map(spec))).map((f) => f.moduleId)).toEqual(sorted);
  expect((await order.sort([...files].reverse().map(spec))).map((f) => f.moduleId)).toEqual(sorted);
});
