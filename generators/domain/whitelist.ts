// IP whitelist groups (spec/src/rules/whitelist.json): at most maxGroups uniquely named groups, IPs
// and CIDRs unique across groups, no forbidden address, at most ipLimit addresses.
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkWhitelist, isIpv4, isIpv4Cidr, type WhitelistRule } from '../../spec/rules/index.ts';
import type { WhitelistGroup } from '../../spec/rules/whitelist.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export type { WhitelistGroup };

/** IPv4 addresses and IPv4/prefix ranges in the forms the rule accepts, never a forbidden one. */
export function addressArbitrary(rule: WhitelistRule): fc.Arbitrary<string> {
  const forms: fc.Arbitrary<string>[] = [];
  if (rule.forms.includes('ipv4')) forms.push(fc.ipV4());
  if (rule.forms.includes('ipv4-cidr')) forms.push(fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, p]) => `${ip}/${p}`));
  return fc.oneof(...forms).filter((a) => !rule.forbidden.includes(a));
}

const groupName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,11}$/);

/** `ips` spread round-robin over `groups` uniquely named groups. */
function grouped(ips: fc.Arbitrary<string[]>, groups: (n: number) => { min: number; max: number }): fc.Arbitrary<WhitelistGroup[]> {
  return ips.chain((list) => {
    const g = groups(list.length);
    return fc.uniqueArray(groupName, { minLength: g.min, maxLength: g.max }).map((names) => names.map((group_name, i) => ({ group_name, ip_list: list.filter((_, j) => j % names.length === i) })));
  });
}

const MALFORMED: ((ip: string) => string)[] = [
  (ip) => ip.split('.').slice(0, 3).join('.'),
  (ip) => ip.replace(/^\d+/, '256'),
  (ip) => `${ip}/33`,
  (ip) => `${ip}/`,
  (ip) => ` ${ip}`,
  (ip) => `${ip}.1`,
  () => 'localhost',
  () => '::1',
];

export function whitelistEntry(spec: Spec): DomainEntry<WhitelistGroup[]> {
  const rule = spec.rules.whitelist;
  const addr = addressArbitrary(rule);
  const ips = (min: number, max: number) => fc.uniqueArray(addr, { minLength: min, maxLength: max });
  const groupsUpTo = (max: number) => (n: number) => ({ min: 1, max: Math.min(max, n) });
  const modest = Math.min(rule.ipLimit, 12);
  const valid = fc.oneof(grouped(ips(1, modest), groupsUpTo(rule.maxGroups)), grouped(ips(rule.ipLimit, rule.ipLimit), groupsUpTo(rule.maxGroups)));
  // A valid list with room for one more address, the extra one supplied by each kind.
  const roomy = grouped(ips(1, Math.min(modest, rule.ipLimit - 1)), groupsUpTo(rule.maxGroups));
  const addOne = (extra: fc.Arbitrary<string>) => fc.tuple(roomy, extra, fc.nat()).map(([gs, ip, k]) => gs.map((g, i) => (i === k % gs.length ? { ...g, ip_list: [...g.ip_list, ip] } : g)));
  const kinds: Record<string, fc.Arbitrary<WhitelistGroup[]>> = {
    'too-many-groups': grouped(ips(rule.maxGroups + 1, Math.min(rule.ipLimit, rule.maxGroups + 4)), () => ({ min: rule.maxGroups + 1, max: rule.maxGroups + 1 })),
    'too-many-ips': grouped(ips(rule.ipLimit + 1, rule.ipLimit + 5), groupsUpTo(rule.maxGroups)),
    'malformed-ip': addOne(fc.tuple(fc.ipV4(), fc.constantFrom(...MALFORMED)).map(([ip, spoil]) => spoil(ip)).filter((a) => !isIpv4(a) && !isIpv4Cidr(a) && !rule.forbidden.includes(a))),
  };
  if (rule.forbidden.length) kinds['forbidden-ip'] = addOne(fc.constantFrom(...rule.forbidden));
  if (rule.ipsUniqueAcrossInstance) {
    // The repeated address goes into another group when there is one: "unique across groups".
    kinds['duplicate-ip'] = fc.tuple(roomy, fc.nat()).map(([gs, k]) => {
      const from = gs[k % gs.length]!;
      const to = gs.length > 1 ? (k + 1) % gs.length : k % gs.length;
      return gs.map((g, i) => (i === to ? { ...g, ip_list: [...g.ip_list, from.ip_list[0]!] } : g));
    });
  }
  if (rule.groupNamesUnique) {
    kinds['duplicate-group'] = grouped(ips(2, modest), (n) => ({ min: 2, max: Math.min(rule.maxGroups, n) })).map((gs) => gs.map((g, i) => (i === 1 ? { ...g, group_name: gs[0]!.group_name } : g)));
  }
  const field = fieldOf(spec, rule.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds,
    check: (groups) => checkWhitelist(rule, groups),
    toBody: (groups) => ({ [field]: groups }),
  });
}
