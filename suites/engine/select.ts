// Selection: the profile's cases, narrowed by --only tokens. A token matches a case's operationId,
// check, tag, rule or full name; `*` is a wildcard. A token that matches nothing is a usage error (a
// typo must not turn into an empty, green run) that names the closest words.
import { SelectionError } from './errors.ts';
import { includes } from './profiles.ts';
import { didYouMean } from './suggest.ts';
import type { Case, Profile } from './types.ts';

const matcher = (token: string) => {
  const re = new RegExp(`^${token.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (c: Case) => [c.operationId, c.check, c.name, c.section, ...c.tags, ...c.rules].some((v) => re.test(v));
};

export function selectCases(cases: readonly Case[], options: { profile: Profile; only?: readonly string[] }): Case[] {
  const inProfile = cases.filter((c) => includes(options.profile, c.profile));
  const only = (options.only ?? []).filter((t) => t.trim());
  if (!only.length) return inProfile;
  const matchers = only.map((t) => ({ t, m: matcher(t) }));
  for (const { t, m } of matchers) {
    if (!cases.some(m)) {
      const words = cases.flatMap((c) => [c.operationId, c.check, ...c.tags, ...c.rules]);
      throw new SelectionError(`--only ${t} matches no case.${didYouMean(t, words)} Give an operationId (e.g. CreateInstance), a check (e.g. negative), a tag (e.g. 4.2, instances), a rule id (e.g. password.instance) or a case name`);
    }
  }
  return inProfile.filter((c) => matchers.some(({ m }) => m(c)));
}

/** The i-th of n slices (1-based), dealt round-robin over the selection's stable order so slices stay balanced. */
export function shardOf<T>(cases: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  return shard ? cases.filter((_, i) => i % shard.count === shard.index - 1) : [...cases];
}
