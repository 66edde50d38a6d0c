// Runs one case again by name with the seed (and property runs) it failed with, on the configured
// target: what `replay` and the regression tests it emits call. The caller gives the cases to look in
// (suites/index.ts's allCases): the engine does not import the list.
import { loadSpec, type Spec } from '../../spec/index.ts';
import { openSuite } from './context.ts';
import { CaseGoneError } from './errors.ts';
import { runCase } from './run.ts';
import { startTarget, type StartTargetOptions } from './target.ts';
import type { Case, CaseResult, Profile } from './types.ts';

export async function replayCase(which: { name: string; seed: number; profile?: Profile; runs?: number }, casesOf: (spec: Spec) => readonly Case[], target: StartTargetOptions = {}): Promise<CaseResult> {
  const spec = await loadSpec();
  const c = casesOf(spec).find((x) => x.name === which.name);
  if (!c) throw new CaseGoneError(`no case is named "${which.name}" in this version of the suite: the spec or the suite changed since the bundle was written`);
  const started = await startTarget(target);
  const { ctx, close } = await openSuite(started.descriptor, { spec, seed: which.seed, profile: which.profile ?? 'full', ...(which.runs ? { runs: which.runs } : {}), allowDestructive: true });
  try {
    return await runCase(c, ctx);
  } finally {
    await close();
    await started.close();
  }
}
