// fast-check's stringMatching, built once per pattern and constraints. Building one parses the regular
// expression and precomputes its character slices (about 1 ms for a short pattern): the schema
// generators asked for the same few patterns thousands of times per run (>1 s of a certification
// run's worker, its CPU profile). An arbitrary is immutable and draws only from the random source it
// is given, so sharing one changes no generated value.
import fc, { type StringMatchingConstraints } from 'fast-check';

const built = new Map<string, fc.Arbitrary<string>>();

export function stringMatching(re: RegExp, constraints: StringMatchingConstraints = {}): fc.Arbitrary<string> {
  const key = `${re.flags}/${re.source}/${JSON.stringify(constraints)}`;
  let arb = built.get(key);
  if (!arb) built.set(key, (arb = fc.stringMatching(re, constraints)));
  return arb;
}
