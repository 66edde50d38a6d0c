// The handler registry: every module in this folder exports `handlers`, keyed by operationId.
// Adding a resource is adding a file; the registry finds it.
import { readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Handler } from './context.ts';
import { EmulatorInternalError } from '../core/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));
// .ts in the sources, .js in the installed package (dist/, beside .d.ts files).
const ext = extname(fileURLToPath(import.meta.url));
const NOT_RESOURCES = new Set([`index${ext}`, `context${ext}`]);

export async function loadHandlers(): Promise<Record<string, Handler>> {
  const files = readdirSync(here).filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith('.d.ts') && !NOT_RESOURCES.has(f)).sort();
  const all: Record<string, Handler> = {};
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { handlers?: Record<string, Handler> };
    for (const [id, h] of Object.entries(mod.handlers ?? {})) {
      if (all[id]) throw new EmulatorInternalError(`operation ${id} has handlers in two resource modules (${f} and another)`);
      all[id] = h;
    }
  }
  return all;
}
