// config/: the user's input (targets, mode, connection settings) and its environment overrides.
export { defineConfig, validateConfig, validateTarget, checkLabel, DEFAULT_TARGET, DEFAULT_REMOTE_RATE, DEFAULT_READ_LAG_MS, DEFAULT_CONCURRENCY } from './schema.ts';
export type { DcsConformanceConfig, Implementation, TargetConfig, EmulatorTarget, RemoteTarget, RemoteAuth, ConnectionSettings, Mode, StartEmulator, StartedEmulator } from './schema.ts';
export { ConfigError } from './errors.ts';
export { applyEnv, ENV_VARS, type Env, type EnvVar } from './env.ts';
export { loadConfig, resolveConfig, CONFIG_FILES, type ResolvedConfig, type LoadOptions } from './load.ts';
