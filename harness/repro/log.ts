// Writes exchanges (JSON lines) and attachments into a folder, masked: the only way the harness
// puts request data on disk.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange, ParsedBody } from '../transport/client.ts';
import { toCurl } from './curl.ts';
import type { Masker } from './mask.ts';

export interface ExchangeLog {
  readonly dir: string;
  /** Appends one attempt (masked request, response or error, and its curl command) to exchanges.jsonl; `parsed`: the transport's parse of the response body. */
  record(exchange: Exchange, parsed?: ParsedBody): void;
  /** Writes a named attachment (text or JSON), masked; returns its path. */
  attach(name: string, content: string | object): string;
}

export function createExchangeLog(dir: string, masker: Masker): ExchangeLog {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'exchanges.jsonl');
  return {
    dir,
    record(ex, parsed) {
      const entry = {
        attempt: ex.attempt,
        startedAt: new Date(ex.startedAt).toISOString(),
        durationMs: ex.durationMs,
        request: masker.request(ex.request),
        curl: toCurl(ex.request, masker),
        ...(ex.response ? { response: masker.response(ex.response, parsed) } : {}),
        ...(ex.error ? { error: { code: ex.error.code, message: masker.text(ex.error.message) } } : {}),
      };
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
    },
    attach(name, content) {
      const safe = name.replace(/[^\w.-]+/g, '_');
      const path = join(dir, safe);
      writeFileSync(path, typeof content === 'string' ? masker.text(content) : `${JSON.stringify(masker.json(content), null, 2)}\n`);
      return path;
    },
  };
}
