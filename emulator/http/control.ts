// The control API under /__emulator/: the virtual clock, for tests and suites that must not wait
// for real minutes. Off when the emulator plays a cloud that has no such thing (controlApi: false).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/store.ts';
import { runDiagnosis } from '../resources/diagnosis.ts';
import { CONTROL_PREFIX, PENDING_HEADER, SEQ_HEADER, SETTLE_HEADER } from './controlProtocol.ts';

/** Advances to the last pending deadline: every asynchronous change completes. Returns how many ran. */
function settleAll(store: Store): number {
  let ran = 0;
  for (let next = store.scheduler.next; next !== undefined; next = store.scheduler.next) {
    store.clock.advance(Math.max(0, next - store.clock.now()));
    ran += store.settle();
  }
  return ran;
}

export function registerControlApi(app: FastifyInstance, store: Store): void {
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.headers[SETTLE_HEADER] !== undefined) settleAll(store);
    done();
  });
  let answered = 0;
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header(PENDING_HEADER, String(store.scheduler.pending));
    reply.header(SEQ_HEADER, String(++answered));
    done(null, payload);
  });
  const clockState = () => ({ now: store.clock.now(), iso: store.clock.iso(), mode: store.clock.mode, pending: store.scheduler.pending, next: store.scheduler.next ?? null });
  app.get(`${CONTROL_PREFIX}/clock`, async () => clockState());
  app.post(`${CONTROL_PREFIX}/clock/advance`, async (req, reply) => {
    const q = new URL(req.url, 'http://e').searchParams;
    let ms = Number(q.get('ms'));
    if (!q.has('ms') && Buffer.isBuffer(req.body) && req.body.length) {
      try {
        ms = Number((JSON.parse(req.body.toString('utf8')) as { ms?: unknown }).ms);
      } catch {
        ms = Number.NaN;
      }
    }
    if (!Number.isFinite(ms) || ms < 0) return reply.code(400).send({ error: 'give ms (a non-negative number of milliseconds) as ?ms= or {"ms": …}' });
    store.clock.advance(ms);
    const ran = store.settle();
    return { ...clockState(), ran };
  });
  /** Starts an instance diagnosis (the reference has no public operation for it; see resources/diagnosis.ts). */
  app.post(`${CONTROL_PREFIX}/projects/:project_id/instances/:instance_id/diagnosis`, async (req, reply) => {
    const { project_id = '', instance_id = '' } = req.params as Record<string, string | undefined>;
    const project = store.project(project_id);
    const inst = project?.instances.get(instance_id);
    if (!project || !inst) return reply.code(404).send({ error: `no instance ${instance_id} in project ${project_id}` });
    return { report_id: runDiagnosis(store, project, inst).report_id };
  });
  /** Advances to the last pending deadline: every asynchronous change completes. */
  app.post(`${CONTROL_PREFIX}/clock/settle`, async () => {
    const ran = settleAll(store);
    return { ...clockState(), ran };
  });
}
