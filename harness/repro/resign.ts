// Signs a curl command line at the moment it is run: the arguments of an AK/SK reproduction
// (curl.ts writes `dcs-conformance curl <curl arguments>`), with X-Sdk-Date and Authorization
// computed now over exactly the method, URL, headers and body curl will send. The signature of the
// recorded request cannot be reused: it is bound to an X-Sdk-Date the target accepts for minutes.
import { signRequest, type AkSkCredentials } from '../auth/aksk.ts';
import { InvalidArgumentError } from '../errors.ts';

/** What curl will send, read from its arguments (the options a reproduction uses; others pass through). */
export interface CurlRequest {
  method: string;
  url: string;
  /** Lower-case names, in order. */
  headers: [string, string][];
  body?: string;
}

const DATA = new Set(['--data-raw', '--data-binary', '--data', '-d']);
/** curl options that take a value and do not change the request's bytes (the value is skipped, not read). */
const VALUED = new Set(['-o', '--output', '-w', '--write-out', '-m', '--max-time', '--connect-timeout', '--retry', '-u', '--user', '-K', '--config', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie']);
/** The headers the signature is made of: those curl.ts leaves out and this adds afresh. */
const SIGNING = new Set(['authorization', 'x-sdk-date', 'x-security-token']);

export function parseCurl(argv: readonly string[]): CurlRequest {
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const headers: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new InvalidArgumentError(`curl option ${a} needs a value. Fix: paste the whole command.`);
      return v;
    };
    if (a === '-X' || a === '--request') method = value().toUpperCase();
    else if (a === '-H' || a === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon <= 0) throw new InvalidArgumentError(`curl header "${h}" is not "name: value". Fix: write -H 'name: value'.`);
      headers.push([h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim()]);
    } else if (DATA.has(a)) {
      const v = value();
      if (a !== '--data-raw' && v.startsWith('@')) throw new InvalidArgumentError(`${a} ${v}: a body read from a file cannot be signed here. Fix: pass the body itself with --data-raw.`);
      body = (body === undefined ? '' : `${body}&`) + v;
    } else if (VALUED.has(a)) value();
    else if (!a.startsWith('-')) {
      if (url !== undefined) throw new InvalidArgumentError(`two URLs ("${url}", "${a}"): one request is signed at a time. Fix: pass one URL.`);
      url = a;
    }
  }
  if (url === undefined) throw new InvalidArgumentError('no URL among the curl arguments. Fix: paste the whole curl command after `dcs-conformance curl`.');
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), url, headers, ...(body !== undefined ? { body } : {}) };
}

/**
 * The curl arguments with the request signed at `nowMs`: any Authorization, X-Sdk-Date or
 * X-Security-Token given are replaced by fresh ones. Signed as the harness signs (auth/aksk.ts):
 * host and every given header but content-type; curl's own Accept and User-Agent (when not given)
 * are not signed, which a verifier allows (it checks the headers the signature names).
 */
export function signCurl(argv: readonly string[], creds: AkSkCredentials, nowMs: number): string[] {
  const req = parseCurl(argv);
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new InvalidArgumentError(`"${req.url}" is not a URL. Fix: paste the whole curl command.`);
  }
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '-H' || a === '--header') && SIGNING.has(argv[i + 1]!.slice(0, argv[i + 1]!.indexOf(':')).trim().toLowerCase())) i++;
    else kept.push(a);
  }
  const headers: Record<string, string> = { host: url.host };
  for (const [k, v] of req.headers) if (!SIGNING.has(k)) headers[k] = v;
  const signed = signRequest(creds, { method: req.method, url, headers, body: Buffer.from(req.body ?? '') }, nowMs).headers;
  return [...kept, ...Object.entries(signed).flatMap(([k, v]) => ['-H', `${k}: ${v}`])];
}
