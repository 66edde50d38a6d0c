// Turning a checked response into a verdict: failure findings (undocumented status, schema breach,
// wrong code…) become a ConformanceFailure that names the rule and carries the masked curl.
import { failures, type CallResult, type DcsClient } from '../../harness/index.ts';
import { ConformanceFailure } from './errors.ts';

/** The exchange in one line, masked before it is cut (a cut credential would no longer match its mask). */
const summary = (client: DcsClient, r: CallResult) => {
  const m = client.masker;
  return `${r.request.method} ${m.url(r.request.url)} -> ${r.status} ${m.body(r.text).slice(0, 300)}`;
};

/** Throws when the harness's checks found a failure in this response. */
export function conforms(client: DcsClient, r: CallResult, what = ''): void {
  const bad = failures(r.findings);
  if (!bad.length) return;
  const rule = bad.find((f) => f.rule)?.rule;
  throw new ConformanceFailure(`${what ? `${what}: ` : ''}${bad.map((f) => `[${f.check}] ${f.message}`).join('; ')}\n  ${summary(client, r)}`, {
    ...(rule ? { rule } : {}),
    reproduction: client.curl(r.request),
    status: r.status,
    ...(typeof (r.json as { error_code?: unknown } | undefined)?.error_code === 'string' ? { errorCode: (r.json as { error_code: string }).error_code } : {}),
  });
}

/** A departure the checks cannot see alone (state, read-back): message plus the exchange that shows it. */
export function departure(client: DcsClient, r: CallResult, message: string, rule?: string): never {
  throw new ConformanceFailure(`${message}\n  ${summary(client, r)}`, { ...(rule ? { rule } : {}), reproduction: client.curl(r.request), status: r.status });
}
