// The driver's settle on a control clock: sent only when something since the last one may have left
// work on the clock, and then the work is done.
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../harness/index.ts';
import { loadSpec } from '../../spec/index.ts';
import { openSuite } from './context.ts';
import { PENDING_HEADER, SEQ_HEADER, SETTLE_HEADER } from '../../emulator/index.ts';
import { ClockWork } from './driver.ts';
import { startTarget } from './target.ts';

const spec = await loadSpec();

const at = (method: string, path = '/v2/p/instances', headers: Record<string, string> = {}) => ({ method, url: `http://127.0.0.1:1${path}`, headers });
const answered = (request: ReturnType<typeof at>, status?: number, headers: Record<string, string> = {}) => ({ request, ...(status === undefined ? {} : { response: { status, headers } }) });

describe('ClockWork', () => {
  test('dirty until a settle leaves nothing pending; reads, refusals and the settle itself keep it clean', () => {
    const w = new ClockWork();
    expect(w.mayBePending).toBe(true);
    const done = w.settling();
    w.sent(answered(at('POST', '/__emulator/clock/settle'), 200));
    done(0);
    expect(w.mayBePending).toBe(false);
    w.sent(answered(at('GET'), 200));
    w.sent(answered(at('HEAD'), 200));
    w.sent(answered(at('POST'), 400));
    w.sent(answered(at('DELETE'), 404));
    w.sent(answered(at('PUT'), 429));
    expect(w.mayBePending).toBe(false);
  });

  test('a write that may have started work makes it dirty: answered 2xx or 5xx, or not answered at all', () => {
    for (const [method, status] of [['POST', 200], ['DELETE', 204], ['PUT', 500], ['POST', undefined], ['POST', 302]] as const) {
      const w = new ClockWork();
      w.settling()(0);
      w.sent(answered(at(method), status));
      expect(w.mayBePending, `${method} answered ${status}`).toBe(true);
    }
  });

  test('a settle that left work pending, or a write answered while a settle was on its way, keeps it dirty', () => {
    const w = new ClockWork();
    w.settling()(2);
    expect(w.mayBePending).toBe(true);
    const done = w.settling();
    w.sent(answered(at('POST'), 202));
    done(0);
    expect(w.mayBePending).toBe(true);
    w.settling()(0);
    expect(w.mayBePending).toBe(false);
  });

  test('a target that numbers its answers: the pending count of the newest answer holds, whatever order answers arrive in', () => {
    const w = new ClockWork();
    const counted = (n: number, pending: number) => ({ [SEQ_HEADER]: String(n), [PENDING_HEADER]: String(pending) });
    w.sent(answered(at('POST'), 200, counted(1, 0)));
    expect(w.mayBePending, 'a write that left nothing').toBe(false);
    w.sent(answered(at('GET'), 200, counted(3, 2)));
    expect(w.mayBePending, 'a read while work is pending').toBe(true);
    w.sent(answered(at('GET'), 200, counted(2, 0)));
    expect(w.mayBePending, 'an older answer arriving late').toBe(true);
    w.sent(answered(at('GET'), 200, counted(4, 0)));
    expect(w.mayBePending).toBe(false);
    w.sent(answered(at('POST')));
    expect(w.mayBePending, 'a write not answered').toBe(true);
  });

  test('a settle rides on the next request once the target numbers its answers; the debt is paid by a request that carried it or a newer answer with nothing pending', () => {
    const w = new ClockWork();
    // A target that never said how much is pending gets the settle sent.
    expect(w.owe()).toBe(false);
    expect(w.headers()).toBeUndefined();
    w.sent(answered(at('POST'), 202, { [SEQ_HEADER]: '5', [PENDING_HEADER]: '1' }));
    expect(w.owe()).toBe(true);
    expect(w.headers()).toEqual({ [SETTLE_HEADER]: '5' });
    // Not answered (a reset): still owed, the retry carries it again.
    w.sent(answered(at('GET', '/v2/p/instances', { [SETTLE_HEADER]: '5' })));
    expect(w.headers()).toEqual({ [SETTLE_HEADER]: '5' });
    // The request that carried it started work of its own: paid, and that work is not settled.
    w.sent(answered(at('POST', '/v2/p/instances', { [SETTLE_HEADER]: '5' }), 200, { [SEQ_HEADER]: '6', [PENDING_HEADER]: '1' }));
    expect([w.headers(), w.mayBePending]).toEqual([undefined, true]);
  });

  test('lanes at once: a request that carried an older debt does not pay a newer one; a newer answer with nothing pending does', () => {
    const w = new ClockWork();
    w.sent(answered(at('POST'), 202, { [SEQ_HEADER]: '5', [PENDING_HEADER]: '1' }));
    w.owe();
    // Lane A sends a request carrying the debt of answer 5; lane B's write is answered 7, and B owes too.
    w.sent(answered(at('POST'), 202, { [SEQ_HEADER]: '7', [PENDING_HEADER]: '1' }));
    w.owe();
    // A's request was answered later (8) with work still pending: the server may have settled before B's write.
    w.sent(answered(at('GET', '/v2/p/instances', { [SETTLE_HEADER]: '5' }), 200, { [SEQ_HEADER]: '8', [PENDING_HEADER]: '1' }));
    expect(w.headers()).toEqual({ [SETTLE_HEADER]: '7' });
    w.sent(answered(at('GET'), 200, { [SEQ_HEADER]: '9', [PENDING_HEADER]: '0' }));
    expect([w.headers(), w.mayBePending]).toEqual([undefined, false]);
  });
});

test('on the embedded emulator, a settle after reads only sends nothing, and one after a write rides on the next request, which sees the work done', async () => {
  const started = await startTarget({ env: {}, cwd: '/' });
  const { ctx, close } = await openSuite(started.descriptor, { spec, seed: 1, runId: 'settles' });
  const taken = () => ctx.exchanges.take();
  const settles = (xs: Exchange[]) => xs.filter((e) => e.request.url.endsWith('/__emulator/clock/settle')).length;
  const carried = (xs: Exchange[]) => xs.filter((e) => e.request.headers[SETTLE_HEADER] !== undefined).length;
  try {
    const made = await ctx.scenario.main();
    await ctx.clock.settle();
    await ctx.client.call('ShowInstance', { params: { instance_id: made.id } });
    taken();
    await ctx.client.call('ShowInstance', { params: { instance_id: made.id } });
    await ctx.clock.settle();
    await ctx.clock.settle();
    await ctx.client.call('ShowInstance', { params: { instance_id: made.id } });
    let xs = taken();
    expect([settles(xs), carried(xs)], 'settles sent or carried after reads only').toEqual([0, 0]);
    const restart = await ctx.client.call('RestartOrFlushInstances', { json: { instances: [made.id], action: 'restart' } });
    expect(restart.status).toBeLessThan(300);
    expect((await ctx.client.call('ShowInstance', { params: { instance_id: made.id } })).json).toMatchObject({ status: 'RESTARTING' });
    await ctx.clock.settle();
    const after = await ctx.client.call('ShowInstance', { params: { instance_id: made.id } });
    expect(after.json).toMatchObject({ status: 'RUNNING' });
    xs = taken();
    expect([settles(xs), carried(xs)], 'a settle after a write: none sent, the next request carries it').toEqual([0, 1]);
    expect(xs.at(-1)!.request.headers[SETTLE_HEADER]).toMatch(/^\d+$/);
  } finally {
    await close();
    await started.close();
  }
});
