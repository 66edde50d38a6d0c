// What some of the project's own tests need from the machine beyond Node and npm: the API reference
// text (the spec's tests re-read it) and a Chromium (the certificate is rendered in it). Every such test
// goes through `requires`: on a machine without the need its tests are skipped, and the run prints one
// line saying what to set (globalSetup.ts); under CI=true a missing need fails the run instead, so CI
// runs every one of them.
import { existsSync } from 'node:fs';
import { describe, test } from 'vitest';
import { SEED_FILE_NAME, seedPath } from '../spec/reference/seed.ts';
import { MissingNeedError } from './errors.ts';

export type NeedId = 'reference' | 'chromium';

export interface Need {
  id: NeedId;
  /** What is missing, as the skip line says it. */
  what: string;
  /** What to set to provide it. */
  set: string;
  /** Where it is on this machine, or undefined. */
  locate(env?: NodeJS.ProcessEnv): string | undefined;
}

export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

export const NEEDS: Record<NeedId, Need> = {
  reference: {
    id: 'reference',
    what: 'the API reference text (spec tests that re-read it)',
    set: `DCS_SEED=/path/to/${SEED_FILE_NAME} (or put the shared/ folder beside the project)`,
    locate: (env = process.env) => {
      try {
        return seedPath(env);
      } catch {
        return undefined;
      }
    },
  },
  chromium: {
    id: 'chromium',
    what: 'Chromium (the certificate rendering test)',
    set: 'CHROMIUM_PATH=/path/to/chromium (Debian: apt-get install chromium)',
    locate: (env = process.env) => (existsSync(chromiumPath(env)) ? chromiumPath(env) : undefined),
  },
};

/** Under CI every need is mandatory: a missing one fails the run rather than skipping its tests. */
export const mandatory = (env: NodeJS.ProcessEnv = process.env): boolean => !!env.CI && env.CI !== 'false' && env.CI !== '0';

/** The one line a run prints for a need this machine lacks. */
export const skipLine = (n: Need): string => `skipped: tests that need ${n.what}; to run them set ${n.set}`;
export const missingMessage = (n: Need): string => `${n.what} is required under CI=true and was not found; set ${n.set}`;

/** Needs this machine lacks; throws under CI. */
export function missingNeeds(env: NodeJS.ProcessEnv = process.env): Need[] {
  const missing = Object.values(NEEDS).filter((n) => !n.locate(env));
  if (missing.length && mandatory(env)) throw new MissingNeedError(missing.map(missingMessage).join('\n'));
  return missing;
}

/**
 * The gate of a test that needs something of the machine: `describe`/`test` that skip without it (the
 * skip names what to set) and `path` where it is. Under CI=true a missing need throws here, failing the file.
 */
export function requires(id: NeedId, env: NodeJS.ProcessEnv = process.env) {
  const need = NEEDS[id];
  const path = need.locate(env);
  if (!path && mandatory(env)) throw new MissingNeedError(missingMessage(need));
  return { ok: !!path, path, reason: skipLine(need), describe: describe.skipIf(!path), test: test.skipIf(!path) };
}
