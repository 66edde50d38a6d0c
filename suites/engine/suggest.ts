// "Did you mean": the known words closest to a mistyped one — the same letters in another case, one
// containing the other, or a few edits away. Used for unknown flags, --only tokens, operations and
// waivers, so every mistyped name on the command line gets the same kind of answer.

/** Edit distance (insert, delete, replace) between two strings. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidates closest to `given` (at most `max`), nearest first; none when nothing is close. */
export function closest(given: string, candidates: Iterable<string>, max = 5): string[] {
  const g = given.toLowerCase();
  if (!g) return [];
  return [...new Set(candidates)]
    .map((c) => {
      const l = c.toLowerCase();
      return { c, d: l === g ? 0 : (l.includes(g) && g.length >= 3) || (g.includes(l) && l.length >= 3) ? 1 : distance(g, l) };
    })
    .filter((x) => x.d <= Math.max(2, Math.floor(g.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** " Did you mean: a, b?" or "" — to append to an error message. */
export const didYouMean = (given: string, candidates: Iterable<string>, max = 5): string => {
  const close = closest(given, candidates, max);
  return close.length ? ` Did you mean: ${close.join(', ')}?` : '';
};
