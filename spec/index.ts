// Entry point of the machine-readable spec: loads the bundled OpenAPI document, dereferences it with
// swagger-parser, compiles each schema with ajv (strict, formats) on first use, and serves a typed
// index of operations, rules, the error catalog, the state machine and the errata. The bundle is
// validated as OpenAPI 3.1 where it is made and tested (spec/build/bundle.test.ts, the linters), not
// by every process of every run: validating cost ~220 ms more than dereferencing, twice per run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { BUNDLE_FILE } from './build/paths.ts';
import { readFragments, readSrc } from './build/sources.ts';
import { ErrorCatalog } from './errorCatalog.ts';
import { toOperationInfo, type OperationInfo } from './operations.ts';
import { buildLifecycles, type Lifecycles, type LifecyclesData } from './lifecycles.ts';
import { loadRules, type RuleSet } from './rules/index.ts';
import { createAjv, extensionKeywords, runValidator, SchemaValidators, type SchemaCheck } from './schemaValidators.ts';
import { SpecDataError, SpecLookupError } from './errors.ts';
import type { ErrorCatalogData, Erratum, ExampleExcuse, JsonObject, Note } from './types.ts';

export type { OperationInfo, ParameterInfo, ResponseInfo } from './operations.ts';
export type { RuleSet, RuleEntry } from './rules/index.ts';
export type { Lifecycles, ResourceLifecycle, Phase, ValueRef } from './lifecycles.ts';
export { valuesAt } from './lifecycles.ts';
export type * from './types.ts';
export type { Violation } from './rules/violation.ts';
export { ErrorCatalog } from './errorCatalog.ts';
export * from './errors.ts';

export interface OperationErratum extends Note {
  id: string;
  section: string;
}

/** The document the spec was read from (base.json info.x-dcs-reference): what a certificate certifies against. */
export interface ReferenceDocument {
  /** The spec's own title (info.title). */
  title: string;
  document: string;
  publisher: string;
  issue: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  chapters: string;
}

export interface Spec {
  readonly reference: ReferenceDocument;
  /** The bundled document as written (with $refs). */
  readonly bundle: JsonObject;
  /** The dereferenced document (swagger-parser). */
  readonly document: JsonObject;
  /** sha256 of the bundle: reports and replay bundles name the spec they ran against. */
  readonly hash: string;
  readonly operations: readonly OperationInfo[];
  operation(id: string): OperationInfo;
  byMethodPath(method: string, pathTemplate: string): OperationInfo | undefined;
  /** The operation a concrete request goes to, with its path parameters. */
  match(method: string, path: string): { operation: OperationInfo; params: Record<string, string> } | undefined;
  readonly errors: ErrorCatalog;
  readonly rules: RuleSet;
  /** Asynchronous resources: what starts work on them, how to read them back, when it is finished (spec/src/lifecycles.json). */
  readonly lifecycles: Lifecycles;
  readonly errata: readonly Erratum[];
  readonly errataVersion: string;
  readonly operationErrata: readonly OperationErratum[];
  readonly exampleExcuses: readonly ExampleExcuse[];
  /** Every error of the body against its schema (reports, generators). */
  validateRequestBody(operationId: string, body: unknown): SchemaCheck;
  /**
   * The body against its schema, stopping at the first error (at most one, the one
   * validateRequestBody lists first): for a server judging untrusted input, whose work must not grow
   * with the number of errors a body holds.
   */
  checkRequestBody(operationId: string, body: unknown): SchemaCheck;
  validateParameter(operationId: string, name: string, value: unknown): SchemaCheck;
  validateResponse(operationId: string, status: number, body: unknown): SchemaCheck | undefined;
  /**
   * Compiles every schema the validators above use (each is otherwise compiled on first use: a run
   * pays only for the schemas it touches) and answers how many there are. Tests call it to prove every
   * schema compiles in ajv strict mode; a schema that does not throws SpecDataError.
   */
  compileAll(): number;
}

let loading: Promise<Spec> | undefined;

export function loadSpec(): Promise<Spec> {
  return (loading ??= build());
}

async function build(): Promise<Spec> {
  const text = readFileSync(BUNDLE_FILE, 'utf8');
  const bundle = JSON.parse(text) as JsonObject;
  const document = (await SwaggerParser.dereference(structuredClone(bundle) as never)) as unknown as JsonObject;
  const keywords = extensionKeywords(document);
  const validators = new SchemaValidators(createAjv(keywords));
  // Compiled on first use: only a server checks bodies this way.
  const firstError = new SchemaValidators(createAjv(keywords, { allErrors: false }));

  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, JsonObject>>)) {
    for (const [method, op] of Object.entries(item)) operations.push(toOperationInfo(method, path, op));
  }
  const byId = new Map(operations.map((o) => [o.id, o]));
  // Validators compile on first use (compiling all of them cost ~1 s per process that loads the spec,
  // and a run, its worker and the embedded emulator each load it); compileAll() compiles the rest.
  const requestValidator = (o: OperationInfo) => o.requestBody?.schema && validators.compile(`${o.id} request`, o.requestBody.schema);
  const parameterValidator = (o: OperationInfo, p: OperationInfo['parameters'][number]) => validators.compile(`${o.id} ${p.in}:${p.name}`, p.schema);
  const responseValidator = (o: OperationInfo, status: number) => {
    const schema = o.responses.get(status)?.schema;
    return schema && validators.compile(`${o.id} ${status}`, schema);
  };
  const errataData = readSrc<{ version: string; errata: Erratum[]; exampleExcuses?: ExampleExcuse[] }>('errata.json');
  const operationErrata = readFragments().flatMap((f) =>
    (f.notes ?? []).map((n, i) => ({ ...n, section: f.section, id: `${f.section}#${i + 1}` })).filter((n) => n.kind === 'erratum'),
  );
  const operation = (id: string) => {
    const o = byId.get(id);
    if (!o) throw new SpecLookupError(`operation ${id} is not in the spec`);
    return o;
  };
  const paramOf = (id: string, name: string) => operation(id).parameters.find((p) => p.name === name);

  const rules = loadRules();
  const errors = new ErrorCatalog(readSrc<ErrorCatalogData>('errorCatalog.json'));
  const lifecycles = buildLifecycles(readSrc<LifecyclesData>('lifecycles.json'), rules, operations, errors);

  return {
    reference: referenceOf(bundle),
    bundle,
    document,
    hash: createHash('sha256').update(text).digest('hex'),
    operations,
    operation,
    byMethodPath: (method, pathTemplate) => operations.find((o) => o.method === method.toUpperCase() && o.path === pathTemplate),
    match(method, path) {
      const m = method.toUpperCase();
      // Literal segments beat parameters (…/instances/status before …/instances/{instance_id}).
      const hits = operations
        .filter((o) => o.method === m)
        .map((o) => ({ o, g: o.pathPattern.exec(path) }))
        .filter((h) => h.g)
        .toSorted((a, b) => Object.keys(a.g!.groups ?? {}).length - Object.keys(b.g!.groups ?? {}).length);
      const hit = hits[0];
      return hit ? { operation: hit.o, params: { ...hit.g!.groups } } : undefined;
    },
    errors,
    rules,
    lifecycles,
    errata: errataData.errata,
    errataVersion: errataData.version,
    operationErrata,
    exampleExcuses: errataData.exampleExcuses ?? [],
    validateRequestBody(id, body) {
      const o = byId.get(id);
      const fn = o && requestValidator(o);
      if (!fn) throw new SpecLookupError(`operation ${id} has no request body schema`);
      return runValidator(fn, body);
    },
    checkRequestBody(id, body) {
      const schema = operation(id).requestBody?.schema;
      if (!schema) throw new SpecLookupError(`operation ${id} has no request body schema`);
      return runValidator(firstError.get(`${id} request`) ?? firstError.compile(`${id} request`, schema), body);
    },
    validateParameter(id, name, value) {
      const p = paramOf(id, name);
      const fn = p && parameterValidator(operation(id), p);
      if (!fn) throw new SpecLookupError(`operation ${id} has no parameter ${name}`);
      return runValidator(fn, value);
    },
    validateResponse(id, status, body) {
      const o = byId.get(id);
      const fn = o && responseValidator(o, status);
      return fn ? runValidator(fn, body) : undefined;
    },
    compileAll() {
      for (const o of operations) {
        requestValidator(o);
        for (const p of o.parameters) parameterValidator(o, p);
        for (const status of o.responses.keys()) responseValidator(o, status);
      }
      return validators.size;
    },
  };
}

function referenceOf(bundle: JsonObject): ReferenceDocument {
  const info = bundle.info as JsonObject;
  const ref = info['x-dcs-reference'] as Partial<Record<keyof ReferenceDocument, unknown>> | undefined;
  const field = (k: Exclude<keyof ReferenceDocument, 'title'>): string => {
    const v = ref?.[k];
    if (typeof v !== 'string' || !v) throw new SpecDataError(`spec/src/base.json: info.x-dcs-reference.${k} is missing (the reference document a certificate names)`);
    return v;
  };
  return { title: String(info.title), document: field('document'), publisher: field('publisher'), issue: field('issue'), date: field('date'), chapters: field('chapters') };
}
