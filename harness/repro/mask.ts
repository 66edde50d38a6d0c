// The one masking module: every writer (logs, curl commands, reports, attachments) passes what it
// writes through a Masker. What counts as a secret is decided here (harness/README.md, "Masking"):
//  - the run's credentials (the token, AK, SK and security token of every principal it was given):
//    masked by exact value and written as the environment variable that holds them ($DCS_TOKEN,
//    $DCS_READONLY_TOKEN…), so a reproduction can be pasted into a shell that has them set;
//  - credentials the run cannot know: request and response credential headers it did not send
//    (X-Subject-Token, cookies, an Authorization it did not make), signatures, the credential
//    parameters of presigned links, JSON fields named like credentials: written as ***.
// Not secrets: passwords and other values the suite generated for the resources it made. They are
// test data, and a report must show them: which password a target accepted is the finding.
import type { Secret, SecretInput } from '../auth/types.ts';
import { InvalidArgumentError } from '../errors.ts';
import type { ParsedBody, ReceivedResponse, SentRequest } from '../transport/client.ts';

export const MASK = '***';

/** How a known secret is written: `${open}${env}${close}` ($DCS_TOKEN by default; curl.ts renders its own). */
export interface Placeholders {
  open: string;
  close: string;
}

/**
 * Secrets at least this long are masked wherever they occur, in any encoding; shorter ones only where
 * they stand whole (a JSON string value, a header value, a query value). A real credential is far
 * longer; masking a short value inside free text would garble words and booleans ("false" in
 * `"enable_ssl":false`).
 */
export const MIN_ANYWHERE_LENGTH = 8;

/** Headers whose whole value is a credential. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-auth-token', 'x-subject-token', 'x-security-token', 'cookie', 'set-cookie']);

/**
 * JSON fields and query parameters whose value is a credential, whatever it looks like: tokens,
 * secrets, signatures and the credential parameters of presigned URLs (AWSAccessKeyId, Signature,
 * X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, sig, …). Not credential-bearing, so shown:
 * Expires, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders (when and what, not who or proof), and
 * password fields (test data, above).
 */
export function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    const n = name.toLowerCase().replace(/[-_.\s]/g, '');
    secret = /token|secret|signature|credential|accesskey|apikey|privatekey/.test(n) || ['ak', 'sk', 'sig'].includes(n);
    if (secretNames.size < 10_000) secretNames.set(name, secret);
  }
  return secret;
}
// Field names repeat across every body of a run: decided once each.
const secretNames = new Map<string, boolean>();

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);
/** The forms of the long secrets in one regex, and which secret each form is (asIs: the raw value itself). */
type Scan = { any: RegExp; all: RegExp; valueOf: Map<string, { value: string; asIs: boolean }> };

/**
 * What each credential shape needs in a text before its (costlier) pattern runs: Masker.shapes() tests
 * these, and a text holding none of them nor any form of a long secret is left as it is, after one
 * scan (the suspect regex), which is what nearly every string of a body gets.
 */
const SHAPE_WORDS = { sdkAccess: /sdk-hmac/i, signature: /signature=/i, headerLine: /authorization|-token/i, queryParam: /[?&%\\]/, jsonField: /":/ } as const;
const SHAPES_SOURCE = Object.values(SHAPE_WORDS).map((r) => r.source).join('|');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** The known secrets a Masker and its renderings share: value -> environment variable (or none). */
class SecretBook {
  readonly envOf = new Map<string, string | undefined>();
  /** The lengths of the known values: most strings of a body are told apart by length, without hashing them. */
  private readonly lengths = new Set<number>();
  // Derived on first use after a change: every form (plain, URL-encoded, JSON-escaped) of the long
  // secrets, longest first, as one regex, so text holding none (nearly all of it) costs one scan
  // (bench/harnessThroughput.ts: masking was most of the client's time per request).
  private scan: Scan | undefined | null = null;
  private suspectRe: RegExp | null = null;

  add(s: Secret): void {
    if (!s.value) return;
    if (s.env !== undefined && !ENV_NAME.test(s.env)) throw new InvalidArgumentError(`secret placeholder "${s.env}" is not an environment variable name. Fix: use upper-case letters, digits and _ (DCS_TOKEN).`);
    // A name given once sticks: the same value registered again without one keeps its placeholder.
    if (this.envOf.has(s.value) && (this.envOf.get(s.value) !== undefined || s.env === undefined)) return;
    this.envOf.set(s.value, s.env);
    this.lengths.add(s.value.length);
    this.scan = null;
    this.suspectRe = null;
  }

  /** True when the value is one of the known secrets. */
  has(value: string): boolean {
    return typeof value === 'string' && this.lengths.has(value.length) && this.envOf.has(value);
  }

  /**
   * Matches every text masking could change, and some more: any form of a long secret (case
   * ignored, a superset) or any word a credential shape needs. Text it does not match is masked as is.
   */
  suspect(): RegExp {
    if (this.suspectRe) return this.suspectRe;
    const scan = this.scanner();
    this.suspectRe = new RegExp(scan ? `${scan.any.source}|${SHAPES_SOURCE}` : SHAPES_SOURCE, 'i');
    return this.suspectRe;
  }

  scanner(): Scan | undefined {
    if (this.scan !== null) return this.scan;
    const valueOf = new Map<string, { value: string; asIs: boolean }>();
    for (const v of this.envOf.keys()) {
      if (v.length < MIN_ANYWHERE_LENGTH) continue;
      for (const form of [v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+'), jsonEscaped(v)]) if (!valueOf.has(form)) valueOf.set(form, { value: v, asIs: form === v });
    }
    const source = [...valueOf.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
    this.scan = source ? { any: new RegExp(source), all: new RegExp(source, 'g'), valueOf } : undefined;
    return this.scan;
  }
}

export class Masker {
  private book = new SecretBook();
  private placeholders: Placeholders = { open: '$', close: '' };
  private standIn: RegExp | undefined;

  constructor(secrets: Iterable<SecretInput> = []) {
    this.add(...secrets);
  }

  /** The same secrets, written with other placeholders (curl.ts: markers it turns into shell expansions). */
  rendering(placeholders: Placeholders): Masker {
    const m = new Masker();
    m.book = this.book;
    m.placeholders = placeholders;
    return m;
  }

  /** Registers values to hide; a Secret with `env` is written as that variable. */
  add(...values: SecretInput[]): this {
    for (const v of values) if (v) this.book.add(typeof v === 'string' ? { value: v } : v);
    return this;
  }

  /**
   * What stands for a known secret value: its placeholder, or *** when it has none. Only where the
   * value stands as is (`asIs`): the shell expands a placeholder to the raw value, so an encoded or
   * escaped occurrence (URL-encoded, inside a JSON string when the value needs escaping) is ***.
   */
  private stand(value: string, asIs = true): string {
    const env = this.book.envOf.get(value);
    return env && asIs ? `${this.placeholders.open}${env}${this.placeholders.close}` : MASK;
  }

  private known(value: string): boolean {
    return this.book.has(value);
  }

  /** True when the value is already masked: *** or a placeholder. */
  private masked(value: string): boolean {
    this.standIn ??= new RegExp(`^(?:${escapeRe(MASK)}|${escapeRe(this.placeholders.open)}[A-Z][A-Z0-9_]*${escapeRe(this.placeholders.close)})$`);
    return this.standIn.test(value.trim());
  }

  /** Free text nobody parsed (messages, non-JSON bodies): long known secrets in any encoding, then credentials recognisable by shape. */
  text(s: string): string {
    return this.inText(s, false);
  }

  /** `json`: the text is a JSON string's value (it will be written escaped). */
  private inText(s: string, json: boolean): string {
    if (!this.book.suspect().test(s)) return s;
    let out = s;
    const scan = this.book.scanner();
    // Repeat while a secret is left: masking can join neighbours into a new occurrence ("*" + "***").
    // Bounded; text that still holds one after that is withheld whole.
    for (let pass = 0; scan?.any.test(out); pass++) {
      if (pass === 8) return MASK;
      out = out.replace(scan.all, (m) => {
        const form = scan.valueOf.get(m)!;
        return this.stand(form.value, form.asIs && (!json || jsonEscaped(form.value) === form.value));
      });
    }
    return this.shapes(out);
  }

  /** A credential matched by shape, kept when it is already masked (one function per Masker: this runs per string). */
  private readonly keep = (whole: string, prefix: string, value: string): string => (this.masked(value) ? whole : `${prefix}${MASK}`);

  private shapes(s: string): string {
    let out = s;
    // Each shape runs only on text holding the word it needs (nearly all text holds none).
    if (SHAPE_WORDS.sdkAccess.test(out)) out = out.replace(SDK_ACCESS, this.keep);
    if (SHAPE_WORDS.signature.test(out)) out = out.replace(SIGNATURE, this.keep);
    if (SHAPE_WORDS.headerLine.test(out)) out = out.replace(HEADER_LINE, (whole, prefix: string, value: string) => (/^\s*SDK-HMAC-SHA256\s/i.test(value) ? whole : this.keep(whole, prefix, value)));
    if (SHAPE_WORDS.queryParam.test(out)) out = this.queryParams(out);
    if (SHAPE_WORDS.jsonField.test(out)) out = out.replace(JSON_FIELD, (whole, prefix: string, name: string, value: string) => (isSecretName(name) && !this.masked(value.replace(/^"|"$/g, '')) ? `${prefix}"${MASK}"` : whole));
    return out;
  }

  /**
   * Credential parameters of the URLs in a text. Scans parameter by parameter, into the value of one
   * that is not a credential: a link can carry another, URL-encoded (…?to=https%3A…%3FSignature%3D…).
   */
  private queryParams(s: string): string {
    const param = new RegExp(QUERY_PARAM.source, 'gi');
    let out = '';
    let last = 0;
    for (let m = param.exec(s); m; m = param.exec(s)) {
      if (!isSecretName(decode(m[1]!))) continue;
      const start = m.index + m[0].length;
      // Inside an encoded link (…%3Fname%3D…) the value ends at an encoded separator; in a plain one, %26 is part of the value.
      const value = (/^%(26|3F)/i.test(m[0]) ? ENCODED_PARAM_VALUE : PARAM_VALUE).exec(s.slice(start))?.[0];
      if (!value || this.masked(value)) continue;
      out += `${s.slice(last, start)}${MASK}`;
      last = param.lastIndex = start + value.length;
    }
    return out + s.slice(last);
  }

  /** A JSON value: known secrets by exact (string) value, fields named like credentials, the rest of each string as text. Numbers, booleans and null stay. */
  json<T>(value: T): T {
    return this.maskJson(value, { changed: false }) as T;
  }

  /**
   * True when maskJson would leave the value as it is, decided without copying it: no string is a
   * known secret or suspect, no field is named like a credential (over a non-null, non-boolean value).
   * It may answer false for a value that masks to itself; maskJson then decides.
   */
  private untouched(value: unknown, suspect: RegExp): boolean {
    if (typeof value === 'string') return !this.known(value) && !suspect.test(value);
    if (Array.isArray(value)) {
      for (const v of value) if (!this.untouched(v, suspect)) return false;
      return true;
    }
    if (value && typeof value === 'object') {
      for (const k in value) {
        const v = (value as Record<string, unknown>)[k];
        if (isSecretName(k) ? v !== null && typeof v !== 'boolean' : !this.untouched(v, suspect)) return false;
      }
    }
    return true;
  }

  private maskJson(value: unknown, state: { changed: boolean }): unknown {
    if (typeof value === 'string') {
      const out = this.known(value) ? this.stand(value, jsonEscaped(value) === value) : this.inText(value, true);
      if (out !== value) state.changed = true;
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.maskJson(v, state));
    if (value && typeof value === 'object') {
      // No prototype: a "__proto__" field of the body stays a field. Plain loops: this runs on every body a run records.
      const out: Record<string, unknown> = Object.create(null);
      for (const k in value) {
        const v = (value as Record<string, unknown>)[k];
        if (isSecretName(k) && v !== null && typeof v !== 'boolean' && !(typeof v === 'string' && this.masked(v))) {
          state.changed = true;
          out[k] = typeof v === 'object' ? maskAll(v as object) : typeof v === 'string' && this.known(v) ? this.stand(v, jsonEscaped(v) === v) : MASK;
        } else out[k] = this.maskJson(v, state);
      }
      return out;
    }
    return value;
  }

  headers(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) {
      if (this.known(v)) out[k] = this.stand(v);
      else if (CREDENTIAL_HEADERS.has(k.toLowerCase())) out[k] = this.credential(v);
      else out[k] = this.text(v);
    }
    return out;
  }

  /** A credential header's value the run did not register: an SDK-HMAC-SHA256 Authorization keeps its shape (who signed, what), the rest is ***. */
  private credential(v: string): string {
    const sdk = /^(SDK-HMAC-SHA256\s+Access=)([^,\s]+)(,\s*SignedHeaders=[^,\s]+,\s*Signature=)\S+\s*$/i.exec(v);
    if (!sdk) return MASK;
    return `${sdk[1]}${this.known(sdk[2]!) ? this.stand(sdk[2]!) : MASK}${sdk[3]}${MASK}`;
  }

  /** A URL: each query value that is a known secret or names a credential, then the whole as text. */
  url(u: string): string {
    const q = u.indexOf('?');
    if (q < 0) return this.text(u);
    const hash = u.indexOf('#', q);
    const query = u.slice(q + 1, hash < 0 ? undefined : hash);
    const pairs = query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      const value = decode(raw);
      if (this.known(value)) return `${name}=${this.stand(value, raw === value)}`;
      return isSecretName(decode(name)) && value && !this.masked(value) ? `${name}=${MASK}` : pair;
    });
    return this.text(`${u.slice(0, q)}?${pairs.join('&')}${hash < 0 ? '' : u.slice(hash)}`);
  }

  /**
   * A body as text: JSON is masked value by value (and written back unchanged, byte for byte, when it
   * holds no secret), anything else as text. `parsed`: what the transport already made of these exact
   * bytes (JSON.parse of `text`), so a body is parsed once per exchange, not once more here.
   */
  body(text: string, parsed?: ParsedBody): string {
    if (!text) return text;
    let value: unknown;
    if (parsed) {
      if (!parsed.isJson) return this.text(text);
      value = parsed.json;
    } else {
      try {
        value = JSON.parse(text);
      } catch {
        return this.text(text);
      }
    }
    if (this.untouched(value, this.book.suspect())) return text;
    const state = { changed: false };
    const masked = this.maskJson(value, state);
    return state.changed ? JSON.stringify(masked) : text;
  }

  request(r: SentRequest): SentRequest {
    return { method: r.method, url: this.url(r.url), headers: this.headers(r.headers), body: this.body(r.body) };
  }

  /** `parsed`: the transport's parse of `r.text` (see body()). */
  response(r: ReceivedResponse, parsed?: ParsedBody): ReceivedResponse {
    return { status: r.status, headers: this.headers(r.headers), text: this.body(r.text, parsed) };
  }
}

// Credentials recognisable by shape, for text nobody parsed. Each replacement keeps a value that is
// already masked, so masking is idempotent and placeholders survive.
/** The access key of an SDK-HMAC-SHA256 Authorization. */
const SDK_ACCESS = /(SDK-HMAC-SHA256\s+Access=)([^,\s"']+)/gi;
/** Signature=… of an Authorization or a presigned link: hex, base64, URL-encoded. */
const SIGNATURE = /(\bSignature=)([^&,\s"'\\<>]+)/gi;
/** A credential header written as text ("X-Auth-Token: …"). */
const HEADER_LINE = /((?:proxy-)?(?:authorization|x-auth-token|x-subject-token|x-security-token)\s*[:=]\s*)([^\r\n'"]+)/gi;
/** A query parameter's name in text, its separator raw, HTML- or JSON-escaped or URL-encoded (a link inside a link)… */
const QUERY_PARAM = /(?:[?&]|&amp;|\\u0026|%26|%3F)([\w.-]+)(?:=|%3D)/i;
/** …and its value, up to the next separator (raw, HTML- or JSON-escaped), or inside an encoded link the next encoded one. */
const PARAM_VALUE = /^[^&\s"'\\<>#]+/;
const ENCODED_PARAM_VALUE = /^(?:(?!%26)[^&\s"'\\<>#])+/i;
/** A JSON field in text ("token": "…" or a number). */
const JSON_FIELD = /("([^"\\]*)"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g;

function maskAll(value: object): unknown {
  return Array.isArray(value) ? value.map(() => MASK) : Object.fromEntries(Object.keys(value).map((k) => [k, MASK]));
}
