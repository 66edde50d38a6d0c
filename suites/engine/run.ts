// Runs cases without a test framework (the suite's own tests, the fault matrix, the command line's
// programmatic mode); the vitest entry files call runCase() for each registered test.
import { ScenarioError, ScenarioUnsupported } from '../../harness/fixtures/scenario.ts';
import { CaseSkipped, ConformanceFailure, type Case, type CaseResult, type SuiteContext } from './types.ts';

/** Why a case does not run on this target, or undefined. */
export function skipReason(c: Case, ctx: SuiteContext): string | undefined {
  if (c.destructive && !ctx.allowDestructive) return `creates billable resources or destroys data: run with --allow-destructive to include it against ${ctx.target.endpoint}`;
  return undefined;
}

export async function runCase(c: Case, ctx: SuiteContext): Promise<CaseResult> {
  const base = { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules };
  const started = performance.now();
  ctx.exchanges.take();
  const done = (status: CaseResult['status'], message?: string, failure?: ConformanceFailure): CaseResult => {
    const rule = failure?.details.rule ?? c.rules[0];
    // Messages quote what targets answered (presigned links, echoed credentials): masked like every exchange.
    return { ...base, status, ...(message ? { message: ctx.client.masker.text(message) } : {}), ...(rule ? { rule } : {}), ...(failure?.details.reproduction ? { reproduction: failure.details.reproduction } : {}), exchanges: ctx.exchanges.take(), durationMs: Math.round(performance.now() - started) };
  };
  const skip = skipReason(c, ctx);
  if (skip) return done('skipped', skip);
  // Instances a case made for itself are deleted after it, so a long run stays inside the tenant's quota.
  const mark = ctx.scenario.mark();
  try {
    await c.run(ctx);
    return done('passed');
  } catch (e) {
    if (e instanceof CaseSkipped || e instanceof ScenarioUnsupported) return done('skipped', e.message);
    if (e instanceof ConformanceFailure) return done('failed', e.message, e);
    // A prerequisite the target refused is a failure of the target, named as such.
    if (e instanceof ScenarioError) return done('failed', `prerequisite failed: ${e.message}`);
    return done('failed', `harness error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    const left = await ctx.scenario.release(mark);
    if (left.length) console.warn(`${c.name}: could not remove what it made: ${left.join('; ')}`);
  }
}

export async function runCases(cases: readonly Case[], ctx: SuiteContext, onResult?: (r: CaseResult, done: number, total: number) => void): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, ctx);
    out.push(r);
    onResult?.(r, out.length, cases.length);
  }
  return out;
}
