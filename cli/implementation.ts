// The implementation under test, as the certificate names it: --implementation-name/-version, else
// the target's `implementation` in the config, else — for the embedded emulator — the emulator of this
// harness. Flags are checked like config keys (one printable line), before anything starts.
import { checkLabel, loadConfig } from '../config/index.ts';
import type { ConfigError } from '../config/index.ts';
import { HARNESS_VERSION } from '../reporters/report.ts';
import type { ConformanceReport } from '../reporters/types.ts';
import type { FlagSpec, Parsed } from './args.ts';
import { targetEnv } from './target.ts';
import { UsageError } from './errors.ts';
import type { Io } from './types.ts';

export const IMPLEMENTATION_FLAGS: Record<string, FlagSpec> = {
  'implementation-name': { kind: 'string', value: 'NAME', description: 'the implementation under test, as the certificate names it (or implementation.name of the target in the config)' },
  'implementation-version': { kind: 'string', value: 'VERSION', description: 'its version (or implementation.version in the config)' },
};

const flag = (p: Parsed, name: string, example: string): string | undefined => {
  const v = p[name];
  if (v === undefined) return undefined;
  try {
    return checkLabel(v, `--${name}`, example);
  } catch (e) {
    throw new UsageError((e as ConfigError).message.replace(/^config /, ''));
  }
};

export async function implementationOf(p: Parsed, io: Io): Promise<NonNullable<ConformanceReport['implementation']>> {
  const name = flag(p, 'implementation-name', '"Acme Cache"');
  const version = flag(p, 'implementation-version', '"7.2.1"');
  const config = await loadConfig({ cwd: io.cwd, env: targetEnv(p, io.env) });
  const configured = config.target.implementation;
  const fallback = config.target.kind === 'emulator' ? { name: 'dcs-conformance embedded emulator', version: HARNESS_VERSION } : undefined;
  const n = name ?? configured?.name ?? fallback?.name;
  const v = version ?? (name ? undefined : (configured?.version ?? fallback?.version));
  return { ...(n ? { name: n } : {}), ...(v ? { version: v } : {}) };
}
