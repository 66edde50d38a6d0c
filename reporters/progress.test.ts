// Progress as a person reads it: plain lines off a terminal (throttled, a heartbeat naming the case
// running and for how long when nothing finished, waits and failures as they happen), one status line
// redrawn in place on a terminal (current case, its wait, failures so far, ETA), colour only when asked.
// The clock is moved by hand; no timer runs.
import { describe, expect, test } from 'vitest';
import { visible } from './colour.ts';
import { Progress, truncate } from './progress.ts';

function setup(tty: boolean, total = 10, extra: { colour?: boolean; verbose?: boolean } = {}) {
  let now = 1_000_000;
  const written: string[] = [];
  const progress = new Progress({ write: (t) => void written.push(t), tty, columns: 200, colour: !!extra.colour }, { total, now: () => now, timer: false, ...(extra.verbose ? { verbose: true } : {}) });
  return { progress, written, advance: (ms: number) => void (now += ms), text: () => written.join('') };
}

describe('off a terminal (CI, pipes): plain lines', () => {
  test('never silent: a heartbeat names the running case, how long it has run and its last wait', () => {
    const { progress, written, advance, text } = setup(false);
    progress.started('CreateInstance › positive');
    advance(4_000);
    progress.tick();
    expect(written).toEqual([]);
    progress.wait('CreateInstance › positive', 'instance i-1 CREATING -> RUNNING, 3 s');
    expect(text()).toBe('[wait] CreateInstance › positive: instance i-1 CREATING -> RUNNING, 3 s\n');
    advance(5_000);
    progress.tick();
    expect(written.at(-1)).toBe('[progress] still running CreateInstance › positive (9 s; instance i-1 CREATING -> RUNNING, 3 s) · 0/10 cases (0%) · 0 failures so far\n');
    advance(2_000);
    progress.tick();
    expect(written).toHaveLength(2);
    expect(text().includes('\x1b')).toBe(false);
  });

  test('finished cases print at most every 2 s, failures at once, the last case always; ETA from the pace so far', () => {
    const { progress, written, advance } = setup(false, 5);
    progress.started('A');
    advance(1_000);
    progress.finished('A', 'passed');
    expect(written).toEqual([]);
    advance(1_500);
    progress.finished('B', 'failed', { message: 'expected 400, got 200\nreproduce: curl …' });
    expect(written).toEqual(['✗ B expected 400, got 200\n', '[progress] 2/5 cases (40%) · 1 failure so far\n']);
    advance(500);
    progress.finished('C', 'passed');
    advance(2_000);
    progress.started('D');
    progress.finished('D', 'passed');
    // 4 cases in 5 s: one more takes about 1 s.
    expect(written.at(-1)).toBe('[progress] 4/5 cases (80%) · 1 failure so far · ETA 1 s\n');
    progress.finished('E', 'skipped');
    expect(written.at(-1)).toBe('[progress] 5/5 cases (100%) · 1 failure so far\n');
  });

  test('--verbose prints every case with its outcome and skip reason', () => {
    const { progress, written } = setup(false, 3, { verbose: true });
    progress.finished('A', 'passed', { durationMs: 12 });
    progress.finished('B', 'skipped', { message: 'no read-only principal: configure principals.readonly' });
    expect(written.slice(0, 2)).toEqual(['✓ A (12 ms)\n', '– B: no read-only principal: configure principals.readonly\n']);
  });
});

describe('on a terminal: one line redrawn in place', () => {
  test('the status line is redrawn (no line end), shows the current case, its wait and the failures; a failure is printed above it; stop clears it', () => {
    const { progress, written, advance } = setup(true);
    progress.started('CreateInstance › positive');
    expect(written.at(-1)).toBe('\r\x1b[2K[progress] 0/10 cases (0%) · 0 failures so far · running CreateInstance › positive 0 s');
    advance(3_000);
    progress.wait('CreateInstance › positive', 'instance i-1 CREATING -> RUNNING, 3 s');
    expect(written.at(-1)).toBe('\r\x1b[2K[progress] 0/10 cases (0%) · 0 failures so far · running CreateInstance › positive 3 s · instance i-1 CREATING -> RUNNING, 3 s');
    progress.finished('CreateInstance › positive', 'failed', { message: 'boom' });
    expect(written.slice(-2)).toEqual(['\r\x1b[2K✗ CreateInstance › positive boom\n', '\r\x1b[2K[progress] 1/10 cases (10%) · 1 failure so far']);
    advance(1_000);
    progress.tick();
    expect(written.at(-1)!.startsWith('\r\x1b[2K[progress] 1/10')).toBe(true);
    progress.stop();
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  test('colour only when the sink asks for it; a long line is cut to the terminal width without counting colour codes', () => {
    const plain = setup(true);
    plain.progress.finished('A', 'failed');
    expect(visible(plain.text())).toBe(plain.text());
    const coloured = setup(true, 10, { colour: true });
    coloured.progress.finished('A', 'failed');
    expect(coloured.text()).toContain('\x1b[31m✗\x1b[39m');
    const cut = truncate(`\x1b[31m${'x'.repeat(50)}\x1b[39m`, 10);
    expect(visible(cut)).toBe(`${'x'.repeat(9)}…`);
    expect(truncate('short', 10)).toBe('short');
  });
});
