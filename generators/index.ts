// Public API of the generators: schema-driven requests for any operation, domain values per rule
// family (valid and invalid, each invalid one tagged with what the server must answer), negative
// requests, and reproducible property runs.
export { arbitraryFromSchema, lengthOf, type Schema, type SchemaArbitraryOptions } from './schema/fromSchema.ts';
export { requestArbitrary, renderUrl, requestProblems, operationOf, type GeneratedRequest, type RequestArbitraryOptions, type RequestProblem } from './schema/operation.ts';
export * from './domain/index.ts';
export { canMutate, mutationsOf, negativeRequestArbitrary, MUTATION_KINDS, type MutationKind, type NegativeRequest, type NegativeRequestOptions } from './negative/mutations.ts';
export { expectationFor, fromViolation, genericInvalidParameter, genericInvalidParameterRule, malformedJson, emptyBody, catalogCodeByMessage, bodyFieldExpectation, type Expectation } from './expectations.ts';
export { assertProperty, propertyParameters, type PropertyRunOptions, type PropertyParameters } from './seed.ts';
export * from './errors.ts';
