// Every error the harness raises: a typed class with a stable code and a message that says the fix
// (undici keeps one errors module the same way). Callers match on `code`, not text. The config's own
// error is config/errors.ts's ConfigError, on the same base (common/errors.ts).
//
// Codes: DCS_HARNESS_ERROR (the base), DCS_TARGET_UNREACHABLE, DCS_REQUEST_TIMEOUT, DCS_TRANSPORT_FAILED,
// DCS_INVALID_ARGUMENT, DCS_SPEC_MISMATCH, DCS_WAIT_TIMEOUT, DCS_ASYNC_FAILED, DCS_STUCK_DEPENDENCY,
// DCS_LONG_WAIT_REFUSED, DCS_RUN_STOPPED, DCS_SCENARIO_STEP, DCS_SCENARIO_UNSUPPORTED,
// DCS_SCENARIO_NOT_READY, DCS_SCENARIO_STATE, DCS_HARNESS_INTERNAL.
import { DcsError } from '../common/errors.ts';
import type { Reply } from './scenario/driver.ts';

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

/** A setup step of a scenario (scenario/scenario.ts) answered something other than a documented 2xx: the scenario cannot go on. */
export class ScenarioError extends HarnessError {
  override readonly code = 'DCS_SCENARIO_STEP';
  constructor(step: string, reply: Reply, problem?: string) {
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    super(`scenario step ${step} answered ${reply.status}${problem ? ` (${problem})` : ''}: ${body === undefined ? '(no body)' : body.length > 300 ? `${body.slice(0, 300)}…` : body}`);
  }
}

/** The target offers no way to make this prerequisite (suites report the dependent check as skipped). */
export class ScenarioUnsupported extends HarnessError {
  override readonly code = 'DCS_SCENARIO_UNSUPPORTED';
  constructor(what: string, why: string) {
    super(`cannot make ${what} on this target: ${why}`);
  }
}

/** What a scenario waits for (a status, a listed resource) was not ready within its poll timeout. */
export class ScenarioNotReadyError extends HarnessError {
  override readonly code = 'DCS_SCENARIO_NOT_READY';
  constructor(readonly what: string, readonly timeoutMs: number) {
    super(`${what} was not ready after ${timeoutMs} ms`);
  }
}

/** The target does not show what a scenario step needs of it (a replica, a listed account, log or task). */
export class ScenarioStateError extends HarnessError {
  override readonly code = 'DCS_SCENARIO_STATE';
}

/** Cannot happen unless the harness's code is wrong (a request builder that leaves out a path parameter). */
export class HarnessInternalError extends HarnessError {
  override readonly code = 'DCS_HARNESS_INTERNAL';
}
