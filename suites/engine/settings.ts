// Run settings from the environment (how the command line and CI talk to the vitest entry files),
// checked at once: a bad value names the variable and the fix.
import { SettingsError } from './errors.ts';
import { PROFILES, type Profile } from './types.ts';

export interface RunSettings {
  profile: Profile;
  seed: number;
  runs?: number;
  only: string[];
  allowDestructive: boolean;
  /** Cases may wait in real time for the target's clock to move far (lock expiry…). */
  allowLongWaits: boolean;
  runId?: string;
  /** Emulator faults to switch on (the suite's own tests, mutation runs). */
  faults: string[];
  reportDir: string;
  /** Where the worker writes each case's Allure result as it ends (the command line's run); none otherwise. */
  allureDir?: string;
  mode: 'strict' | 'lenient';
  /** This run's slice of the selected cases: { index: 1..count, count }. */
  shard?: { index: number; count: number };
}

const list = (v: string | undefined) => (v ?? '').split(/[\s,]+/).filter(Boolean);

function integer(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new SettingsError(name, `must be an integer (got "${raw}")`, `set e.g. ${name}=42, or unset it`);
  return Number(raw);
}

export function settingsFromEnv(env: Record<string, string | undefined> = process.env): RunSettings {
  const profile = (env.DCS_PROFILE?.trim() || 'full') as Profile;
  if (!PROFILES.includes(profile)) throw new SettingsError('DCS_PROFILE', `must be one of ${PROFILES.join(', ')} (got "${profile}")`, 'pick a profile, e.g. DCS_PROFILE=smoke');
  const runs = integer(env, 'DCS_RUNS');
  if (runs !== undefined && runs < 1) throw new SettingsError('DCS_RUNS', `must be at least 1 (got ${runs})`, 'set DCS_RUNS=1 or more, or unset it for the profile default');
  const mode = env.DCS_MODE?.trim() || 'strict';
  if (mode !== 'strict' && mode !== 'lenient') throw new SettingsError('DCS_MODE', `must be strict or lenient (got "${mode}")`, 'set DCS_MODE=strict to certify');
  // The run seed: DCS_RUN_SEED, else the property seed CI pins (DCS_SEED_FC), else fresh.
  const seed = integer(env, 'DCS_RUN_SEED') ?? integer(env, 'DCS_SEED_FC') ?? ((Date.now() ^ (Math.random() * 0x100000000)) | 0);
  const shardText = env.DCS_SHARD?.trim();
  let shard: RunSettings['shard'];
  if (shardText) {
    const m = /^(\d+)\/(\d+)$/.exec(shardText);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) throw new SettingsError('DCS_SHARD', `must be i/n with 1 ≤ i ≤ n (got "${shardText}")`, 'e.g. 2/4 runs the second of four slices');
    shard = { index, count };
  }
  return {
    profile,
    seed,
    ...(shard ? { shard } : {}),
    ...(runs !== undefined ? { runs } : {}),
    only: list(env.DCS_ONLY),
    allowDestructive: /^(1|true|yes)$/i.test(env.DCS_ALLOW_DESTRUCTIVE?.trim() ?? ''),
    allowLongWaits: /^(1|true|yes)$/i.test(env.DCS_ALLOW_LONG_WAITS?.trim() ?? ''),
    ...(env.DCS_RUN_ID?.trim() ? { runId: env.DCS_RUN_ID.trim() } : {}),
    faults: list(env.DCS_FAULTS),
    reportDir: env.DCS_REPORT_DIR?.trim() || 'reports',
    ...(env.DCS_ALLURE_DIR?.trim() ? { allureDir: env.DCS_ALLURE_DIR.trim() } : {}),
    mode,
  };
}
