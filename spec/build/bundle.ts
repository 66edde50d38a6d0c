// Bundles spec/src/ into one OpenAPI 3.1 document (spec/dcs-v2.openapi.json): the base document,
// every operation fragment under its path, the fragments' schemas, and the permission action of
// each operation (stated in Table 5-1, or inferred with reasoning). The bundle is committed so that
// users and other tools (mock servers, linters) get a plain OpenAPI file; a test keeps it fresh.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE } from './paths.ts';
import { readFragments, readRuleFiles, readSrc } from './sources.ts';
import { EXCUSED_EXAMPLES } from '../operations.ts';
import type { ActionRow, ExampleExcuse, JsonObject } from '../types.ts';
import { SpecDataError } from '../errors.ts';

interface InferredActions { assignments: { sections: string[]; action: string; reasoning: string }[]; unlistedReads: { reasoning: string } }

export function bundle(): JsonObject {
  const base = readSrc('base.json');
  const stated = readSrc<{ actions: ActionRow[] }>('iamActions.json').actions;
  const { assignments: inferred, unlistedReads } = readSrc<InferredActions>('iamActions.inferred.json');
  const components = base.components as JsonObject;
  const schemas = components.schemas as JsonObject;
  const paths: Record<string, JsonObject> = {};
  const ids = new Set<string>();

  const chapters = readSrc<{ chapters: { section: string; title: string; line: number }[] }>('chapters.json').chapters;
  const tagOf = (section: string) => {
    const c = chapters.find((ch) => section.startsWith(`${ch.section}.`));
    if (!c) throw new SpecDataError(`${section}: no chapter in spec/src/chapters.json`);
    return `${c.section} ${c.title}`;
  };
  const ruleFields = ruleFieldIndex();
  const excuses = readSrc<{ exampleExcuses?: ExampleExcuse[] }>('errata.json').exampleExcuses ?? [];
  for (const f of readFragments()) {
    linkRules(f.section, f.operation, f.schemas, ruleFields);
    setAsideExcused(f.section, f.operation, excuses);
    const method = f.method.toLowerCase();
    const item = (paths[f.path] ??= {});
    if (item[method]) throw new SpecDataError(`${f.section}: ${f.method} ${f.path} is already defined`);
    const id = f.operation.operationId;
    if (ids.has(id)) throw new SpecDataError(`${f.section}: operationId ${id} is not unique`);
    ids.add(id);
    for (const [name, schema] of Object.entries(f.schemas)) {
      if (name in schemas) throw new SpecDataError(`${f.section}: schema ${name} is already defined`);
      schemas[name] = schema;
    }
    const statedRow = stated.find((r) => r.method === f.method && r.path === f.path.replace(/\/$/, ''));
    const inferredRow = inferred.find((a) => a.sections.includes(f.section));
    // Writes are never open to every user: one Table 5-1 does not cover needs an assignment.
    if (!statedRow && !inferredRow && f.method !== 'GET') throw new SpecDataError(`${f.section}: ${f.method} ${f.path} has no permission action; assign one in spec/src/iamActions.inferred.json`);
    item[method] = {
      ...f.operation,
      tags: [tagOf(f.section)],
      'x-dcs-section': f.section,
      'x-dcs-title': f.title,
      'x-dcs-lines': f.lines,
      'x-dcs-uri-line': f.uriLine,
      ...(statedRow
        ? { 'x-dcs-action': statedRow.action, 'x-dcs-action-basis': { basis: 'stated', lines: statedRow.lines } }
        : inferredRow
          ? { 'x-dcs-action': inferredRow.action, 'x-dcs-action-basis': { basis: 'inferred', reasoning: inferredRow.reasoning } }
          : { 'x-dcs-action-basis': { basis: 'inferred', open: true, reasoning: unlistedReads.reasoning } }),
      ...(f.notes?.length ? { 'x-dcs-notes': f.notes as unknown as JsonObject[] } : {}),
    };
  }
  const tags = chapters.map((c) => ({ name: `${c.section} ${c.title}`, 'x-dcs-section': c.section, 'x-dcs-lines': [c.line, c.line] }));
  return { ...base, tags, paths };
}

export const renderBundle = (): string => `${JSON.stringify(bundle(), null, 2)}\n`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(BUNDLE_FILE, renderBundle());
  console.log(`wrote ${BUNDLE_FILE}`);
}

/**
 * An OpenAPI `examples` entry claims to be a valid instance of its schema (Spectral's
 * oas3-valid-media-example, Redocly's no-invalid-media-type-examples check it). The reference's
 * examples that break their own tables (spec/src/errata.json exampleExcuses) are kept verbatim, with
 * their lines and the excuse, under x-dcs-excused-examples of the same media type instead: the
 * bundle neither drops nor corrects them, and no longer calls them valid. spec/operations.ts serves
 * both lists as one. spec/src keeps them in place: the bundle is where OpenAPI's claim applies.
 */
function setAsideExcused(section: string, operation: JsonObject, excuses: readonly ExampleExcuse[]) {
  for (const x of excuses.filter((e) => e.section === section)) {
    const [where, ...rest] = x.example.split('/');
    const holder = where === 'request' ? (operation.requestBody as JsonObject | undefined) : ((operation.responses as JsonObject)[rest[0]!] as JsonObject | undefined);
    const media = (holder?.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
    const name = rest.at(-1)!;
    const examples = media?.examples as JsonObject | undefined;
    const example = examples?.[name] as JsonObject | undefined;
    if (!media || !examples || !example) throw new SpecDataError(`${section}: errata exampleExcuses names ${x.example}, which the operation does not have`);
    delete examples[name];
    if (!Object.keys(examples).length) delete media.examples;
    media[EXCUSED_EXAMPLES] = { ...(media[EXCUSED_EXAMPLES] as JsonObject | undefined), [name]: { ...example, 'x-dcs-excuse': x.reason } };
  }
}

/** section -> field -> rule ids, from the appliesTo lists of spec/src/rules/. */
function ruleFieldIndex(): Map<string, Map<string, string[]>> {
  const index = new Map<string, Map<string, string[]>>();
  for (const { data } of readRuleFiles()) {
    for (const r of (data.rules ?? []) as { id: string; appliesTo?: { section: string; field: string }[] }[]) {
      for (const a of r.appliesTo ?? []) {
        const bySection = index.get(a.section) ?? new Map<string, string[]>();
        bySection.set(a.field, [...(bySection.get(a.field) ?? []), r.id]);
        index.set(a.section, bySection);
      }
    }
  }
  return index;
}

/** Marks each request-body property that a rule table governs with x-dcs-rule, so generators and the
 *  emulator find the rule from the schema. The schemas in spec/src stay free of this derived data. */
function linkRules(section: string, operation: JsonObject, schemas: Record<string, JsonObject>, index: Map<string, Map<string, string[]>>) {
  const fields = index.get(section);
  if (!fields) return;
  const content = ((operation.requestBody as JsonObject | undefined)?.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
  const ref = (content?.schema as JsonObject | undefined)?.$ref as string | undefined;
  const body = ref ? schemas[ref.split('/').pop()!] : undefined;
  const props = body?.properties as Record<string, JsonObject> | undefined;
  for (const [field, ids] of fields) {
    if (!props?.[field]) throw new SpecDataError(`rule ${ids.join(', ')} applies to ${section} body field ${field}, which the operation does not have`);
    props[field] = { ...props[field], 'x-dcs-rule': ids };
  }
}
