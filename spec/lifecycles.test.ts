// The asynchronous resources of spec/src/lifecycles.json are tied to the reference (lines inside
// their sections), to the operations (every field they name exists), and to the documented status
// values (every classified status is one the read documents, and every documented one is classified).
import { describe, expect, test } from 'vitest';
import { loadSpec, type JsonObject, type OperationInfo, type ValueRef } from './index.ts';
import { readSrc } from './build/sources.ts';
import type { LifecyclesData } from './lifecycles.ts';
import { reference, sectionRange, within } from '../testing/referenceText.ts';

const spec = await loadSpec();
const { lifecycles } = spec;
const raw = readSrc<LifecyclesData>('lifecycles.json');

/** The schema at a field path of a response or request schema ("instances[].instance_id"). */
function schemaAt(schema: JsonObject | undefined, path: string): JsonObject | undefined {
  let s = schema;
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    s = (s?.properties as Record<string, JsonObject> | undefined)?.[name];
    if (part.endsWith('[]')) s = s?.items as JsonObject | undefined;
  }
  return s;
}

const successSchemas = (op: OperationInfo) => [...op.responses.entries()].filter(([st]) => st < 300).map(([, r]) => r);

/** Whether an operation can carry the value a reference names. */
function carries(op: OperationInfo, ref: ValueRef): boolean {
  if (ref.where === 'path' || ref.where === 'query') return op.parameters.some((p) => p.in === ref.where && p.name === ref.path);
  if (ref.where === 'body') return !!schemaAt(op.requestBody?.schema as JsonObject | undefined, ref.path);
  // A response field documented by the schema, or shown by the reference's example (4.16.1 has only an example).
  return successSchemas(op).some((r) => !!schemaAt(r.schema as JsonObject | undefined, ref.path) || r.examples.some((e) => JSON.stringify(e.value ?? null).includes(`"${ref.path.split('.').at(-1)!.replace('[]', '')}"`)));
}

describe('lifecycles of asynchronous resources', () => {
  reference.test('every source lies inside the section it names', () => {
    const all = [...raw.resources.flatMap((r) => r.sources.map((s) => ({ who: r.id, ...s }))), ...(raw as unknown as { notAwaited: { what: string; sources: { section: string; lines: [number, number] }[] }[] }).notAwaited.flatMap((n) => n.sources.map((s) => ({ who: n.what, ...s })))];
    for (const s of all) {
      const range = sectionRange(s.section);
      expect(range, `${s.who}: section ${s.section}`).toBeDefined();
      expect(within(s.lines, range!), `${s.who}: lines ${s.lines} not in ${s.section} ${range}`).toBe(true);
    }
    const t = (raw as unknown as { throttling: { sources: { section: string; lines: [number, number] }[] } }).throttling;
    for (const s of t.sources) expect(within(s.lines, sectionRange(s.section)!), `throttling lines ${s.lines}`).toBe(true);
  });

  test('every request that starts work carries the ID where the resource says it is', () => {
    for (const r of lifecycles.resources) {
      for (const start of r.startedBy) {
        expect(start.writes || start.operations.size > 0, `${r.id}: a start names operations or all writes`).toBe(true);
        for (const opId of start.operations) expect(carries(spec.operation(opId), start.id), `${r.id}: ${opId} carries ${start.id.where}:${start.id.path}`).toBe(true);
      }
    }
  });

  test('every read parameter exists, and values taken from the starting request exist in every starting operation', () => {
    for (const r of lifecycles.resources) {
      const op = r.read.operation;
      expect(op.method, `${r.id}: the read is a GET`).toBe('GET');
      for (const [name, p] of [...Object.entries(r.read.path), ...Object.entries(r.read.query)]) {
        expect(op.parameters.some((x) => x.name === name), `${r.id}: ${op.id} has parameter ${name}`).toBe(true);
        if (p.from !== 'start') continue;
        for (const start of r.startedBy) for (const opId of start.operations) expect(carries(spec.operation(opId), p.ref), `${r.id}: ${opId} carries ${p.ref.where}:${p.ref.path} for the read`).toBe(true);
      }
      const body = successSchemas(op)[0]?.schema as JsonObject | undefined;
      const holder = r.read.list ? schemaAt(body, `${r.read.list}[]`) : body;
      expect(holder, `${r.id}: ${op.id} answers ${r.read.list ?? 'an object'}`).toBeDefined();
      expect(schemaAt(holder, r.read.status), `${r.id}: ${op.id} documents ${r.read.status}`).toBeDefined();
      if (r.read.key) expect(schemaAt(holder, r.read.key), `${r.id}: ${op.id} items have ${r.read.key}`).toBeDefined();
    }
  });

  test('explicit classifications use documented values, and every documented value is classified', () => {
    for (const res of raw.resources) {
      const r = lifecycles.resource(res.id);
      const op = r.read.operation;
      const body = successSchemas(op)[0]?.schema as JsonObject | undefined;
      const field = schemaAt(r.read.list ? schemaAt(body, `${r.read.list}[]`) : body, r.read.status);
      const documented = (field?.enum as string[] | undefined) ?? [];
      const s = res.statuses;
      const listed = [...(s.pending ?? []), ...(s.done ?? []), ...(s.failed ?? [])];
      if (documented.length) for (const v of listed) expect(documented, `${r.id}: ${v} is a documented value of ${op.id}.${r.read.status}`).toContain(v);
      // Every documented value of a read that has an enum gets a phase other than the default, unless pending is what it means.
      for (const v of documented) {
        const phase = r.phase(v);
        if (s.stateMachine || s.rule || (s.pending ?? []).includes(v)) continue;
        expect(phase === 'done' || phase === 'failed', `${r.id}: documented value ${v} of ${op.id}.${r.read.status} is classified`).toBe(true);
      }
    }
  });

  test('derived classifications follow the rules they come from', () => {
    const states = spec.rules.states.data.statuses;
    const instance = lifecycles.resource('instance');
    for (const s of states.serving.values) expect(instance.phase(s)).toBe('done');
    for (const s of states.terminalFailure.values) expect(instance.phase(s)).toBe('failed');
    for (const t of spec.rules.states.data.transitions) if (t.via) expect(instance.phase(t.via), t.id).toBe('pending');
    const migration = spec.rules.byId('migration.task-state') as unknown as { migrating: string[]; stop: { via: string } };
    const task = lifecycles.resource('migration-task');
    expect(task.phase(migration.stop.via)).toBe('pending');
    const acl = spec.rules.byId('acl.lifecycle') as unknown as { statuses: Record<string, string> };
    const accounts = lifecycles.resource('acl-accounts');
    expect(Object.values(acl.statuses).map((s) => accounts.phase(s)).sort()).toEqual(['done', 'pending', 'pending', 'pending']);
  });

  test('busy codes are catalog refusals (400), both code families, and include the state machine and the rules named', () => {
    expect(lifecycles.busyCodes.length).toBeGreaterThan(5);
    for (const code of lifecycles.busyCodes) expect(spec.errors.get(code)?.status, code).toBe(400);
    for (const code of spec.rules.states.busyCodes) expect(lifecycles.busyCodes).toContain(code);
    for (const id of raw.busy.rules) expect(lifecycles.busyCodes, id).toContain(spec.rules.byId(id).errorCode);
    for (const code of lifecycles.busyCodes) for (const twin of spec.errors.equivalents(code)) expect(lifecycles.busyCodes).toContain(twin);
  });

  reference.test('throttling is the status the reference gives it, with no code the catalog has for something else', () => {
    expect(lifecycles.throttling.status).toBe(429);
    expect(spec.errors.get(lifecycles.throttling.body.error_code)).toBeUndefined();
  });
});
