// Starts the target once for the whole run (the embedded emulator, or a reachability check of a
// remote one) and hands its descriptor and the run settings to every entry file.
import type { TestProject } from 'vitest/node';
import { settingsFromEnv, type RunSettings } from '../engine/settings.ts';
import { startTarget, type TargetDescriptor } from '../engine/target.ts';
import { newRunId } from '../engine/context.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    target: TargetDescriptor;
    run: RunSettings & { runId: string };
    /**
     * --max-failures, given by the command line: each entry file stops its own cases once that many
     * failures that decide the verdict happened in it (never later than the whole run would), so a
     * stop does not wait for the reporter to hear of them. Failures of the names listed do not count
     * (advisory cases, and those a baseline lists).
     */
    stopAfter?: { maxFailures: number; notCounted: string[] };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = settingsFromEnv();
  const run = { ...settings, runId: settings.runId ?? newRunId() };
  // The command line starts the target itself (to tell an unreachable target from a failing one) and
  // hands it over; run directly, the setup starts it.
  const given = process.env.DCS_TARGET_JSON;
  const started = given ? { descriptor: JSON.parse(given) as TargetDescriptor, close: async () => {} } : await startTarget(run.faults.length ? { emulator: { faults: run.faults } } : {});
  const d = started.descriptor;
  if (!given) console.log(`dcs-conformance: profile=${run.profile} seed=${run.seed} run=${run.runId} target=${d.name} (${d.kind} ${d.endpoint})${run.faults.length ? ` faults=${run.faults.join(',')}` : ''} — replay with DCS_RUN_SEED=${run.seed}`);
  project.provide('target', d);
  project.provide('run', run);
  return () => started.close();
}
