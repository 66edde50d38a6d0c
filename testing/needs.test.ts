import { describe, expect, test } from 'vitest';
import { mandatory, missingNeeds, NEEDS, requires, skipLine } from './needs.ts';

const none = { DCS_SEED: '/nonexistent/reference.txt', CHROMIUM_PATH: '/nonexistent/chromium' };

describe('requires: tests that need the reference text or Chromium', () => {
  test('found: the tests run, with the path', () => {
    const r = requires('chromium', { CHROMIUM_PATH: process.execPath });
    expect(r).toMatchObject({ ok: true, path: process.execPath });
  });

  test('missing off CI: skipped, and the line says what to set', () => {
    const r = requires('chromium', { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('skipped: tests that need Chromium (the certificate rendering test); to run them set CHROMIUM_PATH=/path/to/chromium (Debian: apt-get install chromium)');
    expect(skipLine(NEEDS.reference)).toMatch(/^skipped: tests that need the API reference text .*; to run them set DCS_SEED=\/path\/to\/000_948e113ca86e65a7\.txt/);
  });

  test('missing under CI=true: the file fails, naming what to set', () => {
    expect(() => requires('chromium', { CI: 'true', CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/Chromium .* is required under CI=true and was not found; set CHROMIUM_PATH=/);
    // (the reference text may still be found at ../shared; Chromium is certainly missing)
    expect(() => missingNeeds({ CI: 'true', ...none })).toThrow(/Chromium .* is required under CI=true/);
  });

  test('CI means any value but false/0', () => {
    expect([mandatory({ CI: 'true' }), mandatory({ CI: '1' }), mandatory({}), mandatory({ CI: 'false' }), mandatory({ CI: '0' })]).toEqual([true, true, false, false, false]);
  });

  test('missingNeeds lists each missing need once (the run prints one line each)', () => {
    // DCS_SEED pointing nowhere still finds ../shared when it is there: only Chromium is certain to be missing.
    const missing = missingNeeds(none).map((n) => n.id);
    expect(missing).toContain('chromium');
    expect(new Set(missing).size).toBe(missing.length);
  });
});
