// A run's id and the names it gives resources: `<prefix>-<run id>[<family><lane>]-<n>`, e.g.
// `scn-cf9alylj-3` or `scn-cf9alyljco0a-3`. Every resource a run makes carries its id, so a run removes
// only its own and `dcs-conformance cleanup` finds what an interrupted one left.

/** `cf` and six base-36 characters of the start time. */
export const newRunId = (): string => `cf${Date.now().toString(36).slice(-6)}`;

/** A run id as `newRunId` makes them (what `--run-id` accepts). */
export const RUN_ID = /^cf[0-9a-z]{6}$/;

/** The run id inside a resource name the suite gave, or undefined for a name it did not give. */
export function runIdOf(name: string): string | undefined {
  return /^[a-z]+-(cf[0-9a-z]{6})[0-9a-z]*-\d+(?:-\d+)?$/.exec(name)?.[1];
}

/** The tag of a lane's names: the run id, then the lane in base 36 (two characters) when there are several. */
export const laneTag = (runId: string, lane: number, lanes: number): string => (lanes > 1 ? `${runId}${lane.toString(36).padStart(2, '0')}` : runId);
