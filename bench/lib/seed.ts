// Data a read benchmark needs on the emulator: instances made through the API (CreateInstance with
// instance_num, the batch create), then the virtual clock moved past the create time so they are RUNNING.
import { Pool } from 'undici';
import { createInstanceBody } from '../../harness/index.ts';
import type { Spec } from '../../spec/index.ts';
import type { EmulatorProcess } from './emulator.ts';

export async function seedInstances(spec: Spec, emu: EmulatorProcess, count: number, prefix = 'bench'): Promise<string[]> {
  const pool = new Pool(emu.url, { connections: 1 });
  const headers = { 'x-auth-token': emu.token, 'content-type': 'application/json' };
  const batch = spec.rules.instanceNum.maximum;
  const ids: string[] = [];
  try {
    for (let made = 0; made < count; ) {
      const n = Math.min(batch, count - made);
      const res = await pool.request({ method: 'POST', path: `/v2/${emu.projectId}/instances`, headers, body: JSON.stringify(createInstanceBody(spec, { name: `${prefix}-${made}`, ...(n > 1 ? { instance_num: n } : {}) })) });
      const body = (await res.body.json()) as { instances?: { instance_id: string }[] };
      if (res.statusCode !== 200 || !body.instances) throw new Error(`seeding instances: CreateInstance answered ${res.statusCode} ${JSON.stringify(body)}`);
      ids.push(...body.instances.map((i) => i.instance_id));
      made += n;
    }
    const tick = await pool.request({ method: 'POST', path: '/__emulator/clock/advance?ms=86400000', headers });
    await tick.body.dump();
  } finally {
    await pool.close();
  }
  return ids;
}
