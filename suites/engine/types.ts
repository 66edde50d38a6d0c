// The shape every conformance check takes, whatever runs it (vitest for users, runCases() for the
// suite's own tests): a case names the operation, the reference section, the check and the rules it
// exercises, so a failure says which part of the reference the target broke.
import type { Spec } from '../../spec/index.ts';
import type { Scenario, AkSkCredentials, AuthProvider, DcsClient, Exchange } from '../../harness/index.ts';

export const PROFILES = ['smoke', 'full', 'certification'] as const;
export type Profile = (typeof PROFILES)[number];

export interface Case {
  /** `<operationId> › <check>` (plus a qualifier where one check runs several times per operation). */
  name: string;
  operationId: string;
  /** Reference section of the operation, e.g. "4.2.2". */
  section: string;
  /** Check family: positive, negative, not-found, auth.no-credentials, state.transition, stateful… */
  check: string;
  /** Spec rule ids this case exercises (spec/src/rules); coverage counts them. */
  rules: string[];
  /**
   * Of `rules`, those the case checks on every run whatever the seed: it always sends a request that
   * breaks the rule (or, for a rule about behaviour, always drives it). Stateful models and positive
   * cases send what the generators give, so they list none (suites/cases/rules/ruleChecks.test.ts).
   */
  breaks?: string[];
  /** State-machine transition ids (spec/src/rules/instanceStates.json) this case drives. */
  transitions?: string[];
  /** Statuses this case expects from the target (coverage of documented status codes). */
  statuses: number[];
  /** Selection tags: chapter ("4.2"), capability ("instances"), suite ("contract"), check. */
  tags: string[];
  /** Creates billable resources or destroys data: runs on a remote target only with allowDestructive. */
  destructive: boolean;
  /** Reads what any case may change (tenant-wide counts, quota, tenant tags): runs with no other case at once. */
  exclusive?: boolean;
  /**
   * Checks nothing another lane's settle could change: every resource it looks at is its lane's, and it
   * looks only after settling what it started (or checks a refusal, which starts nothing). On a virtual
   * clock every settle moves the one clock for every lane, so a case without it runs alone there
   * (runsAlone in lanes.ts): a transition's intermediate status, a lock's expiry, a model's steps.
   */
  clockFree?: boolean;
  /** Real time it needs the target's clock to move (ms), where the target's clock cannot be moved: run only with allowLongWaits. */
  realTimeMs?: number;
  /** Smallest profile that includes the case (smoke ⊂ full ⊂ certification). */
  profile: Profile;
  run(ctx: SuiteContext): Promise<void>;
}

/** Virtual time on the emulator (control API); bounded polling on any other target. */
export interface Clock {
  readonly virtual: boolean;
  /** Lets pending work finish: emulator deadlines run at once; elsewhere, polls the run's resources. */
  settle(): Promise<void>;
  /** Moves virtual time (emulator) or waits (elsewhere, capped by the poll timeout). */
  advance(ms: number): Promise<void>;
}

export interface SecurityPrincipals {
  /** A user of the same project whose policy lacks write actions (IAM denial). */
  readonly?: AuthProvider;
  /** A user of another project, with that project's id (tenant isolation). */
  other?: { auth: AuthProvider; projectId: string };
  /** The run's own access key pair (the emulator's admin, or the target's AK/SK auth): signature checks. */
  aksk?: AkSkCredentials;
}

export interface SuiteContext {
  spec: Spec;
  client: DcsClient;
  /** Prerequisite resources made through the public API, named and tagged with the run id. */
  scenario: Scenario;
  clock: Clock;
  /** `minTransitionMs`: the shortest state change the target declares (config consistency.minTransitionMs). */
  target: { kind: 'emulator' | 'remote'; endpoint: string; projectId: string; minTransitionMs?: number };
  principals: SecurityPrincipals;
  profile: Profile;
  seed: number;
  /** Property runs per property check (profile default, --runs overrides). */
  numRuns: number;
  runId: string;
  allowDestructive: boolean;
  /** Cases may wait for the target's clock in real time as long as they need (always on a virtual clock). */
  allowLongWaits: boolean;
  /** Cases the run runs at once (its lanes): a create fitted to the quota leaves room for the others. */
  lanes: number;
  /** The exchanges sent since the last take() (masked): reports attach them to the case that sent them. */
  exchanges: { take(): Exchange[] };
  /** What the lane waited for and retried while a case ran ("waited 1.3 s: instance … CREATING → RUNNING"). */
  journal: { begin(caseName: string, onWait?: (text: string) => void): void; take(): string[]; /** A line on the current case's result. */ note(text: string): void };
}

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  name: string;
  operationId: string;
  section: string;
  check: string;
  rules: string[];
  status: CaseStatus;
  message?: string;
  /** The rule a failure names (ConformanceFailure), else the case's first rule. */
  rule?: string;
  /** Masked curl of the request that showed the departure. */
  reproduction?: string;
  /** Every request the case sent, masked. */
  exchanges: Exchange[];
  /** Waits and retries of steps, in order. */
  notes?: string[];
  /** The target stopped answering (TargetUnreachableError): the run ends as unreachable. */
  unreachable?: boolean;
  durationMs: number;
}
