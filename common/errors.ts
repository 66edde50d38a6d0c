// The base of the project's typed errors: a stable `code` that callers match on (never the text), and
// the class's own name. Each layer keeps its errors in one module built on it (harness/errors.ts,
// config/errors.ts), each class with its code and a message that says the fix.

export class DcsError extends Error {
  readonly code: string = 'DCS_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
