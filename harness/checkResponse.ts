// The one function suites call for every response: runs each registered check and returns findings.
import type { Spec } from '../spec/index.ts';
import { checks as registered } from './checks/index.ts';
import type { Mode } from '../config/index.ts';
import type { Check, CheckContext, Expectation, Finding } from './checks/types.ts';
import { InvalidArgumentError } from './errors.ts';

export interface ResponseToCheck {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body; derived from `json` when absent. */
  text?: string;
  /** Parsed body; derived from `text` when absent. */
  json?: unknown;
}

export interface CheckOptions {
  mode?: Mode;
  expect?: Expectation;
  /** Defaults to every registered check. */
  checks?: readonly Check[];
}

function parse(text: string): { body: unknown; isJson: boolean } {
  // Blank text fails JSON.parse too: no trimmed copy of every body.
  if (!text) return { body: undefined, isJson: false };
  try {
    return { body: JSON.parse(text), isJson: true };
  } catch {
    return { body: undefined, isJson: false };
  }
}

export function checkResponse(spec: Spec, operationId: string, response: ResponseToCheck, options: CheckOptions = {}): Finding[] {
  let operation;
  try {
    operation = spec.operation(operationId);
  } catch (e) {
    throw new InvalidArgumentError(`checkResponse: operation "${operationId}" is not in the spec. Fix: pass an operationId from spec.operations (or find it with spec.byMethodPath / spec.match).`, { cause: e });
  }
  if (options.mode !== undefined && options.mode !== 'strict' && options.mode !== 'lenient') {
    throw new InvalidArgumentError(`checkResponse: mode "${String(options.mode)}" is unknown. Fix: use 'strict' (certification) or 'lenient' (exploration).`);
  }
  const text = response.text ?? (response.json === undefined ? '' : JSON.stringify(response.json));
  const { body, isJson } = response.json !== undefined ? { body: response.json, isJson: true } : parse(text);
  const headers: Record<string, string> = {};
  for (const k in response.headers) {
    const v = response.headers[k];
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  const errorCode = body && typeof body === 'object' && typeof (body as { error_code?: unknown }).error_code === 'string' ? (body as { error_code: string }).error_code : undefined;
  // One context for all checks (they run one after another, synchronously); `finding` names the
  // check that is running. Built once per response, as one literal: this runs on every response of a run.
  let current: Check;
  const ctx: CheckContext = { spec, operation, mode: options.mode ?? 'strict', status: response.status, headers, text, body, isJson, errorCode, expect: options.expect, finding: (severity, message, extra = {}) => ({ check: current.id, severity, message, operationId: operation.id, section: operation.section, ...extra }) };
  const findings: Finding[] = [];
  for (const check of options.checks ?? registered) {
    current = check;
    for (const f of check.run(ctx)) findings.push(f);
  }
  return findings;
}

export const failures = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'failure');
