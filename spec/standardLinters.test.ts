// The bundle passes the standard OpenAPI linters users run on it: Spectral's spectral:oas ruleset
// (.spectral.yaml) and Redocly's recommended one (redocly.yaml), with 0 errors. Warnings are left to
// the rulesets' taste (contact, license, tag descriptions, and Redocly's if/then blind spot).
import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { BUNDLE_FILE, SPEC_DIR } from './build/paths.ts';

const ROOT = join(SPEC_DIR, '..');
const BUNDLE = relative(ROOT, BUNDLE_FILE);
const run = promisify(execFile);

/** Runs a linter's CLI from node_modules/.bin; its JSON report, whatever its exit code. */
async function lint(bin: string, args: string[]): Promise<string> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false', NO_COLOR: '1' };
  try {
    return (await run(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT, env, maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    if (!out) throw e;
    return out;
  }
}

describe('standard OpenAPI linters', () => {
  test('Spectral spectral:oas: 0 errors', async () => {
    const results = JSON.parse(await lint('spectral', ['lint', BUNDLE, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'])) as { code: string; message: string; severity: number; path: string[] }[];
    // severity 0 is an error (1 warning, 2 info, 3 hint).
    expect(results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual([]);
  }, 120_000);

  test('Redocly recommended: 0 errors', async () => {
    const report = JSON.parse(await lint('redocly', ['lint', BUNDLE, '--format', 'json'])) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);
});
