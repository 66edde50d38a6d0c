// A target without the emulator's control clock, as a real endpoint is: the emulator with its
// control API switched off and time running 2000× faster. The suite must poll instead of moving time,
// skip destructive cases unless allowed, and still judge transitions.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { defaultConfig } from '../../emulator/core/config.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { allCases } from '../index.ts';
import { openSuite } from './context.ts';
import { runCases } from './run.ts';
import { selectCases } from './select.ts';
import { serveControl, startTarget, type TargetDescriptor } from './target.ts';
import { LANE_FOOTPRINT, VIRTUAL_CLOCK_LANES } from './lanes.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const spec = await loadSpec();
let emu: RunningEmulator;
let target: TargetDescriptor;

beforeAll(async () => {
  emu = await startEmulator({ seed: 3, clock: { kind: 'scaled', factor: 2000 }, config: { ...defaultConfig(3), controlApi: false } });
  target = { kind: 'remote', name: 'fast-emulator', endpoint: emu.url, projectId: emu.projectId, credentials: { token: emu.token }, principals: {}, poll: { timeoutMs: 20_000, intervalMs: 20 }, consistency: { readLagMs: 0 }, concurrency: 1, headers: { 'x-project-id': emu.projectId } };
});
afterAll(() => emu.close());

describe('a target without a control clock', () => {
  test('smoke: non-destructive cases pass, destructive ones are skipped and say why', async () => {
    const { ctx, close } = await openSuite(target, { spec, profile: 'smoke', seed: 11 });
    expect(ctx.clock.virtual).toBe(false);
    const results = await runCases(selectCases(allCases(spec), { profile: 'smoke' }), ctx);
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => /--allow-destructive/.test(r.message ?? ''))).toBe(true);
    expect(results.some((r) => r.status === 'passed')).toBe(true);
    expect(await close()).toEqual([]);
  });

  test('with --allow-destructive, transitions are judged by polling (via-or-to, then to)', async () => {
    const { ctx, close } = await openSuite(target, { spec, profile: 'full', seed: 12, allowDestructive: true });
    const picked = selectCases(allCases(spec), { profile: 'full', only: ['state.transition'] });
    const results = await runCases(picked, ctx);
    expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
    expect(results.length).toBe(spec.rules.states.data.transitions.length);
    await close();
  });
});

describe('opening a remote target', () => {
  test('an emulator started apart is run in virtual time: its control API is found; control: false never looks', async () => {
    const withControl = await startEmulator({ seed: 4, clock: { kind: 'manual' } });
    try {
      const env = { DCS_ENDPOINT: withControl.url, DCS_PROJECT_ID: withControl.projectId, DCS_TOKEN: withControl.token };
      const found = await startTarget({ env, cwd: tmpdir() });
      expect(found.descriptor.control).toBe(withControl.url);
      expect(found.descriptor.concurrency).toBe(VIRTUAL_CLOCK_LANES);
      expect(found.descriptor.consistency.readLagMs).toBe(0);
      expect(await serveControl(emu.url, 2_000)).toBe(false);
    } finally {
      await withControl.close();
    }
  });

  test("lanes are fitted to the tenant's instance quota, and the run is told why", async () => {
    const small = await startEmulator({ seed: 5, config: { ...defaultConfig(5), controlApi: false, projects: defaultConfig(5).projects.map((p) => ({ ...p, quota: { ...p.quota, instances: 20 } })) } });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'dcs-lanes-'));
      writeFileSync(join(dir, 'dcs-conformance.config.json'), JSON.stringify({ target: 't', targets: { t: { kind: 'remote', endpoint: small.url, projectId: small.projectId, auth: { token: small.token }, concurrency: 8 } } }));
      const t = await startTarget({ cwd: dir, env: {} });
      expect(t.descriptor.concurrency).toBe(Math.floor(20 / LANE_FOOTPRINT));
      expect(t.descriptor.notes?.join(' ')).toMatch(/concurrency 8 lowered to 3: the tenant has 20 instance\(s\) of quota left/);
    } finally {
      await small.close();
    }
  });
});
