// certificate.html: one self-contained page a certification engineer can hand on — the verdict per
// capability, the operation × check matrix, failures with their reproduction, waivers, coverage, seed
// and spec hash. No script, font or image is fetched; every text from the report is escaped.
import type { ConformanceReport, ConformanceResult, Ratio } from './types.ts';

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#1b1f23;padding:0 1rem}
h1{margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.verdict{font-size:2.4rem;font-weight:700;padding:.3rem 1rem;border-radius:6px;display:inline-block}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.skip{color:#6e7781}
.counts span{display:inline-block;margin-right:1.2rem;font-size:1.1rem}pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.matrix td{text-align:center;white-space:nowrap}.matrix td.op{text-align:left}.meta td:first-child{font-weight:600}`;

function ratioRow(name: string, r: Ratio): string {
  const missing = r.missing.length ? `<details><summary>${r.missing.length} not exercised</summary>${esc(r.missing.join(', '))}</details>` : '';
  const excluded = r.excluded ? `<details><summary>${Object.keys(r.excluded).length} not reachable through the API</summary><ul>${Object.entries(r.excluded).map(([k, why]) => `<li>${esc(k)}: ${esc(why)}</li>`).join('')}</ul></details>` : '';
  return `<tr><td>${esc(name)}</td><td>${r.covered}/${r.total}</td><td>${r.percent.toFixed(1)}%</td><td>${missing}${excluded}</td></tr>`;
}

function matrix(results: ConformanceResult[]): string {
  const checks = [...new Set(results.map((r) => r.check))].sort();
  const byCap = new Map<string, Map<string, ConformanceResult[]>>();
  for (const r of results) {
    const ops = byCap.get(r.capability) ?? new Map<string, ConformanceResult[]>();
    ops.set(r.operationId, [...(ops.get(r.operationId) ?? []), r]);
    byCap.set(r.capability, ops);
  }
  const cell = (rs: ConformanceResult[]) => {
    if (!rs.length) return '<td class="skip">·</td>';
    const n = (s: ConformanceResult['status']) => rs.filter((r) => r.status === s).length;
    const failed = n('failed');
    const parts = [n('passed') ? `${n('passed')}✓` : '', failed ? `${failed}✗` : '', n('waived') ? `${n('waived')}w` : '', n('skipped') ? `${n('skipped')}–` : ''].filter(Boolean);
    return `<td class="${failed ? 'fail' : n('passed') ? 'pass' : 'skip'}">${parts.join(' ')}</td>`;
  };
  const rows = [...byCap.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([cap, ops]) => `<tr><th colspan="${checks.length + 1}">${esc(cap)}</th></tr>${[...ops.entries()].map(([op, rs]) => `<tr><td class="op">${esc(op)}</td>${checks.map((c) => cell(rs.filter((r) => r.check === c))).join('')}</tr>`).join('')}`)
    .join('\n');
  return `<table class="matrix"><thead><tr><th>operation</th>${checks.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function failureRows(failures: ConformanceResult[]): string {
  if (!failures.length) return '<p>None.</p>';
  const row = (f: ConformanceResult) =>
    `<tr data-testid="failure"><td>${esc(f.name)}</td><td>${esc(f.section)}</td><td>${esc(f.rule ?? '')}</td><td>${esc(f.message?.split('\n')[0] ?? '')}${f.reproduction ? `<pre>${esc(f.reproduction)}</pre>` : ''}${f.bundle ? `<p>replay: <code>dcs-conformance replay ${esc(f.bundle)}</code></p>` : ''}</td></tr>`;
  return `<table><thead><tr><th>case</th><th>section</th><th>rule</th><th>what happened</th></tr></thead><tbody>${failures.map(row).join('\n')}</tbody></table>`;
}

function waiverRows(r: ConformanceReport): string {
  const { applied, expired } = r.waivers;
  if (!applied.length && !expired.length) return '<p>None.</p>';
  return `<table><thead><tr><th>waiver</th><th>reason</th><th>expires</th><th>results waived</th></tr></thead><tbody>${applied.map((w) => `<tr><td>${esc(w.match)}</td><td>${esc(w.reason)}</td><td>${esc(w.expires)}</td><td>${w.results}</td></tr>`).join('')}${expired.map((w) => `<tr class="fail" data-testid="expired-waiver"><td>${esc(w.match)}</td><td>${esc(w.reason)}</td><td>${esc(w.expires)} (expired: fails the run)</td><td>–</td></tr>`).join('')}</tbody></table>`;
}

const list = (title: string, names: string[]): string => (names.length ? `<details open><summary>${esc(title)}</summary><ul>${names.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></details>` : '');

export function renderCertificate(r: ConformanceReport): string {
  const failures = r.results.filter((x) => x.status === 'failed');
  const waived = r.results.filter((x) => x.status === 'waived');
  const v = r.verdict === 'pass' ? 'PASS' : 'FAIL';
  const baseline = r.baseline ? `<h2>Baseline</h2><p>${esc(r.baseline.file)}: ${r.baseline.newFailures.length} new failure(s), ${r.baseline.fixed.length} fixed.</p>${list('new failures', r.baseline.newFailures)}${list('fixed since the baseline', r.baseline.fixed)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>DCS conformance: ${v} (${esc(r.target.name)}, ${esc(r.profile)})</title><style>${CSS}</style></head>
<body>
<header>
<p>DCS REST API v2 conformance certificate</p>
<div class="verdict ${r.verdict}" data-testid="verdict">${v}</div>
<h1>${esc(r.target.name)} <small>(${esc(r.target.kind)} ${esc(r.target.endpoint)})</small></h1>
<table class="meta"><tbody>
<tr><td>profile</td><td>${esc(r.profile)}</td></tr>
<tr><td>seed</td><td data-testid="seed">${esc(r.seed)}</td></tr>
<tr><td>spec hash</td><td title="${esc(r.specHash)}">${esc(r.specHash.slice(0, 16))}</td></tr>
<tr><td>errata version</td><td>${esc(r.errataVersion)}</td></tr>
<tr><td>harness version</td><td>${esc(r.harnessVersion)}</td></tr>
<tr><td>started</td><td>${esc(r.startedAt)} (${(r.durationMs / 1000).toFixed(1)} s)${r.shard ? `, shard ${esc(r.shard)}` : ''}</td></tr>
</tbody></table>
<p class="counts"><span data-testid="passed">${r.summary.passed} passed</span><span data-testid="failed">${r.summary.failed} failed</span><span data-testid="skipped">${r.summary.skipped} skipped</span><span data-testid="waived">${r.summary.waived} waived</span></p>
</header>
<main>
<h2>Verdict per capability</h2>
<table><thead><tr><th>capability</th><th>verdict</th><th>passed</th><th>failed</th><th>skipped</th><th>waived</th></tr></thead><tbody>
${r.capabilities.map((c) => `<tr data-testid="capability"><td>${esc(c.name)}</td><td class="${c.verdict}">${c.verdict.toUpperCase()}</td><td>${c.passed}</td><td>${c.failed}</td><td>${c.skipped}</td><td>${c.waived}</td></tr>`).join('\n')}
</tbody></table>
<h2>Failures (${failures.length})</h2>
${failureRows(failures)}
${baseline}
<h2>Waivers</h2>
${waiverRows(r)}
${waived.length ? `<details><summary>${waived.length} waived result(s)</summary><ul>${waived.map((w) => `<li>${esc(w.name)}: ${esc(w.waiver?.reason)}</li>`).join('')}</ul></details>` : ''}
<h2>Coverage</h2>
<table><thead><tr><th></th><th>exercised</th><th>%</th><th></th></tr></thead><tbody>
${ratioRow('operations', r.coverage.operations)}${ratioRow('documented status codes', r.coverage.statusCodes)}${ratioRow('rules', r.coverage.rules)}${ratioRow('state transitions', r.coverage.transitions)}
</tbody></table>
<h2>Operation × check</h2>
<p>✓ passed, ✗ failed, w waived, – skipped.</p>
${matrix(r.results)}
</main>
</body></html>
`;
}
