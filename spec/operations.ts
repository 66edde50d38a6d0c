// A typed view of one operation of the dereferenced OpenAPI document.
import type { HttpMethod, JsonObject, Lines, Note } from './types.ts';

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonObject;
  lines?: Lines;
}

export interface ResponseInfo {
  status: number;
  description: string;
  schema?: JsonObject;
  /** `excuse`: why the example breaks its own schema (spec/src/errata.json exampleExcuses). */
  examples: { name: string; value?: unknown; raw?: string; lines?: Lines; excuse?: string }[];
}

export interface OperationInfo {
  id: string;
  method: HttpMethod;
  path: string;
  section: string;
  title: string;
  /** The chapter-4 section it belongs to (the OpenAPI tag): a capability such as "4.5 Backup and Restoration". */
  capability: string;
  lines: Lines;
  action?: string;
  actionBasis?: 'stated' | 'inferred';
  /** No action: a read Table 5-1 does not list, open to every authenticated user of the project (spec/src/iamActions.inferred.json unlistedReads). */
  openToProject?: true;
  parameters: ParameterInfo[];
  requestBody?: { required: boolean; schema?: JsonObject; examples: ResponseInfo['examples'] };
  responses: Map<number, ResponseInfo>;
  notes: Note[];
  /** Matches a concrete request path; groups are named after the path parameters. */
  pathPattern: RegExp;
  raw: JsonObject;
}

type Example = { value?: unknown; 'x-dcs-raw'?: string; 'x-dcs-lines'?: Lines; 'x-dcs-excuse'?: string };
/** Where the bundle keeps the examples that break their schema (spec/build/bundle.ts sets them aside). */
export const EXCUSED_EXAMPLES = 'x-dcs-excused-examples';
type MediaType = { schema?: JsonObject; examples?: Record<string, Example> } & Partial<Record<typeof EXCUSED_EXAMPLES, Record<string, Example>>>;

/** The reference's examples of a media type, in the reference's order: the valid ones and those the bundle set aside as excused (spec/build/bundle.ts). */
function examplesOf(media: MediaType | undefined): ResponseInfo['examples'] {
  return Object.entries({ ...media?.examples, ...media?.[EXCUSED_EXAMPLES] })
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([name, ex]) => ({
      name,
      ...('value' in ex ? { value: ex.value } : {}),
      ...(ex['x-dcs-raw'] !== undefined ? { raw: ex['x-dcs-raw'] } : {}),
      ...(ex['x-dcs-lines'] ? { lines: ex['x-dcs-lines'] } : {}),
      ...(ex['x-dcs-excuse'] ? { excuse: ex['x-dcs-excuse'] } : {}),
    }));
}

export function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`));
  return new RegExp(`^${escaped.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}/?$`);
}

export function toOperationInfo(method: string, path: string, op: JsonObject): OperationInfo {
  const body = op.requestBody as { required?: boolean; content?: Record<string, MediaType> } | undefined;
  const bodyMedia = body?.content?.['application/json'];
  const responses = new Map<number, ResponseInfo>();
  for (const [code, r] of Object.entries(op.responses as Record<string, { description: string; content?: Record<string, MediaType> }>)) {
    const media = r.content?.['application/json'];
    responses.set(Number(code), { status: Number(code), description: r.description, ...(media?.schema ? { schema: media.schema } : {}), examples: examplesOf(media) });
  }
  const basis = op['x-dcs-action-basis'] as { basis?: 'stated' | 'inferred'; open?: boolean } | undefined;
  return {
    id: op.operationId as string,
    method: method.toUpperCase() as HttpMethod,
    path,
    section: op['x-dcs-section'] as string,
    title: op['x-dcs-title'] as string,
    capability: ((op.tags as string[] | undefined) ?? [])[0] ?? '',
    lines: op['x-dcs-lines'] as Lines,
    ...(op['x-dcs-action'] ? { action: op['x-dcs-action'] as string, ...(basis?.basis ? { actionBasis: basis.basis } : {}) } : basis?.open ? { openToProject: true as const } : {}),
    parameters: ((op.parameters ?? []) as unknown as (ParameterInfo & { 'x-dcs-lines'?: Lines })[]).map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema, ...(p['x-dcs-lines'] ? { lines: p['x-dcs-lines'] } : {}) })),
    ...(body ? { requestBody: { required: !!body.required, ...(bodyMedia?.schema ? { schema: bodyMedia.schema } : {}), examples: examplesOf(bodyMedia) } } : {}),
    responses,
    notes: (op['x-dcs-notes'] ?? []) as unknown as Note[],
    pathPattern: pathPattern(path),
    raw: op,
  };
}
