// A fault is a deliberate departure from the reference, switched on by id (--fault, startEmulator's
// `faults`), so the conformance suite can be shown to catch it (mutation testing). A fault changes
// the emulator only through FaultHooks; the faithful emulator carries no trace of any fault.
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import type { EmulatorConfig } from '../core/config.ts';
import type { IncomingRequest } from '../http/auth.ts';
import type { Handler } from '../resources/context.ts';

/** One file per family: rule breaches accepted (password … fields), wrong status or code (status), response shape (schema), state, auth, robustness, and benign variations. */
export type FaultFamily = 'password' | 'capacity' | 'maintenance-window' | 'whitelist' | 'name' | 'fields' | 'status' | 'schema' | 'state' | 'auth' | 'robustness' | 'benign';

export interface FaultRequest {
  op: OperationInfo;
  headers: IncomingHttpHeaders;
  config: EmulatorConfig;
  /** The request as received, for faults that judge it (an AK/SK signature) the way a departing server would. */
  received: Omit<IncomingRequest, 'headers'>;
}

/** Returns the headers authentication and the handler see; returns `headers` itself or a copy, never mutates it. */
export type RequestHook = (req: FaultRequest) => IncomingHttpHeaders;

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  /** The JSON value sent (undefined: no body). */
  body: unknown;
}

/** Rewrites a routed operation's response, success or error, just before it is sent. */
export type ResponseHook = (res: FaultResponse, req: { op: OperationInfo }) => FaultResponse;

export interface FaultHooks {
  /** The spec the emulator will serve with, as the faults installed so far left it (read-only). */
  readonly spec: Spec;
  /** Replaces the Spec the emulator serves with: return a new object, never mutate the one given (loadSpec() is shared per process). */
  overlaySpec(overlay: (spec: Spec) => Spec): void;
  wrapHandler(operationId: string, wrap: (inner: Handler) => Handler): void;
  onRequest(hook: RequestHook): void;
  onResponse(hook: ResponseHook): void;
}

export interface Fault {
  id: string;
  family: FaultFamily;
  /** The spec rule it breaks (spec.rules.byId), 'instance-states.<part>' for the state machine, 'none' for benign faults. */
  rule: string;
  /** Further rules the same departure breaks (a token never checked also lets requests without one through). */
  alsoBreaks?: string[];
  /**
   * State-machine transitions (spec/src/rules/instanceStates.json ids) the departure breaks: a case
   * that drives one of them (Case.transitions) checks what this fault breaks, as a case listing the rule does.
   */
  transitions?: string[];
  /** One sentence: what the emulator does wrong. */
  breaks: string;
  /** A departure a conforming client must tolerate: the suite should NOT flag it. */
  benign?: boolean;
  /** The delay it adds to every request served, ms: a run against it takes that much longer per request (the mutation run starts the slowest first). */
  latencyMs?: number;
  install(hooks: FaultHooks): void;
}

/** The per-request hooks buildServer runs; absent when no fault needs them, so a faithful run pays nothing. */
export interface ServerHooks {
  request?: (req: FaultRequest) => IncomingHttpHeaders;
  response?: ResponseHook;
}
