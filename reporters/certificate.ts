// certificate.html: one self-contained page a certification body can issue and a CI owner can read —
// the verdict with its gate, the implementation under test, the reference document and spec it was
// judged against, the run's settings (profile, seed, mode, faults, dates), per-capability verdicts
// with required/advisory, what would complete an incomplete run, failures (new ones marked) with
// their reproduction, waivers and baseline with reasons, coverage, and the operation × check matrix
// (pivoted: one row per operation, its checks wrapping, so nothing is cut off at 1280 px or on paper).
// No script, font or image is fetched; every text from the report is escaped.
import type { ConformanceReport, ConformanceResult, Outcome, Ratio } from './types.ts';
import { failureTags } from './junit.ts';

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1200px;color:#1b1f23;padding:0 1rem}
h1{margin:.2rem 0 .6rem;font-size:1.6rem}h2{margin-top:1.8rem;border-bottom:1px solid #ddd;font-size:1.2rem}h3{margin:1rem 0 .3rem;font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f6f8fa}
.kv th{width:14rem;font-weight:600;background:#fafbfc}
.issuer{color:#57606a;margin:0}
.verdict{font-size:2.4rem;font-weight:700;padding:.2rem 1rem;border-radius:6px;display:inline-block;border:3px solid currentColor}
.verdict-text{font-size:1.15rem;font-weight:600;margin:.4rem 0}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.incomplete{background:#fff8c5;color:#7d4e00}.skip{color:#6e7781}
.note{border-left:4px solid #d4a72c;background:#fff8c5;padding:.4rem .8rem;margin:.6rem 0}.note.bad{border-color:#cf222e;background:#ffebe9}
.counts span{display:inline-block;margin-right:1.2rem;font-size:1.05rem}
pre{background:#f6f8fa;padding:.5rem;margin:.3rem 0;white-space:pre-wrap;word-break:break-all;max-width:100%}
.tag{display:inline-block;font-size:.75rem;font-weight:700;padding:0 .35rem;border-radius:3px;margin-right:.3rem;text-transform:uppercase;border:1px solid currentColor}
.tag.new{color:#a40e26;background:#ffebe9}.tag.known,.tag.advisory{color:#57606a;background:#f6f8fa}
.chips{display:flex;flex-wrap:wrap;gap:.25rem}
.chip{display:inline-block;white-space:nowrap;font-size:.8rem;padding:0 .35rem;border-radius:3px;border:1px solid #d0d7de}
.chip.pass{border-color:#4ac26b}.chip.fail{border-color:#cf222e}.chip.skip{background:#f6f8fa}
.failures{table-layout:fixed}
.matrix td.op{width:17rem;font-family:ui-monospace,monospace;font-size:.85rem}
.sign{margin-top:2rem;display:flex;gap:2rem;flex-wrap:wrap}.sign div{flex:1;min-width:14rem;border-top:1px solid #1b1f23;padding-top:.2rem;color:#57606a;font-size:.85rem}
@media print{
  @page{size:A4;margin:14mm}
  body{max-width:none;margin:0;padding:0;font-size:9.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h2{break-after:avoid}tr,.chip,.note,pre{break-inside:avoid}
  .verdict{font-size:1.8rem}
  .screen-only{display:none}
}`;

const OUTCOME_WORD: Record<Outcome, string> = { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' };
const outcomeOf = (r: { outcome?: Outcome; verdict: 'pass' | 'fail' }): Outcome => r.outcome ?? r.verdict;
const tags = (r: ConformanceResult) => failureTags(r).map((t) => `<span class="tag ${t}" data-testid="tag-${t}">${t}</span>`).join('');
const kv = (rows: [string, string, string?][]) => `<table class="kv"><tbody>${rows.map(([k, v, id]) => `<tr><th>${esc(k)}</th><td${id ? ` data-testid="${id}"` : ''}>${v}</td></tr>`).join('')}</tbody></table>`;

function ratioRow(name: string, r: Ratio): string {
  const missing = r.missing.length ? `<details><summary>${r.missing.length} not exercised</summary>${esc(r.missing.join(', '))}</details>` : '';
  const excluded = r.excluded ? `<details><summary>${Object.keys(r.excluded).length} not reachable through the API</summary><ul>${Object.entries(r.excluded).map(([k, why]) => `<li>${esc(k)}: ${esc(why)}</li>`).join('')}</ul></details>` : '';
  return `<tr data-testid="coverage-${esc(name.split(' ')[0])}"><td>${esc(name)}</td><td>${r.covered}/${r.total}</td><td>${r.percent.toFixed(1)}%</td><td>${missing}${excluded}</td></tr>`;
}

/** The operation × check matrix, pivoted: per capability, one row per operation with a chip per check (wraps). */
function matrix(results: ConformanceResult[]): string {
  const byCap = new Map<string, Map<string, ConformanceResult[]>>();
  for (const r of results) {
    const ops = byCap.get(r.capability) ?? new Map<string, ConformanceResult[]>();
    ops.set(r.operationId, [...(ops.get(r.operationId) ?? []), r]);
    byCap.set(r.capability, ops);
  }
  const chip = (check: string, rs: ConformanceResult[]) => {
    const n = (s: ConformanceResult['status']) => rs.filter((r) => r.status === s).length;
    const parts = [n('passed') ? `${n('passed')}✓` : '', n('failed') ? `${n('failed')}✗` : '', n('waived') ? `${n('waived')}w` : '', n('skipped') ? `${n('skipped')}–` : ''].filter(Boolean);
    return `<span class="chip ${n('failed') ? 'fail' : n('passed') ? 'pass' : 'skip'}">${esc(check)} ${parts.join(' ')}</span>`;
  };
  return [...byCap.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([cap, ops]) => {
      const rows = [...ops.entries()].map(([op, rs]) => {
        const checks = [...new Set(rs.map((r) => r.check))];
        return `<tr><td class="op">${esc(op)}</td><td><div class="chips">${checks.map((c) => chip(c, rs.filter((r) => r.check === c))).join('')}</div></td></tr>`;
      });
      return `<h3>${esc(cap)}</h3><table class="matrix" data-testid="matrix"><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('\n');
}

function failureRows(failures: ConformanceResult[]): string {
  if (!failures.length) return '<p>None.</p>';
  const row = (f: ConformanceResult) =>
    `<tr data-testid="failure"><td>${tags(f)}${esc(f.name)}</td><td>${esc(f.section)}</td><td>${esc(f.rule ?? '')}</td><td>${esc(f.message?.split('\n')[0] ?? '')}${f.reproduction ? `<pre>${esc(f.reproduction)}</pre>` : ''}${f.bundle ? `<p>replay: <code>dcs-conformance replay ${esc(f.bundle)}</code> (in the report folder)</p>` : ''}</td></tr>`;
  // New failures first (they decide), then required ones, then the known and advisory ones.
  const rank = (f: ConformanceResult) => (f.new === true ? 0 : f.weight === 'advisory' ? 3 : f.new === false ? 2 : 1);
  const ordered = failures.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([f]) => f);
  return `<table class="failures"><colgroup><col style="width:20%"><col style="width:5.5rem"><col style="width:9rem"><col></colgroup><thead><tr><th>case</th><th>section</th><th>rule</th><th>what happened</th></tr></thead><tbody>${ordered.map(row).join('\n')}</tbody></table>`;
}

function waiverRows(r: ConformanceReport): string {
  const { applied, expired } = r.waivers;
  if (!applied.length && !expired.length) return '<p>None.</p>';
  return `<table><thead><tr><th>waiver</th><th>reason</th><th>expires</th><th>results waived</th></tr></thead><tbody>${applied.map((w) => `<tr data-testid="waiver"><td>${esc(w.match)}</td><td>${esc(w.reason)}</td><td>${esc(w.expires)}</td><td>${w.results}</td></tr>`).join('')}${expired.map((w) => `<tr class="fail" data-testid="expired-waiver"><td>${esc(w.match)}</td><td>${esc(w.reason)}</td><td>${esc(w.expires)} (expired: fails the run)</td><td>–</td></tr>`).join('')}</tbody></table>`;
}

const list = (title: string, names: string[], open = true): string => (names.length ? `<details${open ? ' open' : ''}><summary>${esc(title)} (${names.length})</summary><ul>${names.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></details>` : '');

function baselineSection(r: ConformanceReport): string {
  const b = r.baseline;
  if (!b) return '';
  const stale = b.specHash && b.specHash !== r.specHash ? `<p class="note">The baseline was written against another spec (${esc(b.specHash.slice(0, 16))}): its names may have changed.</p>` : '';
  return `<h2>Baseline</h2>
<p data-testid="baseline">${esc(b.file)}${b.createdAt ? `, written ${esc(b.createdAt)}` : ''}: ${b.knownFailures?.length ?? '?'} known failure(s) still failing, ${b.newFailures.length} new, ${b.fixed.length} fixed. A baseline records failures a CI owner accepted as known: they are departures from the reference, reported here and not deciding the verdict; the baseline gives no reason of its own (waivers do).</p>${stale}
${list('new failures (decide the verdict)', b.newFailures)}${list('known failures (in the baseline)', b.knownFailures ?? [], false)}${list('fixed since the baseline (remove them: --update-baseline)', b.fixed)}`;
}

function completenessSection(r: ConformanceReport): string {
  const c = r.completeness;
  if (!c) return '';
  return `<h2>Required cases that did not run</h2>
${c.requiredSkipped ? `<p>${c.requiredSkipped} required case(s) did not run for want of something the run can be given. To complete it, add:</p><table data-testid="needs"><thead><tr><th>add</th><th>required cases it runs</th></tr></thead><tbody>${c.needs.map((n) => `<tr><td>${esc(n.add)}</td><td>${n.cases}</td></tr>`).join('')}</tbody></table>` : ''}
${c.other.length ? `<p>Not checked on this target (nothing added would run them; they leave the verdict as it is):</p><table data-testid="not-checked"><thead><tr><th>reason</th><th>required cases</th></tr></thead><tbody>${c.other.map((o) => `<tr><td>${esc(o.reason)}</td><td>${o.cases}</td></tr>`).join('')}</tbody></table>` : ''}`;
}

export function renderCertificate(r: ConformanceReport): string {
  const failures = r.results.filter((x) => x.status === 'failed');
  const waived = r.results.filter((x) => x.status === 'waived');
  const outcome = outcomeOf(r);
  const word = OUTCOME_WORD[outcome];
  const certified = outcome === 'pass' && !r.baseline?.knownFailures?.length && !r.summary.waived && !r.emulatorFaults?.length && r.mode !== 'lenient' && !r.shard;
  const title = certified ? 'Certificate of conformance' : 'Conformance test report';
  const ref = r.reference;
  const impl = r.implementation;
  const notes = [
    ...(r.emulatorFaults?.length ? [`<p class="note bad" data-testid="faults-note">Emulator faults were switched on (${esc(r.emulatorFaults.join(', '))}): the target departs from the reference on purpose. This run tests the harness; it certifies nothing.</p>`] : []),
    ...(r.baseline ? [`<p class="note" data-testid="gate-note">Gated by a baseline: ${r.baseline.knownFailures?.length ?? 0} known failure(s) do not decide the verdict. This says the target has not regressed; it is not a certificate of conformance.</p>`] : []),
    ...(r.summary.waived ? [`<p class="note" data-testid="waiver-note">${r.summary.waived} failure(s) waived until the dates below, with the reasons given.</p>`] : []),
    ...(r.mode === 'lenient' ? ['<p class="note">Lenient mode: the errata\'s alternative readings were accepted. Certification uses strict mode.</p>'] : []),
    ...(r.shard ? [`<p class="note">One shard (${esc(r.shard)}) of a run: merge the shards (report --merge) for the run's verdict.</p>`] : []),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>DCS conformance: ${word} (${esc(impl?.name ?? r.target.name)}, ${esc(r.profile)})</title><style>${CSS}</style></head>
<body>
<header>
<p class="issuer" data-testid="issuer">Issued by dcs-conformance ${esc(r.harnessVersion)}, the conformance suite of the DCS REST API v2</p>
<h1>${title}</h1>
<div class="verdict ${outcome}" data-testid="verdict">${word}</div>
<p class="verdict-text" data-testid="verdict-text">${esc(r.verdictText ?? word)}</p>
${notes.join('\n')}
<p class="counts"><span data-testid="passed">${r.summary.passed} passed</span><span data-testid="failed">${r.summary.failed} failed</span><span data-testid="skipped">${r.summary.skipped} skipped</span><span data-testid="waived">${r.summary.waived} waived</span></p>
</header>
<main>
<h2>Implementation under test</h2>
${kv([
  ['implementation', impl?.name ? esc(impl.name) : '<span class="skip">not named (--implementation-name, or implementation.name in the config)</span>', 'implementation'],
  ['version', impl?.version ? esc(impl.version) : '<span class="skip">not stated (--implementation-version)</span>', 'implementation-version'],
  ['endpoint', `${esc(r.target.endpoint)} <span class="skip">(${esc(r.target.kind)} target "${esc(r.target.name)}")</span>`, 'endpoint'],
])}
<h2>Judged against</h2>
${kv([
  ['reference', ref ? `${esc(ref.document)}, Issue ${esc(ref.issue)} (${esc(ref.date)}), ${esc(ref.publisher)}; chapters ${esc(ref.chapters)}` : '<span class="skip">not recorded</span>', 'reference'],
  ['spec', `${esc(ref?.title ?? 'DCS API v2')}, sha256 <code>${esc(r.specHash)}</code>`, 'spec-hash'],
  ['errata version', esc(r.errataVersion)],
  ['mode', `${esc(r.mode ?? 'strict')}${(r.mode ?? 'strict') === 'strict' ? ' (certification: errata readings judged strictly)' : ' (errata readings accepted)'}`, 'mode'],
  ['harness', `dcs-conformance ${esc(r.harnessVersion)}`, 'harness'],
  ['profile', esc(r.profile), 'profile'],
  ['seed', esc(r.seed), 'seed'],
  ['started', `${esc(r.startedAt)}, ${(r.durationMs / 1000).toFixed(1)} s${r.shard ? `, shard ${esc(r.shard)}` : ''}`, 'started'],
  ['emulator faults', r.emulatorFaults?.length ? esc(r.emulatorFaults.join(', ')) : r.target.kind === 'emulator' ? 'none' : 'not applicable (a remote target: the harness switches faults on in its embedded emulator only)', 'faults'],
  ['replay', `<code>dcs-conformance run --profile ${esc(r.profile)} --seed ${esc(r.seed)}${r.mode === 'lenient' ? ' --mode lenient' : ''}${r.target.kind === 'remote' ? ` --target ${esc(r.target.endpoint)}` : ''}${(r.emulatorFaults ?? []).map((f) => ` --emulator-fault ${esc(f)}`).join('')}</code>`],
])}
<h2>How the verdict is decided</h2>
<p>A case is <b>required</b> when the reference states what it checks (a stated rule or transition, or the operation's documented statuses and schemas), <b>advisory</b> when everything it checks is inferred by the spec (with its reasoning). FAIL: a required failure outside the baseline and waivers, an expired waiver, or a run stopped at --max-failures or broken (planned cases without a result). INCOMPLETE: required cases did not run for want of something the run can be given. PASS: everything required ran and nothing required failed. Advisory failures are reported and do not decide.</p>
<h2>Verdict per capability</h2>
<table><thead><tr><th>capability</th><th>weight</th><th>verdict</th><th>passed</th><th>failed</th><th>skipped</th><th>waived</th></tr></thead><tbody>
${r.capabilities.map((c) => { const o = c.outcome ?? c.verdict; return `<tr data-testid="capability"><td>${esc(c.name)}</td><td>${esc(c.weight ?? 'required')}</td><td class="${o}">${OUTCOME_WORD[o]}</td><td>${c.passed}</td><td>${c.failed}</td><td>${c.skipped}</td><td>${c.waived}</td></tr>`; }).join('\n')}
</tbody></table>
${completenessSection(r)}
<h2>Failures (${failures.length})</h2>
${failureRows(failures)}
${baselineSection(r)}
<h2>Waivers</h2>
${waiverRows(r)}
${waived.length ? `<details><summary>${waived.length} waived result(s)</summary><ul>${waived.map((w) => `<li>${esc(w.name)}: ${esc(w.waiver?.reason)} (until ${esc(w.waiver?.expires)})</li>`).join('')}</ul></details>` : ''}
<h2>Coverage</h2>
<table><thead><tr><th></th><th>exercised</th><th>%</th><th></th></tr></thead><tbody>
${ratioRow('operations', r.coverage.operations)}${ratioRow('documented status codes', r.coverage.statusCodes)}${ratioRow('rules', r.coverage.rules)}${ratioRow('state transitions', r.coverage.transitions)}
</tbody></table>
<h2>Operation × check</h2>
<p>Per operation, each check with its cases: ✓ passed, ✗ failed, w waived, – skipped. coverage.json has the same matrix as data.</p>
${matrix(r.results)}
<div class="sign"><div>issued (date)</div><div>for the certification body (name, signature)</div></div>
</main>
</body></html>
`;
}
