// What a broken rule looks like, wherever it is found (emulator input validation, generator tags,
// suite expectations): the rule id, what kind of breach, the error code a conforming server answers.
export interface Violation {
  rule: string;
  kind: string;
  errorCode: string;
  message: string;
}

export const violation = (rule: string, errorCode: string, kind: string, message: string): Violation => ({ rule, kind, errorCode, message });
