// Instance statuses and which operations each status allows (spec/src/rules/instance-states.json).
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

export interface StatesData {
  statuses: { appendix: { values: string[] }; field: { values: string[] }; terminalFailure: { values: string[] }; serving: { values: string[] } };
  transitions: Transition[];
  requiresRunning: { sections: string[]; errorCode: string; busyCodes: Record<string, string>; alsoAccepted: string[] };
  deleteRefused: { statuses: string[]; errorCode: string };
  notFound: { status: number; errorCode: string };
  /** wrongPassword / locked: the 200 `result` values the reference's table gives a wrong and a locked attempt. */
  passwordLockout: { maxFailures: number; lockMinutes: number; resetWhileLocked: { errorCode: string }; wrongPassword: { result: string }; locked: { result: string } };
  listFilters: { include_failure: { statuses: string[] } };
  capabilities: { id: string; sections: string[]; cacheModes?: string[]; engineVersions?: string[]; errorCode: string }[];
}

export class StateMachine {
  constructor(readonly data: StatesData) {}

  /** Every status a conforming server may report (union of 6.5 and 4.4.1). */
  get statuses(): string[] {
    return [...new Set([...this.data.statuses.appendix.values, ...this.data.statuses.field.values])];
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
