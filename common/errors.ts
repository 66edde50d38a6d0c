// The base of the project's typed errors: a stable `code` that callers match on (never the text), and
// the class's own name. Each layer keeps its errors in one module built on it (config/errors.ts,
// generators/errors.ts, emulator/core/errors.ts, harness/errors.ts, suites/engine/errors.ts,
// reporters/errors.ts, cli/errors.ts), each class with its code and a message that says the fix; a
// throw that cannot happen unless the code is wrong uses its layer's internal error. spec/ imports
// nothing of ours: spec/errors.ts has a base of the same shape. testing/errors.test.ts fails on a plain
// Error, an error class outside an errors module, or a code used twice.
//
// Codes: DCS_ERROR (the base; every class overrides it).

export class DcsError extends Error {
  readonly code: string = 'DCS_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
