// The HTTP transport: one undici keep-alive pool per target, a per-request timeout, bounded retries
// where safe, a rate limit, and authentication applied per attempt over the exact bytes sent.
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { noAuth } from '../auth/provider.ts';
import type { AuthProvider } from '../auth/types.ts';
import { InvalidArgumentError, RequestTimeoutError, TargetUnreachableError, TransportError } from '../errors.ts';
import { ResponseCollector, type Collected } from './collector.ts';
import { Deadlines } from './deadlines.ts';
import { TargetHealth } from './health.ts';
import { RateLimiter, type RateLimit } from './rateLimit.ts';
import { backoffDelay, isIdempotent, parseRetryAfter, retryPolicy, shouldRetryResponse, shouldRetryThrottled, type RetryPolicy } from './retry.ts';

export interface TransportOptions {
  /** Base URL of the target, e.g. https://dcs.ap-southeast-1.myhuaweicloud.com (a path prefix is kept). */
  endpoint: string;
  auth?: AuthProvider;
  /** Sent with every request (X-Project-Id, X-Domain-Id…); signed like any other header. */
  headers?: Record<string, string>;
  /** Asked before each attempt: headers for that attempt only (lower-case names), signed like the others. */
  attemptHeaders?: () => Readonly<Record<string, string>> | undefined;
  /** Whole attempt, connect to last body byte. Default 30 s. */
  timeoutMs?: number;
  /** TCP/TLS connect. Default 3 s, so an unreachable target fails fast. */
  connectTimeoutMs?: number;
  /** Keep-alive connections in the pool. Default 8. */
  connections?: number;
  keepAliveTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  rateLimit?: RateLimit;
  /** A limiter shared with other transports (a run's lanes); wins over rateLimit. */
  limiter?: RateLimiter;
  /** Whether the target still answers, shared with other transports; one of its own otherwise. */
  health?: TargetHealth;
  /** Custom DNS resolution (host pinning). */
  lookup?: LookupFunction;
  /** Wall clock for X-Sdk-Date. */
  now?: () => number;
  /** Jitter source for backoff (inject for reproducible timing). */
  random?: () => number;
  /**
   * Called after every attempt, with what was sent and what came back: log writers hook in here.
   * `parsed` is the transport's own parse of the response body (hand it to Masker.response).
   */
  onExchange?: (exchange: Exchange, parsed?: ParsedBody) => void;
  userAgent?: string;
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

export interface HttpRequest {
  method: string;
  /** Path below the endpoint, already URL-encoded; may carry a query string. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Raw body bytes (malformed-body tests); wins over json. */
  body?: string | Uint8Array;
  timeoutMs?: number;
  /** false: exactly one attempt. */
  retry?: boolean | Partial<RetryPolicy>;
  /** Replaces the transport's auth for this request (noAuth for security tests). */
  auth?: AuthProvider;
}

export interface SentRequest {
  method: string;
  url: string;
  /** Lower-case names, as sent (credentials included: mask before writing anywhere). */
  headers: Record<string, string>;
  body: string;
}

export interface ReceivedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

/** A response body as the transport parsed it, once: JSON.parse of its text when that succeeds. */
export interface ParsedBody {
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
  isJson: boolean;
}

export interface HttpResponse extends ReceivedResponse, ParsedBody {
  /** The last attempt as sent. */
  request: SentRequest;
  attempts: number;
  durationMs: number;
}

export interface Exchange {
  attempt: number;
  startedAt: number;
  durationMs: number;
  request: SentRequest;
  response?: ReceivedResponse;
  error?: { code: string; message: string };
}

export interface Transport {
  readonly endpoint: string;
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** The body of a request without one: shared, not a new buffer per request (each is an ArrayBuffer V8 must track and sweep). */
const NO_BODY = new Uint8Array(0);

// Node and undici error codes meaning no connection was ever made: retrying cannot help.
const UNREACHABLE = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Codes along the cause chain: undici wraps the socket's own error. */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
  }
  return codes;
}

type Failure = { kind: 'timeout'; limit: number } | { kind: 'unreachable' | 'network' | 'refused'; code: string; cause: unknown };

interface Attempt {
  exchange: Exchange;
  failure?: Failure;
  parsed?: ParsedBody;
}

export function createTransport(options: TransportOptions): Transport {
  let base: URL;
  try {
    base = new URL(options.endpoint);
  } catch {
    throw new InvalidArgumentError(`endpoint "${options.endpoint}" is not a URL. Fix: use an absolute http(s) URL such as https://dcs.example.com.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new InvalidArgumentError(`endpoint "${options.endpoint}" must be http(s). Fix: start it with https://.`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  for (const [k, v] of [['timeoutMs', timeoutMs], ['connectTimeoutMs', connectTimeoutMs]] as const) {
    if (!(v > 0)) throw new InvalidArgumentError(`${k} must be a positive number of milliseconds (got ${v}). Fix: e.g. 30000.`);
  }
  const basePolicy = retryPolicy(options.retry);
  const limiter = options.limiter ?? (options.rateLimit ? new RateLimiter(options.rateLimit) : undefined);
  const health = options.health ?? new TargetHealth(base.origin);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let closing: Promise<void> | undefined;
  const newPool = () =>
    new Pool(base.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      connect: { timeout: connectTimeoutMs, ...(options.lookup ? { lookup: options.lookup } : {}) },
      // The per-request timer below bounds the whole attempt; undici's own phase timers stay out of the way.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  let pool = newPool();
  // Pools set aside after undici refused a request (see attempt()): closed gracefully at once, destroyed by close().
  const retired: Pool[] = [];

  const optionHeaders = lower(options.headers);
  const deadlines = new Deadlines();

  function buildUrl(req: HttpRequest): URL {
    if (!req.path.startsWith('/')) throw new InvalidArgumentError(`request path "${req.path}" must start with "/". Fix: pass the path below the endpoint, e.g. /v2/{project}/instances.`);
    const url = new URL(base.origin + prefix + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    return url;
  }

  async function attempt(req: HttpRequest, url: URL, body: Uint8Array, n: number): Promise<Attempt> {
    health.check();
    if (limiter) await limiter.acquire();
    // Built by assignment, not object spread: a spread of objects of many shapes takes V8's slow clone
    // path, whose objects outlive young-generation collections (see send()).
    const headers: Record<string, string> = { host: url.host, 'user-agent': options.userAgent ?? 'dcs-conformance' };
    copyInto(headers, optionHeaders);
    if (req.json !== undefined && req.body === undefined) headers['content-type'] = 'application/json';
    const forAttempt = options.attemptHeaders?.();
    if (forAttempt) copyInto(headers, forAttempt);
    if (req.headers) copyInto(headers, req.headers, true);
    const auth = req.auth ?? options.auth ?? noAuth;
    const method = req.method.toUpperCase();
    copyInto(headers, auth.authorize({ method, url, headers: copyInto({}, headers), body }, now()));
    const sent: SentRequest = { method, url: url.href, headers, body: body.length ? Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8') : '' };
    const startedAt = Date.now();
    const limit = req.timeoutMs ?? timeoutMs;
    const deadline = deadlines.start(limit);
    let collector: ResponseCollector | undefined;
    try {
      const res = await new Promise<Collected>((resolve, reject) => {
        collector = new ResponseCollector(deadline.signal, resolve, reject);
        pool.dispatch({ method: method as never, path: url.pathname + url.search, headers, body: body.length || req.body !== undefined || req.json !== undefined ? Buffer.from(body.buffer, body.byteOffset, body.length) : null }, collector as never);
        collector.dispatched();
      });
      const text = res.text;
      const resHeaders = res.headers;
      health.answered();
      return { exchange: { attempt: n, startedAt, durationMs: Date.now() - startedAt, request: sent, response: { status: res.status, headers: resHeaders, text } }, parsed: parseJson(text) };
    } catch (err) {
      const codes = errorCodes(err);
      const unreachable = codes.find((c) => UNREACHABLE.has(c));
      const timedOut = deadline.expired;
      const refused = collector?.refused === true && !timedOut && (codes.includes('UND_ERR_INVALID_ARG') || codes.includes('UND_ERR_NOT_SUPPORTED'));
      if (refused) {
        // undici refused the request before queueing it (a header name or value it will not send, an
        // Expect header…), and its pool keeps the connection it picked marked busy for good: a few such
        // requests and every later one waits forever. This transport's requests go to a fresh pool.
        const jammed = pool;
        pool = newPool();
        retired.push(jammed);
        void jammed.close().catch(() => undefined);
      }
      const failure: Failure = timedOut ? { kind: 'timeout', limit } : refused ? { kind: 'refused', code: codes[0]!, cause: err } : { kind: unreachable ? 'unreachable' : 'network', code: unreachable ?? codes[0] ?? 'error', cause: err };
      if (timedOut) health.timedOut(limit);
      const error = toError(failure, sent, base.origin, n);
      return { exchange: { attempt: n, startedAt, durationMs: Date.now() - startedAt, request: sent, error: { code: error.code, message: error.message } }, failure };
    } finally {
      deadline.done();
    }
  }

  return {
    endpoint: base.href,
    async send(req) {
      const url = buildUrl(req);
      const body = req.body !== undefined ? (typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body) : req.json !== undefined ? Buffer.from(JSON.stringify(req.json), 'utf8') : NO_BODY;
      const policy = req.retry === false ? { ...basePolicy, maxRetries: 0 } : req.retry === true || req.retry === undefined ? basePolicy : retryPolicy({ ...basePolicy, ...req.retry });
      const started = Date.now();
      let throttled = 0;
      for (let n = 1; ; n++) {
        const { exchange, failure, parsed } = await attempt(req, url, body, n);
        options.onExchange?.(exchange, parsed);
        const retriesLeft = n <= policy.maxRetries;
        if (failure) {
          // Only failures on an open connection (reset, parser error) are retried; never timeouts or refusals.
          if (retriesLeft && failure.kind === 'network' && isIdempotent(req.method)) {
            await sleep(backoffDelay(policy, n - 1, undefined, random));
            continue;
          }
          throw toError(failure, exchange.request, base.origin, n);
        }
        // Answered: the attempt parsed its body.
        const res = exchange.response!;
        const answer = parsed!;
        // Throttled: not processed, so sent again whatever the method; everyone sharing the limiter slows down.
        if (req.retry !== false && policy.throttle.statuses.includes(res.status) && shouldRetryThrottled(policy, res.status, ++throttled)) {
          const after = parseRetryAfter(res.headers['retry-after'], Date.now());
          limiter?.throttled(after);
          await sleep(Math.min(policy.throttle.maxDelayMs, Math.max(after ?? 0, backoffDelay(policy, throttled - 1, undefined, random))));
          continue;
        }
        if (retriesLeft && shouldRetryResponse(policy, req.method, res.status, errorCodeOf(answer.json))) {
          await sleep(backoffDelay(policy, n - 1, parseRetryAfter(res.headers['retry-after'], Date.now()), random));
          continue;
        }
        // One literal, no spread: `{ ...res, ...answer }` cost ~500 KB of survivors per young-generation
        // collection (objects V8 builds on its slow clone path live on into the old generation), a fifth
        // of the transport's CPU in bench/harnessThroughput.ts.
        return { status: res.status, headers: res.headers, text: res.text, json: answer.json, isJson: answer.isJson, request: exchange.request, attempts: n, durationMs: Date.now() - started };
      }
    },
    close: () => (closing ??= Promise.all([pool.close(), ...retired.map((p) => p.destroy())]).then(() => undefined)),
  };
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  return copyInto({}, h ?? {}, true);
}

/** Copies every own field of `from` into `to` (names lower-cased when asked); returns `to`. */
function copyInto(to: Record<string, string>, from: Readonly<Record<string, string>>, lowerCase = false): Record<string, string> {
  for (const k of Object.keys(from)) {
    const name = lowerCase ? k.toLowerCase() : k;
    // As a spread would: a header named __proto__ stays a header, not the object's prototype.
    if (name === '__proto__') Object.defineProperty(to, name, { value: from[k], enumerable: true, writable: true, configurable: true });
    else to[name] = from[k]!;
  }
  return to;
}

function toError(f: Failure, sent: SentRequest, origin: string, attempts: number): RequestTimeoutError | TargetUnreachableError | TransportError | InvalidArgumentError {
  if (f.kind === 'timeout') return new RequestTimeoutError(sent.method, sent.url, f.limit);
  const reason = `${f.code}: ${(f.cause as Error).message}`;
  if (f.kind === 'refused') return new InvalidArgumentError(`${sent.method} ${sent.url} was not sent: the HTTP client refuses it (${reason}). Fix: header names must be tokens and values printable Latin-1 without CR/LF; Expect, Transfer-Encoding, Keep-Alive and Upgrade cannot be set.`, { cause: f.cause });
  return f.kind === 'unreachable' ? new TargetUnreachableError(origin, reason, { cause: f.cause }) : new TransportError(sent.method, sent.url, reason, attempts, { cause: f.cause });
}

function parseJson(text: string): ParsedBody {
  // Blank text fails JSON.parse too: no trimmed copy of every body.
  if (!text) return { json: undefined, isJson: false };
  try {
    return { json: JSON.parse(text), isJson: true };
  } catch {
    return { json: undefined, isJson: false };
  }
}

function errorCodeOf(json: unknown): string | undefined {
  const code = json && typeof json === 'object' ? (json as { error_code?: unknown }).error_code : undefined;
  return typeof code === 'string' ? code : undefined;
}
