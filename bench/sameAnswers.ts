// The emulator of this tree and the emulator of another git ref answer the same requests the same,
// byte for byte: the guard of a performance change that must not change behaviour (issue 17: answers
// cached as bytes, per store epoch). Both start with one seed and a manual clock; the same sequence
// goes to each: every GET operation of the spec with query variations (none, a valid value and an
// invalid one per parameter), in passes separated by writes (every other operation, its request
// example as body) and clock advances, so cached answers must follow each epoch; plus credentials
// and routing oddities (no token, another user's, read-only writes, unknown URL, wrong method,
// bad percent-encoding, an AK/SK signature). Status, headers (Date aside) and body bytes are compared.
//   npm run bench:same-answers -- --baseline REF [--passes 3] [--instances 6]
// Exit code 1 and the first differences when any answer differs.
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { authorizationHeader, canonicalRequest, formatSdkDate, signature, stringToSign } from '../common/signing/sdkHmacSha256.ts';
import { createInstanceBody } from '../harness/index.ts';
import { loadSpec, type OperationInfo } from '../spec/index.ts';
import { checkoutRef } from './lib/baseline.ts';
import { spawnEmulator, type EmulatorProcess } from './lib/emulator.ts';
import { machine } from './lib/machine.ts';
import { table, writeReport } from './lib/report.ts';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, passes: { type: 'string', default: '3' }, instances: { type: 'string', default: '6' } } });
if (!values.baseline) {
  console.error('usage: npm run bench:same-answers -- --baseline REF [--passes 3] [--instances 6]');
  process.exit(2);
}
const m = machine();
const spec = await loadSpec();
const checkout = checkoutRef(values.baseline);
const ours = await spawnEmulator({ quotaInstances: 1_000 });
const theirs = await spawnEmulator({ quotaInstances: 1_000, root: checkout.root });
const pools = [new Pool(ours.url, { connections: 1 }), new Pool(theirs.url, { connections: 1 })];
const cfg = ours.config;
const [admin, readonly] = [cfg.users[0]!, cfg.users[1]!];
const project = ours.projectId;

interface Req { label: string; method: string; path: string; headers?: Record<string, string>; body?: string }
interface Answer { status: number; headers: Record<string, string>; body: string }
const IGNORED_HEADERS = new Set(['date']);

async function send(pool: Pool, r: Req): Promise<Answer> {
  // An empty x-auth-token in a request's headers: send none at all.
  const headers = Object.fromEntries(Object.entries({ 'x-auth-token': admin.token, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers }).filter(([, v]) => v !== ''));
  const res = await pool.request({ method: r.method as 'GET', path: r.path, headers, ...(r.body !== undefined ? { body: r.body } : {}) });
  const kept = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !IGNORED_HEADERS.has(k)).map(([k, v]) => [k, String(v)]));
  return { status: res.statusCode, headers: kept, body: await res.body.text() };
}

let sent = 0;
const differences: { label: string; ours: Answer; theirs: Answer }[] = [];
const byStatus: Record<string, number> = {};
/** Sends to both, compares, returns our answer. */
async function both(r: Req): Promise<Answer> {
  const [a, b] = [await send(pools[0]!, r), await send(pools[1]!, r)];
  sent++;
  byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  if (a.status !== b.status || a.body !== b.body || JSON.stringify(a.headers) !== JSON.stringify(b.headers)) differences.push({ label: `${r.label}: ${r.method} ${r.path}`, ours: a, theirs: b });
  return a;
}

// Ids seen in answers (task_id, job_id, report_id…), to fill path parameters of later passes.
const seen = new Map<string, string[]>();
function harvest(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(harvest);
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && k.endsWith('_id')) seen.set(k, [...(seen.get(k) ?? []), v].slice(-4));
    else harvest(v);
  }
}
const json = (a: Answer) => {
  try {
    return JSON.parse(a.body) as unknown;
  } catch {
    return undefined;
  }
};

function pathOf(op: OperationInfo, instance: string, variant: number): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'project_id') return project;
    if (name === 'instance_id') return instance;
    const known = seen.get(name);
    return known?.length ? known[variant % known.length]! : `${name.replace(/_id$/, '')}-0000`;
  });
}

/** A valid-looking and an invalid value of a query parameter, from its schema. */
function queryValues(schema: Record<string, unknown>): string[] {
  const type = [schema.type].flat()[0];
  const good = schema.enum ? String((schema.enum as unknown[])[0]) : schema.default !== undefined ? String(schema.default) : schema.example !== undefined ? String(schema.example) : type === 'integer' || type === 'number' ? String(schema.minimum ?? 1) : type === 'boolean' ? 'true' : 'emulator';
  const bad = type === 'integer' || type === 'number' ? '-99999999' : type === 'boolean' ? 'maybe' : 'x'.repeat(300);
  return [good, bad];
}

const gets = spec.operations.filter((o) => o.method === 'GET');
const writes = spec.operations.filter((o) => o.method !== 'GET' && o.id !== 'CreateInstance' && o.id !== 'BatchDeleteInstances');
const ADVANCE = '/__emulator/clock/advance?ms=';

// Instances to read and write.
const instances: string[] = [];
for (let i = 0; i < Number(values.instances); i++) {
  const a = await both({ label: 'create', method: 'POST', path: `/v2/${project}/instances`, body: JSON.stringify(createInstanceBody(spec, { name: `same-${i}`, ...(i % 3 === 2 ? { cache_mode: 'single' } : {}) })) });
  for (const x of (json(a) as { instances?: { instance_id: string }[] } | undefined)?.instances ?? []) instances.push(x.instance_id);
}
for (let pass = 0; pass < Number(values.passes); pass++) {
  // Reads: every GET, its query variations, against two instances.
  for (const op of gets) {
    for (const [k, inst] of [instances[pass % instances.length]!, instances[(pass + 1) % instances.length]!].entries()) {
      const path = pathOf(op, inst, k);
      harvest(json(await both({ label: `pass ${pass} ${op.id}`, method: 'GET', path })));
      if (k) continue;
      for (const p of op.parameters.filter((x) => x.in === 'query')) for (const v of queryValues(p.schema)) await both({ label: `pass ${pass} ${op.id} ?${p.name}`, method: 'GET', path: `${path}?${p.name}=${encodeURIComponent(v)}` });
    }
  }
  // Writes: each operation once with its request example, on one instance; then time moves.
  for (const [n, op] of writes.entries()) {
    const inst = instances[(pass + n) % instances.length]!;
    const example = op.requestBody?.examples[0]?.value;
    harvest(json(await both({ label: `pass ${pass} write ${op.id}`, method: op.method, path: pathOf(op, inst, n), ...(op.requestBody ? { body: JSON.stringify(example ?? {}) } : {}) })));
    if (n % 10 === 9) await both({ label: `pass ${pass} a read between writes`, method: 'GET', path: `/v2/${project}/instances?offset=0&limit=10&include_failure=true` });
  }
  await both({ label: `pass ${pass} clock`, method: 'POST', path: `${ADVANCE}${pass === 0 ? 15_000 : 120_000}` });
}
// Credentials and routing.
const listPath = `/v2/${project}/instances?limit=5`;
const date = formatSdkDate(Date.now());
const signedHeaders = ['host', 'x-sdk-date'];
const host = new URL(ours.url).host;
const sig = (h: string) => signature(admin.sk, stringToSign(canonicalRequest({ method: 'GET', path: `/v2/${project}/instances`, query: [['limit', '5']], headers: { host: h, 'x-sdk-date': date }, signedHeaders, body: '' }), date));
for (const r of [
  { label: 'no credentials', method: 'GET', path: listPath, headers: { 'x-auth-token': '' } },
  { label: 'unknown token', method: 'GET', path: listPath, headers: { 'x-auth-token': 'tok-nobody' } },
  { label: 'read-only user reads', method: 'GET', path: listPath, headers: { 'x-auth-token': readonly.token } },
  { label: 'read-only user writes', method: 'PUT', path: `/v2/${project}/instances/${instances[0]}`, headers: { 'x-auth-token': readonly.token }, body: '{"name":"nope"}' },
  { label: 'another project', method: 'GET', path: `/v2/${cfg.projects[1]!.id}/instances` },
  { label: 'unknown URL', method: 'GET', path: '/v2/nothing-here' },
  { label: 'wrong method', method: 'PATCH', path: `/v2/${project}/instances` },
  { label: 'bad percent-encoding', method: 'GET', path: `/v2/${project}/instances/%E0%A4%A` },
  { label: 'bad percent-encoding in the query', method: 'GET', path: `/v2/${project}/instances?name=%E0%A4%A` },
  { label: 'malformed JSON', method: 'PUT', path: `/v2/${project}/instances/${instances[0]}`, body: '{"name":' },
]) await both(r as Req);
// A signature names the host, which differs between the two: each gets its own, and both must accept.
const signed = await Promise.all([ours, theirs].map(async (e: EmulatorProcess, i) => {
  const h = new URL(e.url).host;
  const res = await pools[i]!.request({ method: 'GET', path: listPath, headers: { host: h, 'x-sdk-date': date, authorization: authorizationHeader(admin.ak, signedHeaders, sig(h)) } });
  return { status: res.statusCode, body: await res.body.text() };
}));
sent++;
if (signed[0]!.status !== signed[1]!.status || signed[0]!.body !== signed[1]!.body) differences.push({ label: `AK/SK signed GET (host ${host})`, ours: { ...signed[0]!, headers: {} }, theirs: { ...signed[1]!, headers: {} } });

for (const p of pools) await p.close();
await ours.stop();
await theirs.stop();
checkout.remove();

console.log(`${sent} requests to the emulator of this tree and of ${checkout.ref} (${checkout.commit.slice(0, 9)}), one seed, a manual clock; our statuses: ${Object.entries(byStatus).map(([s, n]) => `${s}×${n}`).join(', ')}`);
if (differences.length) {
  console.log(`\n${differences.length} DIFFERENT answers (first 10):\n`);
  const cut = (a: Answer) => `${a.status} ${JSON.stringify(a.headers)} ${a.body.slice(0, 160)}`;
  console.log(table(['request', 'ours', 'theirs'], differences.slice(0, 10).map((d) => [d.label, cut(d.ours), cut(d.theirs)])));
} else console.log('every answer the same: status, headers (Date aside) and body bytes');
writeReport('same-answers', m, { baseline: { ref: checkout.ref, commit: checkout.commit }, requests: sent, statuses: byStatus, differences: differences.slice(0, 50) });
process.exitCode = differences.length ? 1 : 0;
