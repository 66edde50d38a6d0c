// Waiting like a real client: what work a request started (pending), waiting for it to end (settle),
// behaviours found never to end (stuck), and busy refusals of needed steps (busy).
export { PendingWork, type StartedWork, type Outcome, type SentParts } from './pending.ts';
export { settleWork, classify, describeWork, type WaitSettings, type WaitRecord, type Reader, type SettleOptions } from './settle.ts';
export { StuckBehaviours, type Stuck } from './stuck.ts';
export { busyCode, retryWhileBusy, type BusyRetry } from './busy.ts';
export { Backoff } from './backoff.ts';
export { trackedClient } from './track.ts';
