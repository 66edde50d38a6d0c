// `--realistic`: the emulator as a cloud endpoint to rehearse a certification on. Every duration is
// at least 1 s and stretched by up to 50 %, reads may be up to 500 ms stale, callers are throttled,
// the clock runs in real time and there is no control API.
import { CLOUD_DURATIONS, type EmulatorConfig } from '../core/config.ts';
import type { RealismOptions } from './options.ts';

export const REALISTIC: { realism: RealismOptions; durations: EmulatorConfig['durations'] } = {
  realism: { jitter: 0.5, readLagMs: 500, throttle: { requestsPerSecond: 150, burst: 150 } },
  durations: CLOUD_DURATIONS,
};

/** The config as a cloud endpoint: no control API, and the preset's realism unless the config has its own. */
export function realistic(config: EmulatorConfig): EmulatorConfig {
  return { ...config, controlApi: false, realism: config.realism ?? REALISTIC.realism };
}
