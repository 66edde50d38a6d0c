// The certificate as a person sees it: rendered in headless Chromium (Debian's, driven by
// playwright-core) with every network request blocked, it shows the verdict, the counts and a failing
// row; text from the report (request bodies) is shown, never run. A whole run's certificate fits 1280 px
// and an A4 page without anything overflowing sideways; it names the implementation, the reference,
// the run's settings, the gate, and what would complete an incomplete run.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { renderCertificate } from './certificate.ts';
import { allCases } from '../suites/index.ts';
import { selectCases } from '../suites/engine/select.ts';
import { need } from '../suites/engine/needs.ts';
import { requires } from '../testing/needs.ts';
import { buildReport, type ReportInput } from './report.ts';
import type { ConformanceReport, ConformanceResult } from './types.ts';

const browserNeed = requires('chromium');
const spec = await loadSpec();
const now = new Date('2026-11-29T12:00:00Z');
const XSS = '<script>window.ranScript = true; alert(1)</script>';

const result = (name: string, status: ConformanceResult['status'], extra: Partial<ConformanceResult> = {}): ConformanceResult => ({
  name, operationId: 'CreateInstance', section: '4.1.1', capability: '4.1 Lifecycle Management', check: 'negative', rule: 'password.instance', rules: ['password.instance'], statuses: [400], status, durationMs: 3, ...extra,
});
const report = (results: ConformanceResult[], extra: Partial<ReportInput> = {}) => buildReport({ spec, results, profile: 'full', seed: 42, target: { name: 'emulator', kind: 'emulator', endpoint: 'http://127.0.0.1:7000' }, startedAt: now, durationMs: 1234, now, ...extra });

/** Every case of the full profile as a result (the widest matrix a run makes); `fail`: names that failed; `skip`: name -> message. */
function wholeRun(fail: readonly string[], skip: Record<string, string> = {}): ConformanceResult[] {
  return selectCases(allCases(spec), { profile: 'full' }).map((c) => ({
    name: c.name, operationId: c.operationId, section: c.section, capability: spec.operation(c.operationId).capability, check: c.check, rules: c.rules,
    ...(c.transitions ? { transitions: c.transitions } : {}), statuses: c.statuses, durationMs: 2,
    ...(fail.includes(c.name) ? { status: 'failed' as const, rule: c.rules[0] ?? 'x', message: 'expected status 400, got 200', reproduction: `curl -sS -X POST 'http://127.0.0.1:7000/v2/p/instances' -H "X-Auth-Token: $DCS_TOKEN" --data-raw '${'{"name":"a-long-generated-name-without-any-space-'.padEnd(400, 'x')}"}'` } : skip[c.name] ? { status: 'skipped' as const, message: skip[c.name] } : { status: 'passed' as const }),
  }));
}
const full = selectCases(allCases(spec), { profile: 'full' });
const failingNames = full.filter((c) => c.check === 'negative' && c.rules.includes('password.instance')).map((c) => c.name).slice(0, 3);
const identified = { implementation: { name: 'Acme Cache', version: '7.2.1' }, mode: 'strict' as const, emulatorFaults: [] as string[] };

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

browserNeed.describe('certificate.html in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: browserNeed.path!, args: ['--no-sandbox'] });
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
    expect(cap).toMatch(/4\.1 Lifecycle Management\s+required\s+FAIL/);
  });

  /** Nothing sticks out sideways: every element's right edge within the viewport, and no horizontal scroll. */
  async function overflowAt(html: string, width: number, media: 'screen' | 'print') {
    const { page } = await open(html);
    await page.emulateMedia({ media });
    await page.setViewportSize({ width, height: 900 });
    return page.evaluate((w) => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { right: number }; tagName: string; className: string }>; documentElement: { scrollWidth: number } } }).document;
      const out = Array.from(doc.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > w + 0.5).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`);
      return { scroll: doc.documentElement.scrollWidth, over: out.slice(0, 5), overCount: out.length };
    }, width);
  }

  test('a whole run (every full-profile case, long reproductions) fits 1280 px on screen and an A4 page in print: the matrix wraps, nothing is cut off', async () => {
    const html = renderCertificate(report(wholeRun(failingNames), identified));
    const screen = await overflowAt(html, 1280, 'screen');
    expect(screen.over, JSON.stringify(screen)).toEqual([]);
    expect(screen.scroll).toBeLessThanOrEqual(1280);
    // A4 at 96 dpi less 14 mm margins each side: about 688 px of text width.
    const paper = await overflowAt(html, 688, 'print');
    expect(paper.over, JSON.stringify(paper)).toEqual([]);
    const { page } = await open(html);
    expect(await page.getByTestId('matrix').count()).toBe(new Set(full.map((c) => spec.operation(c.operationId).capability)).size);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('the certificate names the implementation, the reference, spec hash, harness, profile, seed, date, duration, mode, faults and per-capability weight', async () => {
    const { page } = await open(renderCertificate(report(wholeRun([]), identified)));
    expect(await page.locator('h1').innerText()).toBe('Certificate of conformance');
    expect(await page.getByTestId('verdict').innerText()).toBe('PASS');
    expect(await page.getByTestId('implementation').innerText()).toBe('Acme Cache');
    expect(await page.getByTestId('implementation-version').innerText()).toBe('7.2.1');
    expect(await page.getByTestId('endpoint').innerText()).toContain('http://127.0.0.1:7000');
    const ref = await page.getByTestId('reference').innerText();
    for (const part of [spec.reference.document, `Issue ${spec.reference.issue}`, spec.reference.date, spec.reference.publisher]) expect(ref).toContain(part);
    expect(await page.getByTestId('spec-hash').innerText()).toContain(spec.hash);
    expect(await page.getByTestId('harness').innerText()).toMatch(/^dcs-conformance \d+\.\d+\.\d+$/);
    expect(await page.getByTestId('profile').innerText()).toBe('full');
    expect(await page.getByTestId('started').innerText()).toBe(`${now.toISOString()}, 1.2 s`);
    expect(await page.getByTestId('mode').innerText()).toMatch(/^strict/);
    expect(await page.getByTestId('faults').innerText()).toBe('none');
    const weights = await page.getByTestId('capability').allInnerTexts();
    expect(weights.length).toBeGreaterThan(10);
    expect(weights.every((w) => /\t(required|advisory)\t(PASS|FAIL|INCOMPLETE)\t/.test(w))).toBe(true);
    expect(await page.getByTestId('coverage-operations').innerText()).toMatch(/88\/88/);
  });

  test('INCOMPLETE: a remote run without --allow-destructive or principals says so and what to add; not a certificate', async () => {
    const skip = Object.fromEntries(full.filter((c) => c.destructive).map((c) => [c.name, `creates billable resources or destroys data: ${need('allow-destructive').fix} to include it`]).concat(full.filter((c) => c.check === 'iam.action-denied').map((c) => [c.name, `no read-only principal: ${need('principals.readonly').fix}`])));
    const r = report(wholeRun([], skip), { ...identified, target: { name: 'staging', kind: 'remote', endpoint: 'https://127.0.0.1:9443' } });
    const { page } = await open(renderCertificate(r));
    expect(await page.getByTestId('verdict').innerText()).toBe('INCOMPLETE');
    expect(await page.locator('h1').innerText()).toBe('Conformance test report');
    expect(await page.getByTestId('verdict-text').innerText()).toMatch(/^INCOMPLETE: \d+ required cases did not run; to complete, add --allow-destructive \(\d+\), principals\.readonly \(\d+\)/);
    const needs = await page.getByTestId('needs').innerText();
    expect(needs).toContain(need('allow-destructive').add);
    expect(needs).toContain(need('principals.readonly').add);
  });

  test('baseline-gated: the gate is in the verdict, a new failure is marked new, known ones known; faults switched on are named', async () => {
    const gated = (failed: string[]) => report(wholeRun(failed), { ...identified, emulatorFaults: ['password.short-accepted'], baseline: { file: 'ci/known.json', baseline: { format: 1, failures: failingNames.slice(0, 2), specHash: spec.hash, createdAt: now.toISOString() } } });
    const ok: ConformanceReport = gated(failingNames.slice(0, 2));
    let { page } = await open(renderCertificate(ok));
    expect(await page.getByTestId('verdict').innerText()).toBe('PASS');
    expect(await page.getByTestId('verdict-text').innerText()).toBe('PASS against baseline: 2 known failures, 0 new');
    expect(await page.locator('h1').innerText()).toBe('Conformance test report');
    expect(await page.getByTestId('gate-note').innerText()).toMatch(/not a certificate of conformance/);
    expect(await page.getByTestId('faults-note').innerText()).toContain('password.short-accepted');
    expect(await page.getByTestId('faults').innerText()).toBe('password.short-accepted');
    expect(await page.getByTestId('tag-known').count()).toBe(2);
    expect(await page.getByTestId('tag-new').count()).toBe(0);
    ({ page } = await open(renderCertificate(gated(failingNames))));
    expect(await page.getByTestId('verdict').innerText()).toBe('FAIL');
    expect(await page.getByTestId('verdict-text').innerText()).toBe('FAIL against baseline: 1 new required failure (2 known)');
    const newRow = page.getByTestId('failure').filter({ has: page.getByTestId('tag-new') });
    expect(await newRow.count()).toBe(1);
    expect(await newRow.innerText()).toContain(failingNames[2]!);
  });
});
