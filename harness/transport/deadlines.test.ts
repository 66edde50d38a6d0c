import { describe, expect, test } from 'vitest';
import { AbortHandle, Deadlines } from './deadlines.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Deadlines', () => {
  test('a short limit started after a long one fires first; the long one still fires later', async () => {
    const d = new Deadlines();
    const fired: string[] = [];
    const long = d.start(120, () => fired.push('long'));
    const short = d.start(20, () => fired.push('short'));
    await sleep(60);
    expect(fired).toEqual(['short']);
    expect(short).toMatchObject({ expired: true, signal: { aborted: true } });
    expect(long).toMatchObject({ expired: false, signal: { aborted: false } });
    await sleep(120);
    expect(fired).toEqual(['short', 'long']);
    expect(d.pending).toBe(0);
  });

  test('done() before the limit: nothing fires, nothing stays armed', async () => {
    const d = new Deadlines();
    let fired = false;
    const a = d.start(30, () => (fired = true));
    a.done();
    expect(d.pending).toBe(0);
    await sleep(60);
    expect(fired).toBe(false);
    expect(a).toMatchObject({ expired: false, signal: { aborted: false } });
  });

  test('the handle calls its abort listener once, and not after removeListener', () => {
    const h = new AbortHandle();
    let calls = 0;
    const listener = () => calls++;
    h.once('abort', listener);
    h.abort('why');
    h.abort('again');
    expect(calls).toBe(1);
    expect(h).toMatchObject({ aborted: true, reason: 'why' });
    const g = new AbortHandle();
    g.on('abort', listener);
    g.removeListener('abort', listener);
    g.abort();
    expect(calls).toBe(1);
  });
});
