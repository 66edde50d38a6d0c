// Single-field rules with their own error codes (spec/src/rules/fields.json): tags, description,
// port, instance_num, backup policy, renamable commands, engine and version.
import { violation, type Violation } from './violation.ts';

export interface FieldRule {
  id: string;
  errorCode: string;
  [k: string]: unknown;
}

interface Tag {
  key?: unknown;
  value?: unknown;
}

export function checkTags(rule: FieldRule & { keyMaxLength: number; valueMaxLength: number; keysUnique: boolean; valueRequiredFor?: string[] }, tags: Tag[], action?: string): Violation[] {
  const out: Violation[] = [];
  const v = (kind: string, message: string) => out.push(violation(rule.id, rule.errorCode, kind, message));
  const keys: string[] = [];
  for (const t of tags) {
    if (typeof t.key !== 'string' || t.key === '') v('key-empty', 'tag key must be a non-empty string');
    else {
      if ([...t.key].length > rule.keyMaxLength) v('key-length', `tag key at most ${rule.keyMaxLength} characters`);
      keys.push(t.key);
    }
    if (t.value !== undefined && (typeof t.value !== 'string' || [...t.value].length > rule.valueMaxLength)) v('value-length', `tag value at most ${rule.valueMaxLength} characters`);
    if (t.value === undefined && action && rule.valueRequiredFor?.includes(action)) v('value-missing', `tag value is required when action is ${action}`);
  }
  if (rule.keysUnique && new Set(keys).size !== keys.length) v('duplicate-key', 'tag keys must be unique');
  return out;
}

export function checkRange(rule: FieldRule & { minimum: number; maximum: number }, value: unknown, field: string): Violation[] {
  if (typeof value !== 'number' || !Number.isInteger(value)) return [violation(rule.id, rule.errorCode, 'type', `${field} must be an integer`)];
  if (value < rule.minimum || value > rule.maximum) return [violation(rule.id, rule.errorCode, 'range', `${field} must be ${rule.minimum} to ${rule.maximum} (got ${value})`)];
  return [];
}

export function checkMaxLength(rule: FieldRule & { maxLength: number }, value: unknown, field: string): Violation[] {
  if (typeof value !== 'string') return [violation(rule.id, rule.errorCode, 'type', `${field} must be a string`)];
  return [...value].length > rule.maxLength ? [violation(rule.id, rule.errorCode, 'length', `${field} at most ${rule.maxLength} characters`)] : [];
}

export interface BackupPolicyRule extends FieldRule {
  backupTypes: string[];
  saveDays: { minimum: number; maximum: number; requiredWhen: string };
  planRequiredWhen: string;
  backupAt: { minimum: number; maximum: number; minItems: number };
  periodTypes: string[];
  beginAt: { format: string; lengthHours: number };
  errorCodes: Record<'backup_type' | 'save_days' | 'period_type' | 'backup_at' | 'begin_at' | 'periodical_backup_plan', string>;
}

export function checkBackupPolicy(rule: BackupPolicyRule, policy: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  const v = (field: keyof BackupPolicyRule['errorCodes'], kind: string, message: string) => out.push(violation(rule.id, rule.errorCodes[field], kind, message));
  const type = policy.backup_type;
  if (typeof type !== 'string' || !rule.backupTypes.includes(type)) v('backup_type', 'backup-type', `backup_type must be one of ${rule.backupTypes.join(', ')}`);
  const auto = type === rule.saveDays.requiredWhen;
  const sd = policy.save_days;
  if (sd === undefined ? auto : typeof sd !== 'number' || !Number.isInteger(sd) || sd < rule.saveDays.minimum || sd > rule.saveDays.maximum) v('save_days', 'save-days', `save_days must be ${rule.saveDays.minimum} to ${rule.saveDays.maximum}${auto ? ' and is required for automatic backups' : ''}`);
  const plan = policy.periodical_backup_plan as Record<string, unknown> | undefined;
  if (plan === undefined) {
    if (type === rule.planRequiredWhen) v('periodical_backup_plan', 'plan-missing', 'periodical_backup_plan is required for automatic backups');
    return out;
  }
  const at = plan.backup_at;
  if (!Array.isArray(at) || at.length < rule.backupAt.minItems || at.some((d) => !Number.isInteger(d) || d < rule.backupAt.minimum || d > rule.backupAt.maximum) || new Set(at).size !== at.length) v('backup_at', 'backup-at', `backup_at must list distinct days ${rule.backupAt.minimum} to ${rule.backupAt.maximum}`);
  if (typeof plan.period_type !== 'string' || !rule.periodTypes.includes(plan.period_type)) v('period_type', 'period-type', `period_type must be ${rule.periodTypes.join(' or ')}`);
  const begin = plan.begin_at;
  const m = typeof begin === 'string' ? new RegExp(rule.beginAt.format).exec(begin) : null;
  if (!m || (Number(m[1]) + rule.beginAt.lengthHours) % 24 !== Number(m[2])) v('begin_at', 'begin-at', 'begin_at must be an on-the-hour, one-hour range such as 00:00-01:00');
  return out;
}

export function checkRenameCommands(rule: FieldRule & { commands: string[] }, renames: unknown): Violation[] {
  if (renames === undefined || renames === null) return [];
  if (typeof renames !== 'object' || Array.isArray(renames)) return [violation(rule.id, rule.errorCode, 'type', 'rename_commands must be an object')];
  const out: Violation[] = [];
  for (const [cmd, to] of Object.entries(renames)) {
    if (!rule.commands.includes(cmd)) out.push(violation(rule.id, rule.errorCode, 'not-renamable', `${cmd} cannot be renamed (only ${rule.commands.join(', ')})`));
    else if (typeof to !== 'string' || to === '') out.push(violation(rule.id, rule.errorCode, 'new-name', `the new name of ${cmd} must be a non-empty string`));
  }
  return out;
}

export function checkEngine(rule: FieldRule & { engines: string[]; versions: string[]; errorCodes: { engine: string; engine_version: string } }, engine: unknown, version: unknown): Violation[] {
  if (typeof engine !== 'string' || !rule.engines.includes(engine)) return [violation(rule.id, rule.errorCodes.engine, 'engine', `engine must be ${rule.engines.join(' or ')}`)];
  if (typeof version !== 'string' || !rule.versions.includes(version)) return [violation(rule.id, rule.errorCodes.engine_version, 'version', `engine_version must be one of ${rule.versions.join(', ')}`)];
  return [];
}
