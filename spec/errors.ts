// Every error spec/ raises: a typed class with a stable `code` that callers match on (never the text)
// and a message that names the datum and the file that holds it. spec/ is at the bottom of the house
// and imports nothing of ours, so its base is its own, of the same shape as common/errors.ts's DcsError
// (a `code` and the class's name).
//
// Codes: DCS_SPEC_ERROR (the base), DCS_SPEC_LOOKUP, DCS_SPEC_DATA, DCS_SPEC_LIFECYCLE,
// DCS_SPEC_REFERENCE_TEXT, DCS_SEED_NOT_FOUND.

export class SpecError extends Error {
  readonly code: string = 'DCS_SPEC_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A name the spec does not have: an operation, its body schema or parameter, a rule, an error code. */
export class SpecLookupError extends SpecError {
  override readonly code = 'DCS_SPEC_LOOKUP';
}

/** The data under spec/src/ lacks or contradicts what the loader or the bundle needs (the message names the file). */
export class SpecDataError extends SpecError {
  override readonly code = 'DCS_SPEC_DATA';
}

/** spec/src/lifecycles.json names something the spec does not have, or says it in a form not read. */
export class LifecycleSpecError extends SpecError {
  override readonly code = 'DCS_SPEC_LIFECYCLE';
  constructor(where: string, problem: string) {
    super(`spec/src/lifecycles.json: ${where}: ${problem}`);
  }
}

/** The API reference text does not hold what a reader looks for (a chapter, a table, a URI line). */
export class ReferenceTextError extends SpecError {
  override readonly code = 'DCS_SPEC_REFERENCE_TEXT';
}

/** The API reference text is in none of the places looked in. */
export class SeedNotFoundError extends SpecError {
  override readonly code = 'DCS_SEED_NOT_FOUND';
  constructor(tried: string[], fileName: string) {
    super(`API reference text not found (tried ${tried.join(', ')}). Set DCS_SEED=/path/to/${fileName} or place the shared/ folder beside the project.`);
  }
}
