// The API's asynchronous resources (spec/src/lifecycles.json) as typed data: which requests start
// work on which resource, how a client reads it back, and which statuses mean pending, done or
// failed. Classifications that follow from rule tables (the instance state machine, ACL accounts,
// migration tasks) are derived from them here, so nothing is written twice.
import type { ErrorCatalog } from './errorCatalog.ts';
import type { OperationInfo } from './operations.ts';
import type { RuleSet } from './rules/index.ts';
import type { Lines } from './types.ts';
import { LifecycleSpecError } from './errors.ts';

export type Phase = 'pending' | 'done' | 'failed';

/** Where a value is found: the request's path/query/body or the response, then a field path ([] = every element). */
export interface ValueRef {
  where: 'path' | 'query' | 'body' | 'response';
  path: string;
}

export interface StartRule {
  /** Operations whose accepted request starts (or ends) work on the resource. */
  operations: ReadonlySet<string>;
  /** Any write (non-GET) operation, whatever its section. */
  writes: boolean;
  id: ValueRef;
  /** Only elements whose sibling fields have these values (a batch's per-instance result). */
  when?: Record<string, string>;
  /** The request deletes the resource: the wait ends when the read says not found. */
  ends?: 'gone';
}

/** A parameter of the read: the resource's ID, or a value of the request that started the work. */
export type ReadParam = { from: 'id' } | { from: 'start'; ref: ValueRef };

export interface ResourceLifecycle {
  id: string;
  title: string;
  startedBy: StartRule[];
  read: {
    operation: OperationInfo;
    path: Record<string, ReadParam>;
    query: Record<string, ReadParam>;
    /** The response field holding the items, when the read is a list; undefined for one object. */
    list?: string;
    /** The item field matching the resource ID; undefined: every item counts (a collection of the resource's parent). */
    key?: string;
    status: string;
  };
  /** Phase of a status; statuses the classification does not list are pending. */
  phase(status: unknown): Phase;
  /** The protocol rule whose answer means "does not exist" for the read, when it has one of its own. */
  gone?: { status: number; codes: string[] };
  basis: 'stated' | 'inferred';
  sources: { section: string; lines: Lines; text: string }[];
  reasoning?: string;
}

export interface Lifecycles {
  resources: readonly ResourceLifecycle[];
  resource(id: string): ResourceLifecycle;
  /** Refusal codes (numeric twins included) meaning "work in progress: try again once it ends". */
  busyCodes: readonly string[];
  throttling: { status: number; header: string; anyMethod: boolean; body: { error_code: string; error_msg: string } };
}

interface RawStart {
  sections?: string[];
  writes?: boolean;
  id: string;
  when?: Record<string, string>;
  ends?: 'gone';
}

interface RawResource {
  id: string;
  title: string;
  startedBy: RawStart[];
  read: { section: string; path: Record<string, string>; query?: Record<string, string>; list?: string; key?: string; status: string };
  statuses: { pending?: string[]; done?: string[]; failed?: string[]; stateMachine?: true; rule?: string };
  gone?: string;
  basis: 'stated' | 'inferred';
  sources: { section: string; lines: Lines; text: string }[];
  reasoning?: string;
}

export interface LifecyclesData {
  resources: RawResource[];
  busy: { stateMachine: boolean; rules: string[] };
  throttling: { status: number; header: string; anyMethod: boolean; body: { error_code: string; error_msg: string } };
}

export function parseRef(text: string, where: string): ValueRef {
  const m = /^(path|query|body|response):([\w.[\]]+)$/.exec(text);
  if (!m) throw new LifecycleSpecError(where, `"${text}" is not <path|query|body|response>:<field path>`);
  return { where: m[1] as ValueRef['where'], path: m[2]! };
}

/**
 * Every value at a field path ("instances[].instance_id"); strings and numbers only. `when` keeps only
 * the values whose object (the last field's owner) has those field values.
 */
export function valuesAt(root: unknown, path: string, when?: Record<string, string>): string[] {
  let current: unknown[] = [root];
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    const many = part.endsWith('[]');
    const name = many ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    const owners = i === parts.length - 1 && when ? current.filter((v) => v && typeof v === 'object' && Object.entries(when).every(([k, want]) => String((v as Record<string, unknown>)[k]) === want)) : current;
    for (const v of owners) {
      const field = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[name] : undefined;
      if (many) next.push(...(Array.isArray(field) ? field : []));
      else if (field !== undefined) next.push(field);
    }
    current = next;
  }
  return current.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

interface Classification {
  pending: string[];
  done: string[];
  failed: string[];
}

function classify(raw: RawResource, rules: RuleSet): Classification {
  const s = raw.statuses;
  if (s.stateMachine) {
    const d = rules.states.data.statuses;
    return { pending: [], done: d.serving.values, failed: d.terminalFailure.values };
  }
  if (s.rule === 'acl.lifecycle') {
    const r = rules.byId(s.rule) as unknown as { statuses: { creating: string; available: string; updating: string; deleting: string } };
    // ERROR and DELETEFAILED are the documented statuses that name no task in progress (4.10.2).
    return { pending: [r.statuses.creating, r.statuses.updating, r.statuses.deleting], done: [r.statuses.available], failed: ['ERROR', 'DELETEFAILED'] };
  }
  if (s.rule === 'migration.task-state') {
    const r = rules.byId(s.rule) as unknown as { backupImport: { via: string; to: string; failTo: string }; online: { pending: string; via: string; to: Record<string, string>; failTo: string }; stop: { via: string; to: string } };
    return {
      pending: [r.backupImport.via, r.online.via, r.stop.via],
      done: [r.backupImport.to, r.online.pending, ...Object.values(r.online.to), r.stop.to],
      failed: [r.backupImport.failTo, r.online.failTo],
    };
  }
  if (s.rule) throw new LifecycleSpecError(raw.id, `no derivation for rule ${s.rule}`);
  return { pending: s.pending ?? [], done: s.done ?? [], failed: s.failed ?? [] };
}

export function buildLifecycles(data: LifecyclesData, rules: RuleSet, operations: readonly OperationInfo[], errors: ErrorCatalog): Lifecycles {
  const bySection = (section: string, where: string) => {
    const ops = operations.filter((o) => o.section === section);
    if (!ops.length) throw new LifecycleSpecError(where, `section ${section} has no operation`);
    return ops;
  };
  const param = (text: string, where: string): ReadParam => (text === 'id' ? { from: 'id' } : text.startsWith('start:') ? { from: 'start', ref: parseRef(text.slice(6), where) } : (() => { throw new LifecycleSpecError(where, `"${text}" is neither id nor start:<where>:<field>`); })());
  const resources = data.resources.map((raw): ResourceLifecycle => {
    const c = classify(raw, rules);
    const [read] = bySection(raw.read.section, `${raw.id}.read`);
    const gone = raw.gone ? rules.protocol(raw.gone) : undefined;
    return {
      id: raw.id,
      title: raw.title,
      startedBy: raw.startedBy.map((s, i) => ({
        operations: new Set((s.sections ?? []).flatMap((sec) => bySection(sec, `${raw.id}.startedBy[${i}]`).map((o) => o.id))),
        writes: !!s.writes,
        id: parseRef(s.id, `${raw.id}.startedBy[${i}]`),
        ...(s.when ? { when: s.when } : {}),
        ...(s.ends ? { ends: s.ends } : {}),
      })),
      read: {
        operation: read!,
        path: Object.fromEntries(Object.entries(raw.read.path).map(([k, v]) => [k, param(v, `${raw.id}.read.path.${k}`)])),
        query: Object.fromEntries(Object.entries(raw.read.query ?? {}).map(([k, v]) => [k, param(v, `${raw.id}.read.query.${k}`)])),
        ...(raw.read.list ? { list: raw.read.list } : {}),
        ...(raw.read.key ? { key: raw.read.key } : {}),
        status: raw.read.status,
      },
      phase: (status) => (c.done.includes(String(status)) ? 'done' : c.failed.includes(String(status)) ? 'failed' : 'pending'),
      ...(gone ? { gone: { status: gone.status ?? 400, codes: [gone.errorCode] } } : {}),
      basis: raw.basis,
      sources: raw.sources,
      ...(raw.reasoning ? { reasoning: raw.reasoning } : {}),
    };
  });
  const busyCodes = [...(data.busy.stateMachine ? rules.states.busyCodes : []), ...data.busy.rules.map((id) => rules.byId(id).errorCode)];
  return {
    resources,
    resource: (id) => {
      const r = resources.find((x) => x.id === id);
      if (!r) throw new LifecycleSpecError(id, 'no such resource');
      return r;
    },
    // A busy refusal may come in either family of codes (DCS.4096 or its twin 111400096).
    busyCodes: [...new Set(busyCodes.flatMap((c) => errors.equivalents(c)))],
    throttling: data.throttling,
  };
}
