// JSON text of shaped answers, with the text of every frozen value inside kept: a frozen value cannot
// change, so its text is written once and reused wherever it appears again. A filtered catalog or a
// page of kept instance views is then the join of texts already written (issue 17: filtering by query
// must not re-serialize), and the result is byte for byte JSON.stringify's.
const texts = new WeakMap<object, string>();

export function jsonText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const kept = texts.get(value);
    if (kept !== undefined) return kept;
  }
  const text = write(value);
  if (frozen) texts.set(value, text);
  return text;
}

function write(value: object): string {
  // toJSON (a Date…) decides its own text: leave it to JSON.stringify.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + item(value[i]);
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    // JSON.stringify leaves out properties whose value has no JSON text.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${jsonText(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** In an array a value without JSON text is written null, as JSON.stringify does. */
const item = (v: unknown): string => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : jsonText(v));
