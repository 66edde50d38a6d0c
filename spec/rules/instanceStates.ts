// Instance statuses and which operations each status allows (spec/src/rules/instanceStates.json).
export interface Transition {
  id: string;
  section: string;
  action?: string;
  from: string[] | null;
  via: string | null;
  to: string | null;
  failTo?: string;
  basis: 'stated' | 'inferred';
}

type Basis = 'stated' | 'inferred';

export interface StatesData {
  statuses: { basis: Basis; appendix: { values: string[] }; field: { values: string[] }; terminalFailure: { values: string[] }; serving: { values: string[] } };
  transitions: Transition[];
  requiresRunning: { basis: Basis; sections: string[]; errorCode: string; busyCodes: Record<string, string>; alsoAccepted: string[] };
  deleteRefused: { basis: Basis; statuses: string[]; errorCode: string };
  notFound: { status: number; errorCode: string };
  /** wrongPassword / locked: the 200 `result` values the reference's table gives a wrong and a locked attempt. */
  passwordLockout: { basis: Basis; maxFailures: number; lockMinutes: number; resetWhileLocked: { errorCode: string }; wrongPassword: { result: string }; locked: { result: string } };
  listFilters: { basis: Basis; include_failure: { statuses: string[] } };
  capabilities: { id: string; sections: string[]; cacheModes?: string[]; engineVersions?: string[]; errorCode: string; unreachable?: string }[];
}

/**
 * Rules of the state machine that are not rows of a rule table but are checked like one, each with the
 * part of instanceStates.json it stands for (where its basis is written).
 */
export const STATE_RULES = ['instance-states.requires-running', 'instance-states.delete-refused', 'instance-states.password-lockout', 'instance-states.statuses', 'instance-states.list-filters'] as const;
export type StateRuleId = (typeof STATE_RULES)[number];
const STATE_RULE_DATA: Record<StateRuleId, keyof StatesData> = {
  'instance-states.requires-running': 'requiresRunning',
  'instance-states.delete-refused': 'deleteRefused',
  'instance-states.password-lockout': 'passwordLockout',
  'instance-states.statuses': 'statuses',
  'instance-states.list-filters': 'listFilters',
};

export class StateMachine {
  constructor(readonly data: StatesData) {}

  /** Every status a conforming server may report (union of 6.5 and 4.4.1). */
  get statuses(): string[] {
    return [...new Set([...this.data.statuses.appendix.values, ...this.data.statuses.field.values])];
  }

  /** Basis of a state rule (STATE_RULES), as instanceStates.json writes it. */
  ruleBasis(id: StateRuleId): Basis {
    return (this.data[STATE_RULE_DATA[id]] as { basis: Basis }).basis;
  }

  transitionFor(section: string, action?: string): Transition | undefined {
    return this.data.transitions.find((t) => t.section === section && (t.action === undefined || t.action === action));
  }

  /** The code a conforming server answers when `section` is attempted in `status`, or undefined when allowed. */
  refusal(section: string, status: string, action?: string): string | undefined {
    const t = this.transitionFor(section, action);
    if (t?.via === 'DELETING') return t.from?.includes(status) ? undefined : this.data.deleteRefused.statuses.includes(status) ? this.data.deleteRefused.errorCode : this.data.requiresRunning.errorCode;
    if (t?.from && !t.from.includes(status)) return this.busyCode(status);
    if (this.data.requiresRunning.sections.includes(section) && !this.data.statuses.serving.values.includes(status)) return this.busyCode(status);
    return undefined;
  }

  /** Codes any of which a conforming server may use to refuse an operation for the instance's status. */
  get busyCodes(): string[] {
    const r = this.data.requiresRunning;
    return [...new Set([r.errorCode, ...Object.values(r.busyCodes), ...r.alsoAccepted, this.data.deleteRefused.errorCode])];
  }

  private busyCode(status: string): string {
    return this.data.requiresRunning.busyCodes[status] ?? this.data.requiresRunning.errorCode;
  }
}
