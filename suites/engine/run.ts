// Runs cases without a test framework (the suite's own tests, the fault matrix, the command line's
// programmatic mode); the vitest entry files call runCase() for each registered test.
import { AsyncWorkFailedError, LongWaitRefusedError, RunStoppedError, ScenarioError, ScenarioUnsupported, StuckDependencyError, TargetUnreachableError, WaitTimeoutError } from '../../harness/index.ts';
import { need } from './needs.ts';
import type { Case, CaseResult, SuiteContext } from './types.ts';
import { CaseSkipped, ConformanceFailure } from './errors.ts';

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/** Why a case does not run on this target, or undefined. */
export function skipReason(c: Case, ctx: SuiteContext): string | undefined {
  if (c.destructive && !ctx.allowDestructive) return `creates billable resources or destroys data: run with --allow-destructive to include it against ${ctx.target.endpoint}`;
  if (c.realTimeMs && !ctx.allowLongWaits) return `needs the target's clock to move ${minutes(c.realTimeMs)}, which ${ctx.target.endpoint} does only in real time: ${need('allow-long-waits').fix} to include it (it then takes at least ${minutes(c.realTimeMs)})`;
  return undefined;
}

/** The result of a case that does not run on this target, without running anything. */
export function skippedResult(c: Case, reason: string): CaseResult {
  return { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules, status: 'skipped', message: reason, ...(c.rules[0] ? { rule: c.rules[0] } : {}), exchanges: [], durationMs: 0 };
}

/** `onWait`: told what the case waits for while it waits (progress). */
export async function runCase(c: Case, ctx: SuiteContext, onWait?: (text: string) => void): Promise<CaseResult> {
  const base = { name: c.name, operationId: c.operationId, section: c.section, check: c.check, rules: c.rules };
  const started = performance.now();
  ctx.exchanges.take();
  ctx.journal.begin(c.name, onWait);
  const done = (status: CaseResult['status'], message?: string, failure?: ConformanceFailure): CaseResult => {
    const rule = failure?.details.rule ?? c.rules[0];
    const notes = ctx.journal.take();
    // Messages quote what targets answered (presigned links, echoed credentials): masked like every exchange.
    return { ...base, status, ...(message ? { message: ctx.client.masker.text(message) } : {}), ...(rule ? { rule } : {}), ...(failure?.details.reproduction ? { reproduction: failure.details.reproduction } : {}), exchanges: ctx.exchanges.take(), ...(notes.length ? { notes } : {}), durationMs: Math.round(performance.now() - started) };
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
    if (e instanceof LongWaitRefusedError || e instanceof RunStoppedError) return done('skipped', e.message);
    if (e instanceof ConformanceFailure) return done('failed', e.message, e);
    // A prerequisite the target refused is a failure of the target, named as such.
    if (e instanceof ScenarioError) return done('failed', `prerequisite failed: ${e.message}`);
    // Work that never ends, or ended failed: the target's, named as such (and later cases that need
    // the same behaviour fail fast with a pointer to the case that found it).
    if (e instanceof WaitTimeoutError) return done('failed', `never completed: ${e.message}`);
    if (e instanceof StuckDependencyError || e instanceof AsyncWorkFailedError) return done('failed', e.message);
    // The target stopped answering: named, and the run ends as unreachable (the CLI's exit 3).
    if (e instanceof TargetUnreachableError) return { ...done('failed', `target unreachable: ${e.message}`), unreachable: true };
    return done('failed', `harness error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    // Where time is real, what the case started ends before the lane takes the next case (whose
    // request under test must not meet a busy instance).
    if (!ctx.clock.virtual) await ctx.clock.settle().catch(() => undefined);
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
