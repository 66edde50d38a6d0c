// A ratio between two variants measured on a shared machine: one ratio per round (the variants of a
// round run back to back, so drift hits both alike), their median and spread, and whether they let the
// ratio be called against a target at all: when every round lies on the same side of the target, each
// round says the same thing and the call is theirs whatever the spread; when they straddle it, only a
// tight spread lets the median decide.

/** Relative spread ((max − min) / median) above which a ratio is not called met or missed. */
export const MAX_SPREAD = 0.25;
/** Fewer rounds than this call nothing: one or two rounds on a machine whose speed moves by half within minutes say nothing "in every round". */
export const MIN_ROUNDS = 3;

export interface RatioCall {
  /** Median of the per-round ratios. */
  median: number;
  min: number;
  max: number;
  perRound: number[];
  /** (max − min) / median. */
  spread: number;
  target: number;
  /** met / missed by every round, or by the median of rounds that straddle the target but spread at most MAX_SPREAD; undecided otherwise, or with fewer than MIN_ROUNDS rounds. */
  call: 'met' | 'missed' | 'undecided';
  /** Why a ratio is undecided: too few rounds, or rounds that straddle the target too widely. */
  undecidedBy?: 'rounds' | 'spread';
}

export const median = (xs: readonly number[]): number => {
  if (!xs.length) throw new RangeError('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Judges per-round ratios (numerator ÷ denominator of the same round) against `target` (≥). */
export function callRatio(perRound: readonly number[], target: number): RatioCall {
  const m = median(perRound);
  const min = Math.min(...perRound);
  const max = Math.max(...perRound);
  const spread = m > 0 ? (max - min) / m : Number.POSITIVE_INFINITY;
  const few = perRound.length < MIN_ROUNDS;
  const call = few ? 'undecided' : min >= target ? 'met' : max < target ? 'missed' : spread > MAX_SPREAD ? 'undecided' : m >= target ? 'met' : 'missed';
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return { median: r2(m), min: r2(min), max: r2(max), perRound: perRound.map(r2), spread: r2(spread), target, call, ...(call === 'undecided' ? { undecidedBy: few ? 'rounds' : 'spread' } : {}) };
}

/** Per-round ratios of two variants' values, rounds matched by number. */
export function roundRatios<R extends { round: number }>(rows: readonly R[], isTop: (r: R) => boolean, isBottom: (r: R) => boolean, value: (r: R) => number): number[] {
  const rounds = [...new Set(rows.map((r) => r.round))].sort((a, b) => a - b);
  return rounds.map((n) => {
    const top = rows.find((r) => r.round === n && isTop(r));
    const bottom = rows.find((r) => r.round === n && isBottom(r));
    if (!top || !bottom) throw new RangeError(`round ${n} lacks one of the two variants`);
    return value(top) / value(bottom);
  });
}

/** "2.18 (1.95–2.40 over 3 rounds, spread 20 %): target ≥ 3 MISSED" — the line a bench prints. */
export function ratioText(name: string, r: RatioCall): string {
  const every = r.min >= r.target || r.max < r.target;
  const verdict = r.undecidedBy === 'rounds' ? `not called from ${r.perRound.length} round${r.perRound.length === 1 ? '' : 's'} (at least ${MIN_ROUNDS}): run with --rounds ${MIN_ROUNDS} or more` : r.call === 'undecided' ? `cannot be called: the rounds straddle it and spread ${Math.round(r.spread * 100)} % (> ${Math.round(MAX_SPREAD * 100)} %), run again on a quieter machine` : `${r.call === 'met' ? 'met' : 'MISSED'}${every ? ' in every round' : ' by the median'}`;
  return `${name} = ${r.median.toFixed(2)} (median of ${r.perRound.length} rounds: ${r.perRound.map((x) => x.toFixed(2)).join(' / ')}; ${r.min.toFixed(2)}–${r.max.toFixed(2)}, spread ${Math.round(r.spread * 100)} %) — target ≥ ${r.target}: ${verdict}`;
}
