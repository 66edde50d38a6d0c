// The default target: with no config file and no DCS_* variables the harness starts the embedded
// emulator, talks to it (token and AK/SK), judges its answers with the checker, and stops it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { startEmulator } from '../emulator/index.ts';
import { loadSpec } from '../spec/index.ts';
import { connect } from './index.ts';

describe('default target', () => {
  test('is the embedded emulator, started and stopped by the harness', async () => {
    const spec = await loadSpec();
    const config = await loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'dcs-cfg-')), env: {} });
    expect(config.target.kind).toBe('emulator');
    const client = await connect(config, { spec, startEmulator: (o) => startEmulator({ ...o }) });
    const endpoint = client.target.endpoint;
    try {
      const list = await client.call('ListInstances');
      expect(list.status).toBe(200);
      expect(list.findings.filter((f) => f.severity === 'failure')).toEqual([]);
      const missing = await client.call('ShowInstance', { params: { instance_id: 'no-such-instance' } });
      expect(missing.status).toBe(404);
      expect(missing.findings.filter((f) => f.severity === 'failure')).toEqual([]);
    } finally {
      await client.close();
    }
    await expect(fetch(`${endpoint}/v2/available-zones`)).rejects.toThrow();
  });
});
