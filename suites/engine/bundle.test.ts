// Where a bundle replays.
import { describe, expect, test } from 'vitest';
import { replayTarget, type BundleTarget } from './bundle.ts';

const remote: BundleTarget = { name: 'emulator', kind: 'remote', endpoint: 'http://127.0.0.1:7001', projectId: 'p1' };
const faulty: BundleTarget = { name: 'emulator', kind: 'emulator', endpoint: 'http://127.0.0.1:40001', faults: ['password.short-accepted'] };

describe('replayTarget', () => {
  test('by default, the target it failed on: a URL with its project (credentials only from the environment), or the emulator with its faults', () => {
    expect(replayTarget({ target: remote }, { DCS_TOKEN: 't' })).toEqual({ env: { DCS_TOKEN: 't', DCS_ENDPOINT: remote.endpoint, DCS_PROJECT_ID: 'p1' }, recorded: true, where: `remote ${remote.endpoint}` });
    expect(replayTarget({ target: remote }, { DCS_PROJECT_ID: 'mine' }).env.DCS_PROJECT_ID).toBe('mine');
    expect(replayTarget({ target: faulty }, {})).toEqual({ env: {}, emulator: { faults: ['password.short-accepted'] }, recorded: true, where: 'the embedded emulator with faults password.short-accepted' });
    expect(replayTarget({ target: { ...remote, name: 'staging' } }, {}).where).toBe(`remote ${remote.endpoint} (target "staging")`);
  });

  test('a target the environment names is used, and said not to be the recorded one unless it is', () => {
    expect(replayTarget({ target: remote }, { DCS_ENDPOINT: 'http://127.0.0.1:7001/' }).recorded).toBe(true);
    expect(replayTarget({ target: remote }, { DCS_ENDPOINT: 'http://127.0.0.1:7002' })).toMatchObject({ recorded: false, where: 'remote http://127.0.0.1:7002' });
    expect(replayTarget({ target: remote }, { DCS_TARGET: 'emulator' })).toMatchObject({ recorded: false, where: 'the embedded emulator (faithful, no faults)' });
    expect(replayTarget({ target: faulty }, { DCS_TARGET: 'emulator' }).recorded).toBe(false);
    expect(replayTarget({ target: { ...faulty, faults: [] } }, { DCS_TARGET: 'emulator' }).recorded).toBe(true);
    expect(replayTarget({ target: { ...remote, name: 'staging' } }, { DCS_TARGET: 'staging' }).recorded).toBe(true);
  });
});
