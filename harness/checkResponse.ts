// The one function suites call for every response: runs each registered check and returns findings.
import type { OperationInfo, Spec } from '../spec/index.ts';
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
  // One context for all checks (they run one after another, synchronously); `current` names the check
  // that is running. Built once per response, as a class: this runs on every response of a run, and a
  // `finding` arrow in a literal would be a new closure (under tsx, also a name definition) each time.
  const ctx = new Context(spec, operation, options.mode ?? 'strict', response.status, headers, text, body, isJson, errorCode, options.expect);
  const findings: Finding[] = [];
  for (const check of options.checks ?? registered) {
    ctx.current = check;
    for (const f of check.run(ctx)) findings.push(f);
  }
  return findings;
}

class Context implements CheckContext {
  current: Check | undefined;

  constructor(
    readonly spec: Spec,
    readonly operation: OperationInfo,
    readonly mode: Mode,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
    readonly body: unknown,
    readonly isJson: boolean,
    readonly errorCode: string | undefined,
    readonly expect: Expectation | undefined,
  ) {}

  private bound: CheckContext['finding'] | undefined;

  /**
   * A check may take finding() out of the context ({ finding } = ctx), as when it was an arrow: bound
   * to this context on first use, not for every response (most responses make no finding).
   */
  get finding(): CheckContext['finding'] {
    return (this.bound ??= this.makeFinding.bind(this));
  }

  private makeFinding(severity: Finding['severity'], message: string, extra: { rule?: string; path?: string } = {}): Finding {
    const operation = this.operation;
    return { check: this.current!.id, severity, message, operationId: operation.id, section: operation.section, ...extra };
  }
}

export const failures = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'failure');
