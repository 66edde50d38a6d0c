// The rule tables of spec/src/rules/ as typed data, with the checker of each rule family.
import { readRuleFiles } from '../build/sources.ts';
import type { Lines } from '../types.ts';
import type { PasswordRule } from './passwords.ts';
import type { NameRule } from './names.ts';
import type { CapacityRule } from './capacity.ts';
import type { MaintenanceWindowRule } from './maintenanceWindows.ts';
import type { WhitelistRule } from './whitelist.ts';
import type { BackupPolicyRule, FieldRule } from './fields.ts';
import { STATE_RULES, StateMachine, type StateRuleId, type StatesData } from './instanceStates.ts';
import type { FlavorRule } from './flavors.ts';
import { SpecDataError, SpecLookupError } from '../errors.ts';

export * from './violation.ts';
export { checkPassword, charClass, validPassword } from './passwords.ts';
export { checkName, batchNames } from './names.ts';
export { allowedCapacities, checkCapacity } from './capacity.ts';
export { checkMaintenanceWindow, windowList } from './maintenanceWindows.ts';
export { checkWhitelist, isIpv4, isIpv4Cidr } from './whitelist.ts';
export { checkTags, checkRange, checkMaxLength, checkBackupPolicy, checkRenameCommands, checkEngine } from './fields.ts';
export { StateMachine, STATE_RULES, type StateRuleId } from './instanceStates.ts';
export { schemaBreachCode } from './schemaBreach.ts';
export { specCodeFor, parseSpecCode, flavorCatalog, type Flavor, type FlavorRule } from './flavors.ts';
export type { PasswordRule, NameRule, CapacityRule, MaintenanceWindowRule, WhitelistRule, BackupPolicyRule, FieldRule };

/** What every rule entry has, whatever its family. */
export interface RuleEntry {
  id: string;
  title: string;
  file: string;
  appliesTo?: { section: string; field: string }[];
  sources: { section: string; lines: Lines; text: string }[];
  basis: 'stated' | 'inferred';
  errorCode: string;
  /** HTTP status of errorCode in the catalog, where it is not 400. */
  status?: number;
  errorCodes?: Record<string, string>;
  /** Other codes that conform where this rule overlaps another (both judge the same fields). */
  alsoAccepted?: string[];
  codeChoice?: string;
  /** Why no request through the public API can make the rule's situation (no case checks it; coverage does not count it missing). */
  unreachable?: string;
}

type TagRule = FieldRule & { keyMaxLength: number; valueMaxLength: number; keysUnique: boolean; valueRequiredFor?: string[]; actions?: string[] };
type RangeRule = FieldRule & { minimum: number; maximum: number; default?: number };

export interface RuleSet {
  /** The rows of the rule tables (spec/src/rules/*.json except the state machine). */
  all: RuleEntry[];
  /**
   * Every rule a case can check: the rule-table rows, then the state machine's rules (STATE_RULES).
   * This is what "rules" counts everywhere (spec stats, coverage, the certificate).
   */
  ids: string[];
  /** Whether the reference states the rule (stated) or the spec infers it with reasoning (inferred). */
  basis(id: string): 'stated' | 'inferred';
  byId(id: string): RuleEntry;
  /**
   * Rules (and state-machine capabilities) no request through the public API can break, with why: the
   * `unreachable` reasons of the rule tables, in table order.
   */
  unreachable: Readonly<Record<string, string>>;
  password: { instance: PasswordRule; acl: PasswordRule; newDiffers: RuleEntry };
  name: { instance: NameRule; aclAccount: NameRule };
  capacity: { create: CapacityRule; resize: CapacityRule };
  maintenanceWindow: MaintenanceWindowRule;
  whitelist: WhitelistRule;
  tags: { instance: TagRule; action: TagRule };
  description: FieldRule & { maxLength: number };
  port: RangeRule;
  instanceNum: RangeRule;
  backupPolicy: BackupPolicyRule;
  renameCommands: FieldRule & { commands: string[] };
  engine: FieldRule & { engines: string[]; versions: string[]; errorCodes: { engine: string; engine_version: string } };
  flavors: FlavorRule;
  states: StateMachine;
  /** Request-level rules (spec/src/rules/protocol.json) by id: parsing, routing, auth, IAM, quotas. */
  protocol(id: string): RuleEntry;
}

export function loadRules(): RuleSet {
  const all: RuleEntry[] = [];
  let states: StatesData | undefined;
  for (const { file, data } of readRuleFiles()) {
    if (Array.isArray(data.rules)) for (const r of data.rules) all.push({ ...(r as unknown as RuleEntry), file });
    else states = data as unknown as StatesData;
  }
  if (!states) throw new SpecDataError('spec/src/rules/instanceStates.json is missing');
  const byId = (id: string): RuleEntry => {
    const r = all.find((x) => x.id === id);
    if (!r) throw new SpecLookupError(`rule ${id} is not in spec/src/rules/`);
    return r;
  };
  const as = <T>(id: string) => byId(id) as unknown as T;
  const machine = new StateMachine(states);
  return {
    all,
    ids: [...all.map((r) => r.id), ...STATE_RULES],
    basis: (id) => ((STATE_RULES as readonly string[]).includes(id) ? machine.ruleBasis(id as StateRuleId) : byId(id).basis),
    byId,
    unreachable: Object.fromEntries([...all, ...states.capabilities].flatMap((r) => (r.unreachable ? [[r.id, r.unreachable]] : []))),
    password: { instance: as('password.instance'), acl: as('password.acl'), newDiffers: byId('password.new-differs') },
    name: { instance: as('name.instance'), aclAccount: as('name.acl-account') },
    capacity: { create: as('capacity.create'), resize: as('capacity.resize') },
    maintenanceWindow: as('maintenance-window'),
    whitelist: as('whitelist'),
    tags: { instance: as('tags.instance'), action: as('tags.action') },
    description: as('description.instance'),
    port: as('port'),
    instanceNum: as('instance-num'),
    backupPolicy: as('backup-policy'),
    renameCommands: as('rename-commands'),
    engine: as('engine-version'),
    flavors: as('flavors.spec-code'),
    states: machine,
    protocol: (id) => byId(id),
  };
}
