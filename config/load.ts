// Finds, reads and validates the config, applies the environment, and picks the target.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './errors.ts';
import { applyEnv, envMode, envValue, type Env, type EnvVar } from './env.ts';
import { DEFAULT_TARGET, validateConfig, validateTarget, type DcsConformanceConfig, type Mode, type TargetConfig } from './schema.ts';

/** Looked for in this order in the working directory. */
export const CONFIG_FILES = ['dcs-conformance.config.ts', 'dcs-conformance.config.mjs', 'dcs-conformance.config.js', 'dcs-conformance.config.json'] as const;

export interface ResolvedConfig {
  mode: Mode;
  targetName: string;
  target: TargetConfig;
  /** The file read, or "defaults". */
  source: string;
  /** Environment variables that took effect. */
  env: EnvVar[];
}

export interface LoadOptions {
  cwd?: string;
  /** Config file; else DCS_CONFIG, else the first of CONFIG_FILES found in cwd. */
  file?: string;
  env?: Env;
  /** Target name; else DCS_TARGET, else the file's `target`, else "emulator". */
  target?: string;
}

async function readConfigFile(path: string): Promise<unknown> {
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(path, `is not valid JSON (${(e as Error).message})`, 'correct the syntax, or use dcs-conformance.config.ts with defineConfig()');
    }
  }
  let mod: { default?: unknown };
  try {
    mod = (await importConfig(path)) as { default?: unknown };
  } catch (e) {
    throw new ConfigError(path, `could not be loaded (${(e as Error).message})`, 'fix the error in the file; a TypeScript config needs tsx installed beside the package (npm install -D tsx), or write it as .mjs or .json');
  }
  if (mod.default === undefined) throw new ConfigError(path, 'has no default export', 'end the file with: export default defineConfig({ … })');
  return mod.default;
}

/**
 * Imports a config module. Node 20 does not run TypeScript: where the command runs compiled (the installed
 * package), a .ts config goes through tsx when the user's project has it (an optional peer dependency).
 */
async function importConfig(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  try {
    return await import(url);
  } catch (e) {
    if (!/\.[cm]?ts$/.test(path) || (e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const tsx = (await import('tsx/esm/api').catch(() => undefined)) as { tsImport(url: string, parent: string): Promise<unknown> } | undefined;
    if (!tsx) throw e;
    return tsx.tsImport(url, import.meta.url);
  }
}

/** Validates a config value and resolves the target with the environment applied. */
export function resolveConfig(raw: unknown, options: { env?: Env; target?: string; source?: string } = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const source = options.source ?? 'defaults';
  const config: DcsConformanceConfig = validateConfig(raw, options.source ?? 'config');
  const targets: Record<string, TargetConfig> = { [DEFAULT_TARGET]: { kind: 'emulator' }, ...config.targets };
  const fromEnv = envValue(env, 'DCS_TARGET');
  const targetName = options.target ?? fromEnv ?? config.target ?? DEFAULT_TARGET;
  const chosen = targets[targetName];
  if (!chosen) {
    throw new ConfigError(options.target ? 'target' : fromEnv ? 'DCS_TARGET' : 'target', `names no target ("${targetName}")`, `use one of: ${Object.keys(targets).join(', ')}`);
  }
  const { target, provenance, applied } = applyEnv(targetName, chosen, env);
  // Validate again: the environment may have replaced or completed fields; name whoever set them.
  validateTarget(target, (f) => {
    const envVar = provenance[f] ?? provenance[f.split('.')[0]!];
    return envVar ?? (f ? `targets.${targetName}.${f}` : `targets.${targetName}`);
  });
  return { mode: envMode(env) ?? config.mode ?? 'strict', targetName, target, source, env: [...applied, ...(fromEnv ? (['DCS_TARGET'] as const) : []), ...(envMode(env) ? (['DCS_MODE'] as const) : [])] };
}

export async function loadConfig(options: LoadOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? envValue(env, 'DCS_CONFIG');
  let path: string | undefined;
  if (explicit) {
    path = isAbsolute(explicit) ? explicit : resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError(options.file ? 'file' : 'DCS_CONFIG', `points to ${path}, which does not exist`, `create it, or point to an existing file (looked for by default: ${CONFIG_FILES.join(', ')})`);
  } else {
    path = CONFIG_FILES.map((f) => resolve(cwd, f)).find((p) => existsSync(p));
  }
  const raw = path ? await readConfigFile(path) : {};
  return resolveConfig(raw, { env, ...(options.target ? { target: options.target } : {}), source: path ?? 'defaults' });
}
