// A target without the emulator's control clock, as a real endpoint is: the emulator with its
// control API switched off and time running 2000× faster. The suite must poll instead of moving time,
// skip destructive cases unless allowed, and still judge transitions.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { defaultConfig } from '../../emulator/core/config.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { allCases } from '../cases/index.ts';
import { openSuite } from './context.ts';
import { runCases } from './run.ts';
import { selectCases } from './select.ts';
import type { TargetDescriptor } from './target.ts';

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
