// The driver's settle on a control clock: sent only when something since the last one may have left
// work on the clock, and then the work is done.
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { openSuite } from './context.ts';
import { ClockWork } from './driver.ts';
import { startTarget } from './target.ts';

const spec = await loadSpec();
const at = (method: string, path = '/v2/p/instances') => ({ method, url: `http://127.0.0.1:1${path}` });

describe('ClockWork', () => {
  test('dirty until a settle leaves nothing pending; reads, refusals and the settle itself keep it clean', () => {
    const w = new ClockWork();
    expect(w.mayBePending).toBe(true);
    const done = w.settling();
    w.sent(at('POST', '/__emulator/clock/settle'), 200);
    done(0);
    expect(w.mayBePending).toBe(false);
    w.sent(at('GET'), 200);
    w.sent(at('HEAD'), 200);
    w.sent(at('POST'), 400);
    w.sent(at('DELETE'), 404);
    w.sent(at('PUT'), 429);
    expect(w.mayBePending).toBe(false);
  });

  test('a write that may have started work makes it dirty: answered 2xx or 5xx, or not answered at all', () => {
    for (const [method, status] of [['POST', 200], ['DELETE', 204], ['PUT', 500], ['POST', undefined], ['POST', 302]] as const) {
      const w = new ClockWork();
      w.settling()(0);
      w.sent(at(method), status);
      expect(w.mayBePending, `${method} answered ${status}`).toBe(true);
    }
  });

  test('a settle that left work pending, or a write answered while a settle was on its way, keeps it dirty', () => {
    const w = new ClockWork();
    w.settling()(2);
    expect(w.mayBePending).toBe(true);
    const done = w.settling();
    w.sent(at('POST'), 202);
    done(0);
    expect(w.mayBePending).toBe(true);
    w.settling()(0);
    expect(w.mayBePending).toBe(false);
  });
});

test('on the embedded emulator, a settle after reads only sends nothing, and one after a write finishes its work', async () => {
  const started = await startTarget({ env: {}, cwd: '/' });
  const { ctx, close } = await openSuite(started.descriptor, { spec, seed: 1, runId: 'settles' });
  const settles = () => ctx.exchanges.take().filter((e) => e.request.url.endsWith('/__emulator/clock/settle')).length;
  try {
    const made = await ctx.scenario.main();
    await ctx.clock.settle();
    settles();
    await ctx.client.call('ShowInstance', { params: { instance_id: made.id } });
    await ctx.clock.settle();
    await ctx.clock.settle();
    expect(settles(), 'settles sent after reads only').toBe(0);
    const restart = await ctx.client.call('RestartOrFlushInstances', { json: { instances: [made.id], action: 'restart' } });
    expect(restart.status).toBeLessThan(300);
    expect((await ctx.client.call('ShowInstance', { params: { instance_id: made.id } })).json).toMatchObject({ status: 'RESTARTING' });
    await ctx.clock.settle();
    expect(settles(), 'settles sent after a write').toBe(1);
    expect((await ctx.client.call('ShowInstance', { params: { instance_id: made.id } })).json).toMatchObject({ status: 'RUNNING' });
  } finally {
    await close();
    await started.close();
  }
});
