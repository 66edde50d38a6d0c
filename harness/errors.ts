// Every error the harness raises: a typed class with a stable code and a message that says the fix
// (undici keeps one errors module the same way). Callers match on `code`, not text. The config's own
// error is config/errors.ts's ConfigError, on the same base (common/errors.ts).
import { DcsError } from '../common/errors.ts';

export class HarnessError extends DcsError {
  override readonly code: string = 'DCS_HARNESS_ERROR';
}

/** No connection could be made to the target (refused, DNS failure, connect timeout). */
export class TargetUnreachableError extends HarnessError {
  override readonly code = 'DCS_TARGET_UNREACHABLE';
  constructor(
    readonly origin: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`target ${origin} is unreachable (${reason}). Fix: check the endpoint URL and that the target is running, or raise connectTimeoutMs.`, options);
  }
}

/** A request got no complete answer within its per-request timeout. */
export class RequestTimeoutError extends HarnessError {
  override readonly code = 'DCS_REQUEST_TIMEOUT';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} got no complete response within ${timeoutMs} ms. Fix: raise timeoutMs for this target or request, or check why the target is slow.`);
  }
}

/** The connection failed after it was made (reset, malformed HTTP) and retries, if allowed, ran out. */
export class TransportError extends HarnessError {
  override readonly code = 'DCS_TRANSPORT_FAILED';
  constructor(
    readonly method: string,
    readonly url: string,
    reason: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`${method} ${url} failed after ${attempts} attempt(s): ${reason}. Fix: check the target's logs; idempotent requests are retried, others are not, by design.`, options);
  }
}

/** An argument to a harness function is wrong (an unknown operation, a negative timeout…). */
export class InvalidArgumentError extends HarnessError {
  override readonly code = 'DCS_INVALID_ARGUMENT';
}

/** The harness relies on a spec datum (an erratum, a protocol rule) that spec/ no longer has. */
export class SpecMismatchError extends HarnessError {
  override readonly code = 'DCS_SPEC_MISMATCH';
}

/** Asynchronous work did not reach an end (done, failed or gone) within the wait's timeout. */
export class WaitTimeoutError extends HarnessError {
  override readonly code = 'DCS_WAIT_TIMEOUT';
  constructor(
    /** The behaviour waited for, e.g. "instance deletion (DeleteSingleInstance)": later waits for it fail fast. */
    readonly behaviour: string,
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not finish within ${timeoutMs} ms (${behaviour}). Fix: if the target is only slow, raise poll.timeoutMs; otherwise it never completes this work.`);
  }
}

/** Asynchronous work a step depends on ended in a failed status (a backup that failed, an instance CREATEFAILED). */
export class AsyncWorkFailedError extends HarnessError {
  override readonly code = 'DCS_ASYNC_FAILED';
  constructor(readonly what: string, readonly status: string) {
    super(`${what} ended ${status}: the work a step depends on failed on the target.`);
  }
}

/** A wait depends on a behaviour an earlier case already found never completes: failing fast instead of waiting again. */
export class StuckDependencyError extends HarnessError {
  override readonly code = 'DCS_STUCK_DEPENDENCY';
  constructor(readonly behaviour: string, readonly foundBy: string, readonly timeoutMs: number) {
    super(`depends on ${behaviour}, which never completed in "${foundBy}" (waited ${timeoutMs} ms there); not waiting again.`);
  }
}

/** A case needs the target's clock to move further than a run may wait in real time without --allow-long-waits. */
export class LongWaitRefusedError extends HarnessError {
  override readonly code = 'DCS_LONG_WAIT_REFUSED';
  constructor(readonly ms: number) {
    super(`needs the target's clock to move ${Math.round(ms / 1000)} s, which this target only does in real time: run with --allow-long-waits to wait that long`);
  }
}

/** The run was stopped (a signal, --max-failures): a case's request is not sent; cleanups still are. */
export class RunStoppedError extends HarnessError {
  override readonly code = 'DCS_RUN_STOPPED';
  constructor() {
    super('not run: the run was stopped before this request (a signal or --max-failures); what the run made is being removed');
  }
}
