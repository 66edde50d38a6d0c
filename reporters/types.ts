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
  durationMs: number;
  /** Added by buildReport: whether the case decides the verdict (reporters/verdict.ts weightOf). */
  weight?: Weight;
  /** Added by buildReport with a baseline: a failure the baseline does not list. */
  new?: boolean;
  /** Added by buildReport for a skip the user can lift: the need's id (suites/engine/needs.ts). */
  need?: string;
}

/** Why a run is INCOMPLETE: its required cases that did not run, grouped by what would run them. */
export interface Completeness {
  /** Required cases skipped that make the run incomplete (untestable ones are not counted). */
  requiredSkipped: number;
  /** Per need: what to add, and how many required cases it would run. */
  needs: { need: string; add: string; cases: number }[];
  /** Required cases skipped for another reason (what the target did not offer: no replica, too fast…), by reason. */
  other: { reason: string; cases: number }[];
  /**
   * Required cases the target offers no way to prepare through the public API (e.g. a diagnosis report:
   * only the emulator's control API starts one), by reason: listed, not counted in requiredSkipped.
   */
  untestable?: { reason: string; cases: number }[];
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
  /** Present when required cases did not run (the outcome is INCOMPLETE unless something failed). */
  completeness?: Completeness;
  /** The run stopped before its end (--max-failures). */
  stopped?: { reason: 'max-failures'; maxFailures: number; notRun: number };
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
