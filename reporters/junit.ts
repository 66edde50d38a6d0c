// junit.xml after the run: vitest's JUnit reporter writes it while the tests run, before the verdict
// is known; markJunit() then adds what only the verdict knows — a failure's weight and, against a
// baseline, whether it is new — to the failure message ("[new] …", "[known] …", "[advisory] …") and as
// properties (dcs.weight, dcs.baseline), so a CI's test view shows new failures as new. mergeJunit()
// joins the junit.xml of shards into one file whose counts are the sums (suites of one file merged).
import type { ConformanceResult } from './types.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** The tag a failure's message starts with: new/known against a baseline, advisory when it does not decide. */
export function failureTags(r: Pick<ConformanceResult, 'weight' | 'new'>): string[] {
  return [...(r.new === true ? ['new'] : r.new === false ? ['known'] : []), ...(r.weight === 'advisory' ? ['advisory'] : [])];
}

export function markJunit(xml: string, results: readonly ConformanceResult[]): string {
  const failed = new Map(results.filter((r) => r.status === 'failed').map((r) => [r.name, r]));
  if (!failed.size) return xml;
  return xml.replace(/(<testcase\b([^>]*)>)([\s\S]*?)(<\/testcase>)/g, (whole, open: string, attrs: string, body: string, close: string) => {
    const r = failed.get(unescapeXml(attr(attrs, 'name') ?? ''));
    if (!r) return whole;
    // Marks of an earlier pass (report --from renders again) are replaced, never stacked.
    const clean = body.replace(/<property name="dcs\.(weight|baseline)" value="[^"]*"><\/property>/g, '').replace(/<properties><\/properties>/g, '').replace(/<failure message="(\[(new|known|advisory)\] )+/g, '<failure message="');
    const tags = failureTags(r);
    const props = [`<property name="dcs.weight" value="${r.weight ?? 'required'}"></property>`, ...(r.new !== undefined ? [`<property name="dcs.baseline" value="${r.new ? 'new' : 'known'}"></property>`] : [])].join('');
    const tagged = tags.length ? clean.replace(/<failure message="/g, `<failure message="${escapeXml(tags.map((t) => `[${t}]`).join(' '))} `) : clean;
    return `${open}${tagged.includes('<properties>') ? tagged.replace('<properties>', `<properties>${props}`) : `<properties>${props}</properties>${tagged}`}${close}`;
  });
}

interface Suite {
  name: string;
  attrs: string;
  body: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

/** One junit.xml from shards': suites of the same file become one, counts and times summed. */
export function mergeJunit(xmls: readonly string[], name = 'dcs-conformance'): string {
  const suites = new Map<string, Suite>();
  for (const xml of xmls) {
    for (const m of xml.matchAll(/<testsuite\b([^>]*)>([\s\S]*?)<\/testsuite>/g)) {
      const attrs = m[1]!;
      const n = attr(attrs, 'name') ?? '';
      const num = (k: string) => Number(attr(attrs, k) ?? 0);
      const s = suites.get(n) ?? { name: n, attrs, body: '', tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
      s.body += m[2]!.replace(/\s+$/, '\n');
      s.tests += num('tests');
      s.failures += num('failures');
      s.errors += num('errors');
      s.skipped += num('skipped');
      s.time += num('time');
      suites.set(n, s);
    }
  }
  const all = [...suites.values()];
  const sum = (k: 'tests' | 'failures' | 'errors' | 'time') => all.reduce((t, s) => t + s[k], 0);
  const suite = (s: Suite) => {
    const attrs = s.attrs.replace(/\b(tests|failures|errors|skipped|time)="[^"]*"/g, (_, k: 'tests' | 'failures' | 'errors' | 'skipped' | 'time') => `${k}="${k === 'time' ? s.time.toFixed(3) : s[k]}"`);
    return `    <testsuite${attrs}>${s.body.startsWith('\n') ? '' : '\n'}${s.body}    </testsuite>`;
  };
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="${escapeXml(name)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${sum('time').toFixed(3)}">\n${all.map(suite).join('\n')}\n</testsuites>\n`;
}
