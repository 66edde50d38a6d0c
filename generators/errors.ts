// Every error the generators raise: one typed class per failure, on the common base
// (common/errors.ts DcsError), each with a stable `code` and a message that says how to fix the input
// (undici's lib/core/errors.js is the model).
//
// Codes: DCS_GEN_ERR (the base), DCS_GEN_UNSATISFIABLE_SCHEMA, DCS_GEN_SCHEMA_TOO_DEEP,
// DCS_GEN_UNKNOWN_OPERATION, DCS_GEN_UNKNOWN_DOMAIN_ENTRY, DCS_GEN_EXPECTATION_LOOKUP, DCS_GEN_RULE_DATA,
// DCS_GEN_INVALID_SEED, DCS_GEN_PROPERTY_FAILED, DCS_GEN_NOTHING_TO_MUTATE.
import { DcsError } from '../common/errors.ts';

export class GeneratorError extends DcsError {
  override readonly code: string = 'DCS_GEN_ERR';
}

/** A schema no value can satisfy (minLength > maxLength, empty enum, `false`, …). */
export class UnsatisfiableSchemaError extends GeneratorError {
  override readonly code = 'DCS_GEN_UNSATISFIABLE_SCHEMA';
  constructor(readonly pointer: string, reason: string) {
    super(`schema at "${pointer || '/'}" cannot be satisfied: ${reason}. Fix the schema in spec/src/ or pass an override arbitrary for this location.`);
  }
}

/** A schema nests deeper than the generator follows, and its required keys keep it from stopping. */
export class SchemaTooDeepError extends GeneratorError {
  override readonly code = 'DCS_GEN_SCHEMA_TOO_DEEP';
  constructor(readonly pointer: string, maxDepth: number) {
    super(`schema at "${pointer}" is deeper than maxDepth ${maxDepth} and still requires properties: raise { maxDepth } or override this location.`);
  }
}

export class UnknownOperationError extends GeneratorError {
  override readonly code = 'DCS_GEN_UNKNOWN_OPERATION';
  constructor(readonly operationId: string) {
    super(`operation "${operationId}" is not in the spec: use an operationId from spec.operations (npm run spec:stats lists them).`);
  }
}

export class UnknownDomainEntryError extends GeneratorError {
  override readonly code = 'DCS_GEN_UNKNOWN_DOMAIN_ENTRY';
  constructor(readonly id: string, known: readonly string[]) {
    super(`no domain generator "${id}": use one of ${known.join(', ')}.`);
  }
}

/** The error catalog or the rule tables lack what an expectation needs. */
export class ExpectationLookupError extends GeneratorError {
  override readonly code = 'DCS_GEN_EXPECTATION_LOOKUP';
}

/** Rule data lacks what a generator needs (a field, a section, a possible value). */
export class RuleDataError extends GeneratorError {
  override readonly code = 'DCS_GEN_RULE_DATA';
}

export class InvalidSeedError extends GeneratorError {
  override readonly code = 'DCS_GEN_INVALID_SEED';
  constructor(readonly variable: string, value: string) {
    super(`${variable}=${JSON.stringify(value)} is not an integer: set it to the number printed as "seed=<n>" (or "numRuns=<n>") by the failing run, or unset it.`);
  }
}

/** A property failed; the message carries the seed and path that replay it. */
export class PropertyFailedError extends GeneratorError {
  override readonly code = 'DCS_GEN_PROPERTY_FAILED';
  constructor(
    readonly property: string,
    readonly seed: number,
    readonly path: string | undefined,
    readonly report: string,
    options?: ErrorOptions,
  ) {
    const replay = `DCS_SEED_FC=${seed}${path ? ` DCS_PATH_FC=${path}` : ''} npx vitest run -t ${JSON.stringify(property)}`;
    super(`property "${property}" failed with seed=${seed}${path ? ` path=${path}` : ''}. Replay it with: ${replay}\n${report}`, options);
  }
}

/** An operation offers nothing a schema-level negative request could break. */
export class NothingToMutateError extends GeneratorError {
  override readonly code = 'DCS_GEN_NOTHING_TO_MUTATE';
  constructor(operationId: string) {
    super(`operation ${operationId} has no body and no constrained query parameter, so no schema-level negative request exists: test it through path parameters or state instead.`);
  }
}
