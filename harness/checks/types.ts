// What a check sees and what it reports. Findings are data: suites assert on them, reporters list them.
import type { OperationInfo, Spec } from '../../spec/index.ts';
import type { Mode } from '../../config/index.ts';

export interface Finding {
  /** Stable id of the check ('status-documented', 'schema', …). */
  check: string;
  /** Notes never fail a test; they record what a client must tolerate. */
  severity: 'failure' | 'note';
  message: string;
  operationId: string;
  section: string;
  /** The rule or erratum behind the finding, when there is one. */
  rule?: string;
  /** JSON pointer into the body. */
  path?: string;
}

/** What the suite expects of this response: any listed status, and any code of the same meaning as a listed code. */
export interface Expectation {
  status?: number | readonly number[];
  codes?: readonly string[];
  /** The rule the request exercises (carried into findings). */
  rule?: string;
}

export interface CheckContext {
  spec: Spec;
  operation: OperationInfo;
  mode: Mode;
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** Parsed body when it is JSON. */
  body: unknown;
  isJson: boolean;
  /** body.error_code when it is a string. */
  errorCode: string | undefined;
  expect: Expectation | undefined;
  /** A finding of the running check, with operation and section filled in. */
  finding(severity: Finding['severity'], message: string, extra?: { rule?: string; path?: string }): Finding;
}

export interface Check {
  id: string;
  /** One line for docs and reports. */
  description: string;
  run(ctx: CheckContext): Finding[];
}
