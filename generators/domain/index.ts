// The registry suites iterate: one entry per rule family (and per section or variant where a rule
// has several), each with its valid and invalid arbitraries and the rule's own checker.
import type { Spec } from '../../spec/index.ts';
import { UnknownDomainEntryError } from '../errors.ts';
import { backupPolicyEntry } from './backupPolicy.ts';
import { capacityEntries } from './capacity.ts';
import { descriptionEntry, engineEntry, rangeEntry, renameCommandsEntry } from './fields.ts';
import { maintenanceWindowEntry } from './maintenanceWindows.ts';
import { nameEntries } from './names.ts';
import { aclPasswordEntry, instancePasswordEntry } from './passwords.ts';
import { specCodeEntry } from './flavors.ts';
import { tagsEntries } from './tags.ts';
import type { DomainEntry } from './types.ts';
import { whitelistEntry } from './whitelist.ts';

export type { DomainEntry, Invalid } from './types.ts';
export type { AclCredentials } from './passwords.ts';
export type { CapacityChoice } from './capacity.ts';
export type { FlavorChoice } from './flavors.ts';
export type { WindowChoice } from './maintenanceWindows.ts';
export type { TagsChoice, Tag } from './tags.ts';
export type { BackupPolicy } from './backupPolicy.ts';
export type { EngineChoice, RenameCommands } from './fields.ts';
export type { WhitelistGroup } from './whitelist.ts';
export { specCode, checkSpecCode } from './flavors.ts';
export { nameArbitrary } from './names.ts';
export { passwordArbitrary } from './passwords.ts';
export { addressArbitrary } from './whitelist.ts';

const registries = new WeakMap<Spec, DomainEntry<unknown>[]>();

export function domainRegistry(spec: Spec): readonly DomainEntry<unknown>[] {
  let entries = registries.get(spec);
  if (!entries) {
    entries = [
      instancePasswordEntry(spec),
      aclPasswordEntry(spec),
      ...nameEntries(spec),
      ...capacityEntries(spec),
      specCodeEntry(spec),
      maintenanceWindowEntry(spec),
      whitelistEntry(spec),
      ...tagsEntries(spec),
      backupPolicyEntry(spec),
      rangeEntry(spec, spec.rules.port),
      rangeEntry(spec, spec.rules.instanceNum),
      descriptionEntry(spec),
      renameCommandsEntry(spec),
      engineEntry(spec),
    ] as DomainEntry<unknown>[];
    registries.set(spec, entries);
  }
  return entries;
}

/** One entry by id; the type parameter is the caller's promise about the value shape. */
export function domainEntry<T = unknown>(spec: Spec, id: string): DomainEntry<T> {
  const entries = domainRegistry(spec);
  const e = entries.find((x) => x.id === id);
  if (!e) throw new UnknownDomainEntryError(id, entries.map((x) => x.id));
  return e as DomainEntry<T>;
}
export { breakInBody, domainPatches, placeInBody, ruleBreaks, stillBreaks } from './place.ts';
