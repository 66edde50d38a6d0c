// Waiting like a real client, on a fake target and a fake clock: what a request starts, when a read
// can be trusted, how each wait ends (done, failed, gone, timed out), behaviours found stuck, and
// busy refusals of needed steps.
import { describe, expect, test } from 'vitest';
import { loadSpec, type OperationInfo } from '../../spec/index.ts';
import { StuckDependencyError, WaitTimeoutError } from '../errors.ts';
import { busyCode, retryWhileBusy } from './busy.ts';
import { PendingWork } from './pending.ts';
import { settleWork, type Reader } from './settle.ts';
import { StuckBehaviours } from './stuck.ts';

const spec = await loadSpec();
const op = (id: string) => spec.operation(id);
const sent = (params: Record<string, string> = {}, body?: unknown, query: Record<string, unknown> = {}) => ({ params: { project_id: 'p', ...params }, query, body });

/** A clock that moves only when the code under test sleeps. */
function fakeTime() {
  let t = 1_000_000;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (slept.push(ms), (t += ms)), slept };
}

/** Pending work holding one manual backup `id` of instance i, as CopyInstance's answer starts it. */
const backupStarted = (now: () => number) => (id: string) => {
  const work = new PendingWork(spec, now);
  work.observe(op('CopyInstance'), sent({ instance_id: 'i' }, {}), { status: 200, json: { backup_id: id } });
  return work;
};
/** Backup records that never leave their running status. */
const backing = async () => ({ status: 200, json: { backup_record_response: [{ backup_id: 'b1', status: 'backuping' }, { backup_id: 'b2', status: 'backuping' }] } });

describe('what a request starts', () => {
  test('an accepted create starts its instances; a read starts nothing; a refused write starts nothing but moves the window', () => {
    const time = fakeTime();
    const work = new PendingWork(spec, time.now);
    work.observe(op('ListInstances'), sent(), { status: 200, json: { instances: [{ instance_id: 'x' }] } });
    expect(work.pending()).toEqual([]);
    expect(work.lastWriteAt).toBe(Number.NEGATIVE_INFINITY);
    work.observe(op('CreateInstance'), sent(), { status: 400, json: { error_code: 'DCS.4063' } });
    expect(work.pending()).toEqual([]);
    expect(work.lastWriteAt).toBe(time.now());
    work.observe(op('CreateInstance'), sent(), { status: 200, json: { instances: [{ instance_id: 'a' }, { instance_id: 'b' }] } });
    expect(work.pending().map((w) => `${w.resource.id}:${w.id}:${w.expectGone}`)).toEqual(['instance:a:false', 'instance:b:false']);
  });

  test('a batch delete ends only the instances its answer says it deleted; a single delete ends its instance', () => {
    const work = new PendingWork(spec);
    work.observe(op('BatchDeleteInstances'), sent({}, { instances: ['a', 'b'] }), { status: 200, json: { results: [{ instance: 'a', result: 'success' }, { instance: 'b', result: 'failed' }] } });
    const gone = work.pending().filter((w) => w.expectGone).map((w) => w.id);
    expect(gone).toEqual(['a']);
    work.observe(op('DeleteSingleInstance'), sent({ instance_id: 'c' }), { status: 204, json: undefined });
    expect(work.pending().find((w) => w.id === 'c')?.expectGone).toBe(true);
  });

  test('sub-resources are read where the lifecycle says, with the starting request\'s values; any job_id is a job', () => {
    const work = new PendingWork(spec);
    work.observe(op('CopyInstance'), sent({ instance_id: 'i1' }, {}), { status: 200, json: { backup_id: 'b1' } });
    work.observe(op('UpdateSslSwitch'), sent({ instance_id: 'i2' }, { enabled: true }), { status: 200, json: { job_id: 'j1', instance_id: 'i2' } });
    work.observe(op('CreateRedislog'), sent({ instance_id: 'i3' }, undefined, { log_type: 'run' }), { status: 204, json: undefined });
    const by = (r: string) => work.pending().find((w) => w.resource.id === r)!;
    expect(by('backup')).toMatchObject({ id: 'b1', path: { instance_id: 'i1' } });
    expect(by('job')).toMatchObject({ id: 'j1', path: { job_id: 'j1' } });
    expect(by('run-logs')).toMatchObject({ id: 'i3', query: { log_type: 'run' } });
  });

  test('a cleanup\'s request is background work: not awaited by settle(), and it does not move the window', () => {
    const work = new PendingWork(spec);
    work.observe(op('DeleteSingleInstance'), sent({ instance_id: 'c' }), { status: 204, json: undefined }, { background: true });
    expect(work.pending()).toEqual([]);
    expect(work.pending(true).map((w) => w.id)).toEqual(['c']);
    expect(work.lastWriteAt).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('settling', () => {
  const statuses = (seq: string[]): Reader => {
    let i = 0;
    return async () => ({ status: 200, json: { status: seq[Math.min(i++, seq.length - 1)] } });
  };
  const settings = { timeoutMs: 10_000, intervalMs: 1_000, readLagMs: 500 };

  test('reads only after the read lag has passed since the last write, then polls quickly at first, until the status is an end', async () => {
    const time = fakeTime();
    const work = new PendingWork(spec, time.now);
    work.observe(op('RestartOrFlushInstances'), sent({}, { instances: ['i'], action: 'restart' }), { status: 200, json: { results: [{ instance: 'i', result: 'success' }] } });
    const reads: number[] = [];
    const seq = statuses(['RESTARTING', 'RESTARTING', 'RUNNING']);
    const records = await settleWork({ spec, work, read: async (...a) => (reads.push(time.now()), seq(...a)), settings, stuck: new StuckBehaviours(), who: () => 'case', now: time.now, sleep: time.sleep });
    expect(reads[0]! - work.lastWriteAt).toBeGreaterThanOrEqual(500);
    expect(time.slept.slice(1)).toEqual([100, 160]);
    expect(records).toEqual([expect.objectContaining({ from: 'RESTARTING', to: 'RUNNING', reads: 3 })]);
    expect(work.pending()).toEqual([]);
    expect(work.outcome('instance', 'i')).toEqual({ phase: 'done', status: 'RUNNING' });
  });

  test('a delete ends when the read says not found, not when the instance still reads RUNNING', async () => {
    const time = fakeTime();
    const work = new PendingWork(spec, time.now);
    work.observe(op('DeleteSingleInstance'), sent({ instance_id: 'i' }), { status: 204, json: undefined });
    const notFound = spec.rules.protocol('resource.instance-not-found');
    const answers = [{ status: 200, json: { status: 'RUNNING' } }, { status: 200, json: { status: 'DELETING' } }, { status: notFound.status!, json: { error_code: notFound.errorCode } }];
    let i = 0;
    await settleWork({ spec, work, read: async () => answers[i++]!, settings, stuck: new StuckBehaviours(), who: () => 'case', now: time.now, sleep: time.sleep });
    expect(i).toBe(3);
    expect(work.outcome('instance', 'i')?.phase).toBe('gone');
  });

  test('work that never ends fails its wait once; the next wait for the same behaviour fails at once, naming the case that found it', async () => {
    const time = fakeTime();
    const stuck = new StuckBehaviours();
    const start = backupStarted(time.now);
    const first = settleWork({ spec, work: start('b1'), read: backing, settings, stuck, who: () => 'CopyInstance › positive', now: time.now, sleep: time.sleep });
    await expect(first).rejects.toBeInstanceOf(WaitTimeoutError);
    const t0 = time.now();
    const second = settleWork({ spec, work: start('b2'), read: backing, settings, stuck, who: () => 'another case', now: time.now, sleep: time.sleep });
    await expect(second).rejects.toThrow(StuckDependencyError);
    await expect(settleWork({ spec, work: start('b3'), read: backing, settings, stuck, who: () => 'x', now: time.now, sleep: time.sleep })).rejects.toThrow(/never completed in "CopyInstance › positive"/);
    // No timeout paid again (only the read lag).
    expect(time.now() - t0).toBeLessThan(settings.timeoutMs);
  });

  test('two waits for the same stuck behaviour: the one that times out while the other found it points to it', async () => {
    const time = fakeTime();
    const stuck = new StuckBehaviours();
    const start = backupStarted(time.now);
    const t0 = time.now();
    let other = false;
    // While this wait's last read is on its way, the other wait times out and marks the behaviour stuck.
    const slowRead = async () => {
      if (!other && time.now() - t0 >= settings.timeoutMs) {
        other = true;
        await expect(settleWork({ spec, work: start('b1'), read: backing, settings, stuck, who: () => 'CopyInstance › positive', now: time.now, sleep: time.sleep })).rejects.toBeInstanceOf(WaitTimeoutError);
      }
      return backing();
    };
    await expect(settleWork({ spec, work: start('b2'), read: slowRead, settings, stuck, who: () => 'another case', now: time.now, sleep: time.sleep })).rejects.toThrow(/never completed in "CopyInstance › positive"/);
  });

  test('a collection settles when none of its items is pending; a failed status ends the wait as failed', async () => {
    const time = fakeTime();
    const work = new PendingWork(spec, time.now);
    work.observe(op('CreateAclAccount'), sent({ instance_id: 'i' }, {}), { status: 200, json: undefined });
    const lists = [[{ status: 'CREATING' }, { status: 'AVAILABLE' }], [{ status: 'AVAILABLE' }, { status: 'AVAILABLE' }]];
    let i = 0;
    // Any write on an instance also waits for the instance itself: it reads RUNNING.
    const read: Reader = async (o) => (o.id === 'ShowInstance' ? { status: 200, json: { status: 'RUNNING' } } : { status: 200, json: { accounts: lists[i++] } });
    await settleWork({ spec, work, read, settings, stuck: new StuckBehaviours(), who: () => 'case', now: time.now, sleep: time.sleep });
    expect(i).toBe(2);
    const backup = new PendingWork(spec, time.now);
    backup.observe(op('CopyInstance'), sent({ instance_id: 'i' }, {}), { status: 200, json: { backup_id: 'b' } });
    await settleWork({ spec, work: backup, read: async (o) => (o.id === 'ShowInstance' ? { status: 200, json: { status: 'RUNNING' } } : { status: 200, json: { backup_record_response: [{ backup_id: 'b', status: 'failed' }] } }), settings, stuck: new StuckBehaviours(), who: () => 'case', now: time.now, sleep: time.sleep });
    expect(backup.outcome('backup', 'b')).toEqual({ phase: 'failed', status: 'failed' });
  });
});

describe('busy refusals of a needed step', () => {
  const busy = spec.lifecycles.busyCodes.find((c) => c.startsWith('DCS.'))!;
  const refusal = { status: spec.errors.require(busy).status, json: { error_code: busy } };

  test('a busy code is a catalog refusal at its own status; other refusals are not busy', () => {
    expect(busyCode(spec, refusal)).toBe(busy);
    expect(busyCode(spec, { status: 400, json: { error_code: spec.rules.protocol('request.invalid-parameter').errorCode } })).toBeUndefined();
    expect(busyCode(spec, { status: 500, json: { error_code: busy } })).toBeUndefined();
  });

  test('sent again after pending work ended, until it is accepted or the budget is spent', async () => {
    const time = fakeTime();
    let sends = 0;
    let settles = 0;
    const ok = await retryWhileBusy(spec, async () => (++sends < 3 ? refusal : { status: 200, json: {} }), { settle: async () => void settles++, budgetMs: 60_000, now: time.now, sleep: time.sleep });
    expect(ok.status).toBe(200);
    expect([sends, settles]).toEqual([3, 2]);
    sends = 0;
    const last = await retryWhileBusy(spec, async () => (sends++, refusal), { settle: async () => {}, budgetMs: 3_000, now: time.now, sleep: time.sleep });
    expect(last).toBe(refusal);
    expect(sends).toBeGreaterThan(1);
    expect(sends).toBeLessThan(10);
  });
});

// Every operation named by a start rule exists (a typo in lifecycles.json would make a wait silently miss).
test('start rules name real operations', () => {
  const ids = new Set(spec.operations.map((o: OperationInfo) => o.id));
  for (const r of spec.lifecycles.resources) for (const s of r.startedBy) for (const id of s.operations) expect(ids.has(id), id).toBe(true);
});
