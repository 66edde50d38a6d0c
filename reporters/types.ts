// conformance.json: the stable, documented result of a run (reporters/README.md documents every field).
// Readers must ignore fields they do not know; fields are only ever added.

/** Format 1's two-valued verdict: `pass` only when `outcome` is `pass` (an incomplete run reads `fail` here). */
export type Verdict = 'pass' | 'fail';
/** What the run established (reporters/verdict.ts, README "Verdict"): certified, departed, or not fully tested. */
export type Outcome = 'pass' | 'fail' | 'incomplete';
export type ResultStatus = 'passed' | 'failed' | 'skipped' | 'waived';
/** Required: a failure decides the verdict, a skip makes the run incomplete. Advisory: reported only. */
export type Weight = 'required' | 'advisory';

export interface ConformanceResult {
  /** `<operationId> › <check>[ (qualifier)]`: stable across runs, what baselines and waivers name. */
  name: string;
  operationId: string;
  /** Reference section, e.g. "4.2.2". */
  section: string;
  /** Chapter-4 capability (OpenAPI tag), e.g. "4.2 Instance Management". */
  capability: string;
  check: string;
  /** The first rule the case checks (the one a failure names). */
  rule?: string;
  /** Every rule the case exercises. */
  rules: string[];
  transitions?: string[];
  /** Statuses the case expects (coverage of documented status codes). */
  statuses: number[];
  status: ResultStatus;
  message?: string;
  /** Masked curl of the request that showed the departure. */
  reproduction?: string;
  /** Why a failure is waived (the waiver's reason). */
  waiver?: { reason: string; expires: string };
  /** Replay bundle file (relative to the report directory), for failures. */
  bundle?: string;
  /** What the case waited for and which steps it retried, in order ("waited 1.3 s: instance … CREATING → RUNNING"). */
  notes?: string[];
  /** The target stopped answering during this case (its requests timed out one after another). */
  unreachable?: boolean;
  durationMs: number;
  /** Added by buildReport: whether the case decides the verdict (reporters/verdict.ts weightOf). */
  weight?: Weight;
  /** Added by buildReport with a baseline: a failure the baseline does not list. */
  new?: boolean;
  /** Added by buildReport for a skip the user can lift: the need's id (suites/engine/needs.ts). */
  need?: string;
  /** Skipped because the run stopped before it (--max-failures, a signal) or never reached it (the run broke). */
  notRun?: boolean;
}

/**
 * Required cases that did not run. Those skipped for want of something the user can give (a need:
 * a flag, a principal, a key) make the run INCOMPLETE; the others — the target did not offer what a
 * check needs, no generated request could break the rule, the public API cannot make a prerequisite —
 * are listed as not checked and leave the outcome as it is (nothing the user adds would run them).
 */
export interface Completeness {
  /** Required cases skipped for a need: these make the run incomplete. */
  requiredSkipped: number;
  /** Per need: what to add, and how many required cases it would run. */
  needs: { need: string; add: string; cases: number }[];
  /** Required cases not checked for another reason, by reason (ids left out): listed, not counted. */
  other: { reason: string; cases: number }[];
}

export type { Ratio } from '../suites/engine/coverage.ts';
import type { Ratio } from '../suites/engine/coverage.ts';

export interface ConformanceReport {
  /** Format version of this file. */
  format: 1;
  verdict: Verdict;
  profile: 'smoke' | 'full' | 'certification';
  seed: number;
  /** Target name and kind; the endpoint of a remote target. */
  target: { name: string; kind: 'emulator' | 'remote'; endpoint: string };
  specHash: string;
  errataVersion: string;
  harnessVersion: string;
  startedAt: string;
  durationMs: number;
  /** Shard this file covers ("1/3"), absent for a whole run or a merge. */
  shard?: string;
  summary: {
    passed: number;
    failed: number;
    skipped: number;
    waived: number;
    /** Failures of required cases (with a baseline, all of them: known and new). */
    requiredFailed?: number;
    advisoryFailed?: number;
    requiredSkipped?: number;
  };
  /** The three-valued result (format 1 adds it; `verdict` stays two-valued). */
  outcome?: Outcome;
  /** The verdict as one sentence, gate included: "PASS against baseline: 9 known failures, 0 new". */
  verdictText?: string;
  /** Present when required cases did not run (with a need among them, the outcome is INCOMPLETE unless something failed). */
  completeness?: Completeness;
  /**
   * The run stopped before its end: --max-failures (maxFailures set), a signal (signal set), or the run
   * itself broke (`error`: a suite file that did not load, a worker that died, an error outside every
   * case) — then planned cases have no result of their own and the verdict may not say PASS.
   */
  stopped?: { reason: 'max-failures' | 'signal' | 'error'; maxFailures?: number; signal?: string; error?: string; notRun: number };
  /** Strict certifies; lenient accepts the errata's alternative readings. */
  mode?: 'strict' | 'lenient';
  /** Emulator faults switched on (the embedded emulator only): a run with faults certifies nothing. */
  emulatorFaults?: string[];
  /** The implementation under test, as the user named it (--implementation-name/-version or the config). */
  implementation?: { name?: string; version?: string };
  /** The document the spec was read from (spec/src/base.json info.x-dcs-reference). */
  reference?: { title: string; document: string; publisher: string; issue: string; date: string; chapters: string };
  capabilities: {
    name: string;
    verdict: Verdict;
    passed: number;
    failed: number;
    skipped: number;
    waived: number;
    /** Required when any of its cases is. */
    weight?: Weight;
    outcome?: Outcome;
  }[];
  results: ConformanceResult[];
  coverage: { operations: Ratio; statusCodes: Ratio; rules: Ratio; transitions: Ratio };
  /** Waivers applied, and expired ones (an expired waiver fails the run). */
  waivers: { applied: { match: string; reason: string; expires: string; results: number }[]; expired: { match: string; reason: string; expires: string }[] };
  /** With --baseline: failures not in it (these decide the verdict), baseline entries that now pass, and those still failing. */
  baseline?: { file: string; newFailures: string[]; fixed: string[]; knownFailures?: string[]; createdAt?: string; specHash?: string };
}
