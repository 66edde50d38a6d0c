// Profiles: which cases a run includes and how hard property checks push.
// smoke ⊂ full ⊂ certification; a case names the smallest profile that includes it.
import { PROFILES, type Profile } from './types.ts';

export interface ProfileSettings {
  /** Property runs per property check (generated requests per operation, model-based sequences). */
  numRuns: number;
  description: string;
}

export const PROFILE_SETTINGS: Record<Profile, ProfileSettings> = {
  smoke: { numRuns: 1, description: 'one valid request per operation and the basic auth refusals: is the target wired up? (< 30 s on the emulator)' },
  full: { numRuns: 3, description: 'every check of every operation, every rule and transition, model-based sequences' },
  certification: { numRuns: 20, description: 'full, with more generated requests and longer model-based runs' },
};

export function includes(profile: Profile, caseProfile: Profile): boolean {
  return PROFILES.indexOf(caseProfile) <= PROFILES.indexOf(profile);
}
