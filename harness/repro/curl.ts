// Any request as a curl command a person can paste, with every credential masked.
import type { SentRequest } from '../transport/client.ts';
import { MASK, type Masker } from './mask.ts';

/** Headers curl computes itself. */
const OMIT = new Set(['host', 'content-length', 'connection']);

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(req: SentRequest, masker: Masker): string {
  const r = masker.request(req);
  const signed = /^SDK-HMAC-SHA256/i.test(req.headers.authorization ?? '');
  const lines = [
    ...(signed ? [`# The AK/SK signature is masked (${MASK}) and bound to X-Sdk-Date: re-sign before replaying.`] : []),
    `curl -sS -X ${r.method} ${shellQuote(r.url)}`,
    ...Object.entries(r.headers)
      .filter(([k]) => !OMIT.has(k))
      .map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`),
    ...(r.body ? [`--data-raw ${shellQuote(r.body)}`] : []),
  ];
  return lines[0]!.startsWith('#') ? `${lines[0]}\n${lines.slice(1).join(' \\\n  ')}` : lines.join(' \\\n  ');
}
