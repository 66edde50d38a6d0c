// Before the project's own tests: one line per need this machine lacks (its tests are skipped; the line
// says what to set), or, under CI=true, a failed run naming what is missing (needs.ts).
import { missingNeeds, skipLine } from './needs.ts';

export default function setup(): void {
  for (const n of missingNeeds()) console.log(skipLine(n));
}
