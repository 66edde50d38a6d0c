// What a client of the control API needs to know of it (no server code: the suite's driver imports it).

/** Where the control API is served: the virtual clock, for tests and suites that must not wait real minutes. */
export const CONTROL_PREFIX = '/__emulator';
/**
 * A request that carries this header is answered as if POST /clock/settle had been sent just before
 * it: a client that owes a settle sends it with its next request instead of a round trip of its own.
 */
export const SETTLE_HEADER = 'x-emulator-settle';
/** On every answer while the control API is on: how many changes the clock still has to run. */
export const PENDING_HEADER = 'x-emulator-pending';
/**
 * On every answer while the control API is on: the answer's number, counted from the emulator's start.
 * Answers to requests sent at once arrive in any order; of two, the higher number's pending count is
 * the newer.
 */
export const SEQ_HEADER = 'x-emulator-seq';
