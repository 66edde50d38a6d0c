// The certificate as a person sees it: rendered in headless Chromium (Debian's, driven by
// playwright-core) with every network request blocked, it shows the verdict, the counts and a failing
// row; text from the report (request bodies) is shown, never run.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { renderCertificate } from './certificate.ts';
import { buildReport } from './report.ts';
import type { ConformanceResult } from './types.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const spec = await loadSpec();
const now = new Date('2026-11-29T12:00:00Z');
const XSS = '<script>window.ranScript = true; alert(1)</script>';

const result = (name: string, status: ConformanceResult['status'], extra: Partial<ConformanceResult> = {}): ConformanceResult => ({
  name, operationId: 'CreateInstance', section: '4.1.1', capability: '4.1 Lifecycle Management', check: 'negative', rule: 'password.instance', rules: ['password.instance'], statuses: [400], status, durationMs: 3, ...extra,
});
const report = (results: ConformanceResult[]) => buildReport({ spec, results, profile: 'full', seed: 42, target: { name: 'emulator', kind: 'emulator', endpoint: 'http://127.0.0.1:7000' }, startedAt: now, durationMs: 1234, now });

const passing = report([result('CreateInstance › positive', 'passed', { check: 'positive' }), result('ListInstances › positive', 'passed', { operationId: 'ListInstances', check: 'positive' })]);
const failing = report([
  result('CreateInstance › positive', 'passed', { check: 'positive' }),
  result('CreateInstance › negative (password.instance too-short)', 'failed', { message: `password.instance broken (too-short): expected 400, got 200 ${XSS}`, reproduction: `curl -sS -X POST 'http://127.0.0.1:7000/v2/p/instances' --data-raw '{"name":"${XSS}","password":"***"}'` }),
]);

describe('certificate.html as text', () => {
  test('self-contained: no external resource, no script', () => {
    for (const html of [renderCertificate(passing), renderCertificate(failing)]) {
      expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
      expect(html).not.toMatch(/(src|href)=["']?https?:/i);
      expect(html).not.toMatch(/@import|url\(/i);
    }
  });

  test('report text is escaped', () => {
    const html = renderCertificate(failing);
    expect(html).not.toContain(XSS);
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('certificate.html in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(() => browser?.close());

  async function open(html: string) {
    const page = await browser.newPage();
    const requested: string[] = [];
    const dialogs: string[] = [];
    await page.route('**/*', (r) => {
      requested.push(r.request().url());
      return r.abort();
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requested, dialogs };
  }

  test('a passing run: PASS and its counts', async () => {
    const { page, requested } = await open(renderCertificate(passing));
    expect(await page.getByTestId('verdict').innerText()).toBe('PASS');
    expect(await page.getByTestId('passed').innerText()).toBe('2 passed');
    expect(await page.getByTestId('failed').innerText()).toBe('0 failed');
    expect(await page.getByTestId('seed').innerText()).toBe('42');
    expect(await page.getByTestId('failure').count()).toBe(0);
    expect(requested).toEqual([]);
  });

  test('a failing run: FAIL, the failing row with its operation and rule, the script shown as text and never run', async () => {
    const { page, requested, dialogs } = await open(renderCertificate(failing));
    expect(await page.getByTestId('verdict').innerText()).toBe('FAIL');
    expect(await page.getByTestId('failed').innerText()).toBe('1 failed');
    const row = page.getByTestId('failure');
    expect(await row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('CreateInstance › negative (password.instance too-short)');
    expect(text).toContain('password.instance');
    expect(text).toContain('<script>');
    expect(await page.evaluate(() => (globalThis as unknown as { ranScript?: boolean }).ranScript)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requested).toEqual([]);
    const cap = await page.getByTestId('capability').first().innerText();
    expect(cap).toMatch(/4\.1 Lifecycle Management\s+FAIL/);
  });
});
