// conformance.json: the stable, documented result of a run (reporters/README.md documents every field).
// Readers must ignore fields they do not know; fields are only ever added.

export type Verdict = 'pass' | 'fail';
export type ResultStatus = 'passed' | 'failed' | 'skipped' | 'waived';

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
  summary: { passed: number; failed: number; skipped: number; waived: number };
  capabilities: { name: string; verdict: Verdict; passed: number; failed: number; skipped: number; waived: number }[];
  results: ConformanceResult[];
  coverage: { operations: Ratio; statusCodes: Ratio; rules: Ratio; transitions: Ratio };
  /** Waivers applied, and expired ones (an expired waiver fails the run). */
  waivers: { applied: { match: string; reason: string; expires: string; results: number }[]; expired: { match: string; reason: string; expires: string }[] };
  /** With --baseline: failures not in it (these decide the verdict) and baseline entries that now pass. */
  baseline?: { file: string; newFailures: string[]; fixed: string[] };
}
