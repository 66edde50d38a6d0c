// The target flags every command shares, turned into the config layer's environment overrides
// (config/env.ts), so a flag, a variable and a config file all mean the same thing.
import type { FlagSpec, Parsed } from './args.ts';
import { faultsById } from '../emulator/faults/index.ts';
import { UsageError } from './errors.ts';

export const TARGET_FLAGS: Record<string, FlagSpec> = {
  target: { kind: 'string', value: 'emulator|URL|NAME', description: 'the embedded emulator (default), a DCS endpoint URL, or a target named in dcs-conformance.config.*' },
  token: { kind: 'string', value: 'TOKEN', description: 'IAM token for a URL target (or DCS_TOKEN)' },
  ak: { kind: 'string', value: 'AK', description: 'access key for AK/SK signing (with --sk; or DCS_AK)' },
  sk: { kind: 'string', value: 'SK', description: 'secret key for AK/SK signing (with --ak; or DCS_SK)' },
  'project-id': { kind: 'string', value: 'ID', description: 'project ID of a URL target (or DCS_PROJECT_ID)' },
  config: { kind: 'string', value: 'FILE', description: 'config file (default: dcs-conformance.config.{ts,mjs,js,json} in the current folder)' },
};

/** Environment for loadConfig: the process's, with the flags applied on top. */
export function targetEnv(p: Parsed, env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  const target = p.target as string | undefined;
  if (target && /^https?:\/\//.test(target)) out.DCS_ENDPOINT = target;
  else if (target && target !== 'emulator') out.DCS_TARGET = target;
  else if (target === 'emulator') {
    delete out.DCS_ENDPOINT;
    out.DCS_TARGET = 'emulator';
  }
  if ((p.ak === undefined) !== (p.sk === undefined)) throw new UsageError('--ak and --sk go together: give both, or use --token');
  if (p.token !== undefined && p.ak !== undefined) throw new UsageError('give --token or --ak/--sk, not both');
  if (p.token !== undefined) out.DCS_TOKEN = p.token as string;
  if (p.ak !== undefined) Object.assign(out, { DCS_AK: p.ak as string, DCS_SK: p.sk as string });
  if (p['project-id'] !== undefined) out.DCS_PROJECT_ID = p['project-id'] as string;
  if (p.config !== undefined) out.DCS_CONFIG = p.config as string;
  return out;
}

/** The faults to switch on in the embedded emulator, checked before anything starts (a wrong id is a usage error). */
export function emulatorFaults(list: unknown, flag: string): string[] {
  const faults = (list as string[] | undefined) ?? [];
  try {
    faultsById(faults);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
  return faults;
}
