// The order of the suite's files is the run's, not vitest's cache's: vitest's own sequencer puts files
// that failed last time first and then the slowest (or, with no cache, the biggest), so two runs with one
// seed could meet the target in different states and send different requests. Here the families run in
// the order of their file names, every time (`--seed` replays the same run).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class FamilyOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}
