// IP whitelist groups (spec/src/rules/whitelist.json).
import { violation, type Violation } from './violation.ts';

export interface WhitelistRule {
  id: string;
  maxGroups: number;
  groupNamesUnique: boolean;
  ipsUniqueAcrossInstance: boolean;
  forbidden: string[];
  forms: ('ipv4' | 'ipv4-cidr')[];
  ipLimit: number;
  errorCode: string;
}

export interface WhitelistGroup {
  group_name: string;
  ip_list: string[];
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIpv4Cidr(s: string): boolean {
  const [ip, prefix, ...rest] = s.split('/');
  return rest.length === 0 && !!ip && isIpv4(ip) && prefix !== undefined && /^(3[0-2]|[12]?\d)$/.test(prefix);
}

export function checkWhitelist(rule: WhitelistRule, groups: WhitelistGroup[], ipLimit = rule.ipLimit): Violation[] {
  const out: Violation[] = [];
  const v = (kind: string, message: string) => out.push(violation(rule.id, rule.errorCode, kind, message));
  if (groups.length > rule.maxGroups) v('too-many-groups', `at most ${rule.maxGroups} groups (got ${groups.length})`);
  const names = groups.map((g) => g.group_name);
  if (rule.groupNamesUnique && new Set(names).size !== names.length) v('duplicate-group', 'group names must be unique');
  const ips = groups.flatMap((g) => g.ip_list);
  if (rule.ipsUniqueAcrossInstance && new Set(ips).size !== ips.length) v('duplicate-ip', "an instance's IPs must be unique across all groups");
  for (const ip of ips) {
    if (rule.forbidden.includes(ip)) v('forbidden-ip', `${ip} is not supported`);
    else if (!((rule.forms.includes('ipv4') && isIpv4(ip)) || (rule.forms.includes('ipv4-cidr') && isIpv4Cidr(ip)))) v('malformed-ip', `${JSON.stringify(ip)} is not an IPv4 address or IPv4/prefix`);
  }
  if (ips.length > ipLimit) v('too-many-ips', `at most ${ipLimit} IPs per instance (got ${ips.length})`);
  return out;
}
