// Valid bodies live with the fixtures the suites share (harness/fixtures/bodies.ts).
export { createInstanceBody } from '../../harness/fixtures/bodies.ts';
