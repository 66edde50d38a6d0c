// The one masking module: every writer (logs, curl commands, reports, attachments) passes what it
// writes through a Masker, so tokens, SKs, signatures and passwords never reach a file or a console.
import type { ReceivedResponse, SentRequest } from '../transport/client.ts';

export const MASK = '***';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-auth-token', 'x-subject-token', 'x-security-token', 'cookie', 'set-cookie']);

/** JSON fields and query parameters whose value is a secret, whatever the value looks like. */
export function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = /password|token|secret/i.test(name) || name.toLowerCase() === 'sk';
    if (secretNames.size < 10_000) secretNames.set(name, secret);
  }
  return secret;
}
// Field names repeat across every body of a run: decided once each.
const secretNames = new Map<string, boolean>();

/** Shorter learned values are masked in their own fields only: masking "ab" everywhere would garble output. */
const MIN_GLOBAL_LENGTH = MASK.length + 1;

// Credentials recognisable by shape, for text nobody parsed (error messages, raw bodies).
const PATTERNS: [RegExp, string][] = [
  [/((?:authorization|x-auth-token|x-subject-token|x-security-token)\s*[:=]\s*)[^\r\n'"]+/gi, `$1${MASK}`],
  [/(Signature=)[0-9a-fA-F]+/g, `$1${MASK}`],
  [/("[^"]*(?:password|token|secret)[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/gi, `$1"${MASK}"`],
];

// Every pattern above needs one of these words: text without them skips the patterns.
const PATTERN_HINT = /authorization|token|signature=|password|secret/i;

export class Masker {
  private readonly secrets = new Set<string>();
  // Derived from `secrets` on first use after a change: the longest-first order and one regex that
  // finds whether any secret occurs, so text holding none (nearly all of it) costs one scan, not one
  // per secret (bench/harness-throughput.ts: masking was most of the client's time per request).
  private sorted: string[] | undefined;
  private anySecret: RegExp | undefined;

  constructor(secrets: Iterable<string> = []) {
    this.add(...secrets);
  }

  /** Registers values to hide wherever they appear. */
  add(...values: (string | undefined)[]): this {
    for (const v of values) {
      if (v && v.length >= MIN_GLOBAL_LENGTH && !this.secrets.has(v)) {
        this.secrets.add(v);
        this.sorted = this.anySecret = undefined;
      }
    }
    return this;
  }

  /** Learns the values of password-like fields of a JSON value (a request body about to be logged). */
  learn(value: unknown): this {
    walk(value, (key, v) => {
      if (isSecretName(key) && (typeof v === 'string' || typeof v === 'number')) this.add(String(v));
    });
    return this;
  }

  text(s: string): string {
    let out = s;
    if (PATTERN_HINT.test(out)) for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
    if (!this.secrets.size) return out;
    this.sorted ??= [...this.secrets].sort((a, b) => b.length - a.length);
    this.anySecret ??= new RegExp(this.sorted.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    if (!this.anySecret.test(out)) return out;
    // Longest first, so a secret containing another is hidden whole. Repeat until nothing is left:
    // masking can join neighbours into a new occurrence ("*" + "***"); every pass shortens the text
    // (secrets are longer than MASK), so this ends.
    const secrets = this.sorted;
    for (let changed = true; changed; ) {
      changed = false;
      for (const secret of secrets) {
        if (out.includes(secret)) {
          out = out.split(secret).join(MASK);
          changed = true;
        }
      }
    }
    return out;
  }

  json<T>(value: T): T {
    return maskJson(value, this) as T;
  }

  headers(h: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? MASK : this.text(v)]));
  }

  url(u: string): string {
    try {
      const url = new URL(u);
      for (const k of Array.from(url.searchParams.keys())) if (isSecretName(k)) url.searchParams.set(k, MASK);
      return this.text(url.href);
    } catch {
      return this.text(u);
    }
  }

  /** A body as text: JSON is masked field by field, anything else by value and pattern. */
  body(text: string): string {
    if (!text) return text;
    try {
      const parsed: unknown = JSON.parse(text);
      this.learn(parsed);
      return this.text(JSON.stringify(this.json(parsed)));
    } catch {
      return this.text(text);
    }
  }

  request(r: SentRequest): SentRequest {
    const body = this.body(r.body);
    return { method: r.method, url: this.url(r.url), headers: this.headers(r.headers), body };
  }

  response(r: ReceivedResponse): ReceivedResponse {
    return { status: r.status, headers: this.headers(r.headers), text: this.body(r.text) };
  }
}

function walk(value: unknown, visit: (key: string, v: unknown) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object')
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      visit(k, v);
      walk(v, visit);
    }
}

// Plain loops, not entries/fromEntries: this runs on every body a run records.
function maskJson(value: unknown, m: Masker): unknown {
  if (typeof value === 'string') return m.text(value);
  if (Array.isArray(value)) return value.map((v) => maskJson(v, m));
  if (value && typeof value === 'object') {
    // No prototype: a "__proto__" field of the body stays a field.
    const out: Record<string, unknown> = Object.create(null);
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      out[k] = isSecretName(k) && v !== null && typeof v !== 'boolean' ? (typeof v === 'object' ? maskAll(v as object) : MASK) : maskJson(v, m);
    }
    return out;
  }
  return value;
}

function maskAll(value: object): unknown {
  return Array.isArray(value) ? value.map(() => MASK) : Object.fromEntries(Object.keys(value).map((k) => [k, MASK]));
}
