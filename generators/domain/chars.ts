// Character pools read off the rules' own predicates (regexes, charClass), never typed in by hand.
import fc from 'fast-check';

/** Printable ASCII, plus a few non-ASCII characters so "outside the allowed set" is not only ASCII. */
export const PRINTABLE: readonly string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
export const PROBES: readonly string[] = [...PRINTABLE, 'é', 'ß', '中', '\u00a0'];

export const charsWhere = (pred: (ch: string) => boolean, from: readonly string[] = PRINTABLE): string[] => from.filter(pred);

export function charsMatching(regex: string | RegExp): string[] {
  const re = typeof regex === 'string' ? new RegExp(regex) : regex;
  return charsWhere((ch) => re.test(ch));
}

/** Strings of `chars` with length in [min, max]; mostly short, sometimes spread over the whole range. */
export function stringOf(chars: readonly string[], min: number, max: number): fc.Arbitrary<string> {
  const unit = fc.constantFrom(...chars);
  if (max - min <= 16) return fc.string({ unit, minLength: min, maxLength: max });
  return fc.oneof({ arbitrary: fc.string({ unit, minLength: min, maxLength: max }), weight: 4 }, { arbitrary: fc.string({ unit, minLength: min, maxLength: max, size: 'max' }), weight: 1 });
}

/** Insert `ch` at `pos` modulo the possible positions (so any nat is a valid position and shrinks to 0). */
export function insertAt(base: string, ch: string, pos: number, from = 0): string {
  const chars = [...base];
  const slots = chars.length + 1 - from;
  const at = from + (slots > 0 ? pos % slots : 0);
  chars.splice(at, 0, ch);
  return chars.join('');
}
