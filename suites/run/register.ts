// Registers one suite family's cases as vitest tests: named `<operationId> › <check>`, with the
// operation, section, capability, check, rules and transitions in task meta (reporters and coverage
// read them), Allure labels (epic = capability, feature = operation, story = check) and the masked
// exchanges as attachments, and a replay bundle for every failure. The context opens once per file;
// what the file made is removed after it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { loadSpec, type Spec } from '../../spec/index.ts';
import { allCases, familyOf, type Family } from '../cases/index.ts';
import { openSuite, type OpenSuite } from '../engine/context.ts';
import { bundleFile, replayBundle } from '../engine/bundle.ts';
import { runCase } from '../engine/run.ts';
import { selectCases, shardOf } from '../engine/select.ts';
import type { Case, CaseResult } from '../engine/types.ts';

declare module 'vitest' {
  interface TaskMeta {
    operationId?: string;
    section?: string;
    capability?: string;
    check?: string;
    rules?: string[];
    transitions?: string[];
    statuses?: number[];
    destructive?: boolean;
    outcome?: 'passed' | 'failed' | 'skipped';
    message?: string;
    failedRule?: string;
    reproduction?: string;
    bundle?: string;
    durationMs?: number;
  }
}

/** Per-case limit: a remote target polls for minutes; the emulator answers in milliseconds. */
const CASE_TIMEOUT_MS = 30 * 60_000;

/** Labels and attachments for Allure (a no-op when the Allure setup file is not loaded). */
async function toAllure(spec: Spec, c: Case, r: CaseResult): Promise<void> {
  const op = spec.operation(c.operationId);
  await allure.epic(op.capability);
  await allure.feature(c.operationId);
  await allure.story(c.check);
  await allure.label('section', c.section);
  for (const rule of c.rules) await allure.label('rule', rule);
  for (const [i, ex] of r.exchanges.entries()) {
    await allure.step(`${i + 1}. ${ex.request.method} ${new URL(ex.request.url).pathname} -> ${ex.response?.status ?? ex.error?.code}`, async () => {
      await allure.attachment('request', `${ex.request.method} ${ex.request.url}\n${Object.entries(ex.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${ex.request.body}`, 'text/plain');
      if (ex.response) await allure.attachment('response', `${ex.response.status}\n${Object.entries(ex.response.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${ex.response.text}`, 'text/plain');
    });
  }
}

export async function registerFamily(family: Family): Promise<void> {
  const spec = await loadSpec();
  const run = inject('run');
  const target = inject('target');
  // Selection and shard are computed over every family, so slices of one run never overlap.
  const cases = shardOf(selectCases(allCases(spec), { profile: run.profile, only: run.only }), run.shard).filter((c) => familyOf(c) === family);
  let open: OpenSuite;
  beforeAll(async () => {
    open = await openSuite(target, { spec, profile: run.profile, seed: run.seed, ...(run.runs ? { runs: run.runs } : {}), allowDestructive: run.allowDestructive, runId: `${run.runId}${family.slice(0, 2)}`, mode: run.mode });
  });
  afterAll(async () => {
    const left = await open?.close();
    if (left?.length) console.warn(`${family}: left in place: ${left.join('; ')}`);
  });
  for (const c of cases) {
    const meta = { operationId: c.operationId, section: c.section, capability: spec.operation(c.operationId).capability, check: c.check, rules: c.rules, ...(c.transitions ? { transitions: c.transitions } : {}), statuses: c.statuses, destructive: c.destructive };
    test(c.name, { timeout: CASE_TIMEOUT_MS, meta }, async (t) => {
      const r = await runCase(c, open.ctx);
      Object.assign(t.task.meta, { outcome: r.status, durationMs: r.durationMs, ...(r.message ? { message: r.message } : {}), ...(r.rule ? { failedRule: r.rule } : {}), ...(r.reproduction ? { reproduction: r.reproduction } : {}) });
      await toAllure(spec, c, r);
      if (r.status === 'failed') {
        const file = bundleFile(c.name);
        mkdirSync(join(run.reportDir, 'bundles'), { recursive: true });
        writeFileSync(join(run.reportDir, file), `${JSON.stringify(replayBundle(spec, c, r, { ...run, target }), null, 2)}\n`);
        t.task.meta.bundle = file;
        throw new Error(r.message);
      }
      if (r.status === 'skipped') t.skip(r.message);
    });
  }
  if (!cases.length) test.skip(`${family}: no case selected`, () => {});
}
