// Any request as a curl command a person can paste: the run's credentials are written as the
// environment variables that hold them (-H "x-auth-token: $DCS_TOKEN"), every other credential is
// masked, and the generated data (the password that broke a rule) is shown as sent. An AK/SK-signed
// request cannot carry its signature (it is bound to a fresh X-Sdk-Date): it is written as
// `dcs-conformance curl …`, which signs it at paste time with $DCS_AK/$DCS_SK and runs curl.
import type { SentRequest } from '../transport/client.ts';
import { MASK, type Masker } from './mask.ts';

/** Headers curl computes itself. */
const OMIT = new Set(['host', 'content-length', 'connection']);
/** Headers the signing helper makes afresh. */
const SIGNING = new Set(['authorization', 'x-sdk-date', 'x-security-token']);

// Placeholders inside the masked request, turned into shell expansions by shellWord(): private-use
// characters, so a literal "$DCS_TOKEN" in the data stays literal.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = new RegExp(`${OPEN}([A-Z][A-Z0-9_]*)${CLOSE}`);

/** The signing helper (cli/commands/curl.ts), and how a reproduction invokes it (`npx` finds the package's bin in a checkout too). */
const HELPER = 'dcs-conformance curl';
export const SIGN_COMMAND = `npx ${HELPER}`;

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One shell word: quoted literally, except placeholders, which the shell expands from the environment. */
export function shellWord(s: string): string {
  if (!PLACEHOLDER.test(s)) return shellQuote(s);
  // split with a capturing group: literal, variable, literal, variable, …, literal.
  const parts = s.split(new RegExp(PLACEHOLDER.source, 'g'));
  const literal = parts.filter((_, i) => i % 2 === 0);
  // Readable "…$VAR…" when nothing literal needs escaping inside double quotes; ${VAR} when a name character follows.
  if (literal.every((p) => !/["\\$`!]/.test(p))) {
    return `"${parts.map((p, i) => (i % 2 ? (/^\w/.test(parts[i + 1] ?? '') ? `\${${p}}` : `$${p}`) : p)).join('')}"`;
  }
  return parts.map((p, i) => (i % 2 ? `"$${p}"` : p ? shellQuote(p) : '')).join('');
}

/** The principal whose access key signed the request: '' for the run's own ($DCS_AK), 'readonly' for $DCS_READONLY_AK…; undefined when the key is not one the run was given. */
function signer(authorization: string): string | undefined {
  const m = new RegExp(`Access=${OPEN}DCS_(?:([A-Z0-9_]+)_)?AK${CLOSE}`).exec(authorization);
  return m ? (m[1] ?? '').toLowerCase() : undefined;
}

export function toCurl(req: SentRequest, masker: Masker): string {
  const r = masker.rendering({ open: OPEN, close: CLOSE }).request(req);
  const authorization = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  const signed = /^SDK-HMAC-SHA256/i.test(authorization);
  const as = signed ? signer(authorization) : undefined;
  const env = (name: string) => `$DCS_${as ? `${as.toUpperCase()}_` : ''}${name}`;
  const note = !signed
    ? []
    : as === undefined
      ? [`# Signed with an access key the run was not given (masked ${MASK}): ${HELPER} re-signs it with ${env('AK')}/${env('SK')} at paste time.`]
      : [`# AK/SK-signed: ${HELPER} signs it afresh (new X-Sdk-Date) with ${env('AK')}, ${env('SK')} (and ${env('SECURITY_TOKEN')} when set), then runs curl.`];
  const words = [
    `${signed ? `${SIGN_COMMAND}${as ? ` --as ${as}` : ''}` : 'curl'} -sS -X ${r.method} ${shellWord(r.url)}`,
    ...Object.entries(r.headers)
      .filter(([k]) => !OMIT.has(k.toLowerCase()) && !(signed && SIGNING.has(k.toLowerCase())))
      .map(([k, v]) => `-H ${shellWord(`${k}: ${v}`)}`),
    ...(r.body ? [`--data-raw ${shellWord(r.body)}`] : []),
  ];
  return [...note, words.join(' \\\n  ')].join('\n');
}
