// Instance backup policies (rule backup-policy): each invalid kind breaks one field, and carries
// that field's own catalog code (the rule's errorCodes).
import fc from 'fast-check';
import type { Spec } from '../../spec/index.ts';
import { checkBackupPolicy, type BackupPolicyRule } from '../../spec/rules/index.ts';
import { defineEntry, fieldOf, type DomainEntry } from './types.ts';

export type BackupPolicy = Record<string, unknown>;

// Which of the rule's per-field codes each violation kind answers (the checker files a missing plan under period_type).
const FIELD_OF_KIND: Record<string, keyof BackupPolicyRule['errorCodes']> = {
  'backup-type': 'backup_type',
  'save-days': 'save_days',
  'plan-missing': 'periodical_backup_plan',
  'backup-at': 'backup_at',
  'period-type': 'period_type',
  'begin-at': 'begin_at',
};

const pad = (n: number) => String(n).padStart(2, '0');
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

export function backupPolicyEntry(spec: Spec): DomainEntry<BackupPolicy> {
  const rule = spec.rules.backupPolicy;
  const beginFormat = new RegExp(rule.beginAt.format);
  const isBeginAt = (b: string) => {
    const m = beginFormat.exec(b);
    return !!m && (Number(m[1]) + rule.beginAt.lengthHours) % 24 === Number(m[2]);
  };
  const days = fc.integer({ min: rule.backupAt.minimum, max: rule.backupAt.maximum });
  const beginAt = fc
    .integer({ min: 0, max: 23 })
    .map((h) => `${pad(h)}:00-${pad((h + rule.beginAt.lengthHours) % 24)}:00`)
    .filter(isBeginAt);
  const plan = fc.record({
    backup_at: fc.uniqueArray(days, { minLength: rule.backupAt.minItems, maxLength: rule.backupAt.maximum - rule.backupAt.minimum + 1 }),
    period_type: fc.constantFrom(...rule.periodTypes),
    begin_at: beginAt,
  });
  const saveDays = fc.integer({ min: rule.saveDays.minimum, max: rule.saveDays.maximum });
  const auto = rule.saveDays.requiredWhen;
  const otherTypes = rule.backupTypes.filter((t) => t !== auto && t !== rule.planRequiredWhen);
  // The type that needs save_days and a plan gets both; the others may carry them or not.
  const autoPolicy = fc.record({ backup_type: fc.constant(auto), save_days: saveDays, periodical_backup_plan: plan });
  const valid = otherTypes.length
    ? fc.oneof(autoPolicy, fc.record({ backup_type: fc.constantFrom(...otherTypes), save_days: saveDays, periodical_backup_plan: plan }, { requiredKeys: ['backup_type'] }))
    : autoPolicy;
  const withPlan = (patch: fc.Arbitrary<Record<string, unknown>>) => fc.tuple(autoPolicy, patch).map(([p, x]) => ({ ...p, periodical_backup_plan: { ...(p.periodical_backup_plan as object), ...x } }));
  const outside = (min: number, max: number) => fc.oneof(fc.integer({ min: min - 5, max: min - 1 }), fc.integer({ min: max + 1, max: max + 5 }));
  const kinds: Record<string, fc.Arbitrary<BackupPolicy>> = {
    'backup-type': fc.constantFrom('daily', 'AUTO', '').filter((t) => !rule.backupTypes.includes(t)).map((backup_type) => ({ backup_type })),
    'save-days': fc.oneof(
      fc.tuple(autoPolicy, outside(rule.saveDays.minimum, rule.saveDays.maximum)).map(([p, d]) => ({ ...p, save_days: d })),
      autoPolicy.map((p) => without(p, 'save_days')),
    ),
    'plan-missing': autoPolicy.map((p) => without(p, 'periodical_backup_plan')),
    'backup-at': withPlan(
      fc.oneof(
        outside(rule.backupAt.minimum, rule.backupAt.maximum).map((d) => ({ backup_at: [d] })),
        days.map((d) => ({ backup_at: [d, d] })),
        ...(rule.backupAt.minItems > 0 ? [fc.constant({ backup_at: [] })] : []),
      ),
    ),
    'period-type': withPlan(fc.constantFrom('daily', 'monthly', 'Weekly').filter((t) => !rule.periodTypes.includes(t)).map((period_type) => ({ period_type }))),
    'begin-at': withPlan(
      fc
        .constantFrom('00:30-01:30', '00:00-02:00', '0:00-1:00', '00:00', '24:00-01:00', '23:00-23:00')
        .filter((b) => !isBeginAt(b))
        .map((begin_at) => ({ begin_at })),
    ),
  };
  const field = fieldOf(spec, rule.id);
  return defineEntry(spec, {
    id: rule.id,
    rule: rule.id,
    valid,
    kinds,
    codeOf: (kind) => rule.errorCodes[FIELD_OF_KIND[kind]!],
    check: (p) => checkBackupPolicy(rule, p),
    toBody: (p) => ({ [field]: p }),
  });
}
