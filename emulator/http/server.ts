// The emulator's HTTP face: one Fastify route per spec operation (the spec is the route table), a
// pipeline of deadlines -> authentication -> project -> IAM -> validation -> handler -> shaping,
// and catalog-coded errors for everything that goes wrong, never a 5xx for bad input.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { JsonObject, OperationInfo, Spec } from '../../spec/index.ts';
import { actionAllowed, type EmulatorConfig } from '../core/config.ts';
import { ApiError, errorReply } from '../core/errors.ts';
import { jsonText } from '../core/json.ts';
import { conform } from '../core/shape.ts';
import type { Store } from '../core/store.ts';
import type { ServerHooks } from '../faults/types.ts';
import type { Handler } from '../resources/context.ts';
import type { ReadLag } from '../realism/readLag.ts';
import { callerOf, type Throttle } from '../realism/throttle.ts';
import { authenticate, type IncomingRequest } from './auth.ts';
import { registerControlApi } from './control.ts';
import { bodyLimitBytes, parseBody, validatePathParams, validateQuery } from './validate.ts';

export interface ServerDeps {
  spec: Spec;
  store: Store;
  config: EmulatorConfig;
  handlers: Record<string, Handler>;
  /** Wall clock for X-Sdk-Date checks (clients sign with real time, whatever the virtual clock says). */
  wallNow?: () => number;
  /** Fault hooks (emulator/faults); absent in a faithful run, which then does no extra work. */
  hooks?: ServerHooks;
  /** Cloud behaviour (emulator/realism): stale reads and throttling; absent for a test double. */
  realism?: { readLag?: ReadLag; throttle?: Throttle };
}

const PROJECT_ID = /^[0-9a-f]{32}$/;

// A frozen body (one built once from the spec or kept for a store epoch, shaped once: core/shape.ts)
// is serialized once, to bytes: a cached catalog then costs a socket write. A string body is encoded
// by the socket on every write, into a scratch allocation of 3 bytes per character (an 83 KB catalog
// took ~250 KB of fresh memory per request: writev was 57 % of the emulator's busy time in bench:vs-prism).
// Its text reuses that of the frozen values inside it (core/json.ts): a filtered catalog or a page of
// kept views is written by joining texts already written.
const jsonCache = new WeakMap<object, Buffer>();
function serialize(body: unknown): string | Buffer {
  if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) return jsonText(body);
  let bytes = jsonCache.get(body);
  if (bytes === undefined) jsonCache.set(body, (bytes = Buffer.from(jsonText(body), 'utf8')));
  return bytes;
}
const JSON_TYPE = 'application/json;charset=utf-8';

export function buildServer(deps: ServerDeps): FastifyInstance {
  const { spec, store, config, handlers } = deps;
  const wallNow = deps.wallNow ?? Date.now;
  const rewriteHeaders = deps.hooks?.request;
  const respond = deps.hooks?.response;
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true, caseSensitive: true }, bodyLimit: bodyLimitBytes(spec), return503OnClosing: false });
  // Bodies stay raw bytes: signatures hash them as sent, and JSON errors must get catalog codes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const send = (reply: FastifyReply, status: number, body?: unknown) => {
    if (body === undefined || status === 204) return reply.code(status).send();
    return reply.code(status).header('content-type', JSON_TYPE).send(serialize(body));
  };
  const sendError = (reply: FastifyReply, err: ApiError) => {
    const r = errorReply(spec.errors, err);
    return send(reply, r.status, r.body);
  };
  // A response hook sees (and may change) exactly the status, headers and body about to be sent.
  const sendHooked = (reply: FastifyReply, op: OperationInfo, status: number, body: unknown, hook: NonNullable<ServerHooks['response']>) => {
    const r = hook({ status, headers: body === undefined || status === 204 ? {} : { 'content-type': JSON_TYPE }, body }, { op });
    reply.code(r.status).headers(r.headers);
    return r.body === undefined || r.status === 204 ? reply.send() : reply.send(JSON.stringify(r.body));
  };

  for (const op of spec.operations) {
    const handler = handlers[op.id];
    // An operation without a handler is not routed (404); the emulator tests require every one.
    if (!handler) continue;
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (req, reply) => {
        // A throttled request is refused before anything else looks at it, as a gateway does (6.1).
        const wait = deps.realism?.throttle?.take(callerOf(req.headers, req.ip));
        if (wait !== undefined) {
          const t = spec.lifecycles.throttling;
          return reply.code(t.status).header(t.header, String(wait)).header('content-type', JSON_TYPE).send(JSON.stringify({ error_code: t.body.error_code, error_msg: t.body.error_msg }));
        }
        let out: { status: number; body?: unknown };
        const writes = op.method !== 'GET';
        try {
          if (writes) store.touch();
          out = await serve(op, handler, req);
        } catch (e) {
          if (!(e instanceof ApiError)) req.log.error(e);
          out = errorReply(spec.errors, e instanceof ApiError ? e : new ApiError(spec.rules.protocol('server.internal').errorCode));
        } finally {
          // Again after: a write that awaited must not leave a view cached from its middle.
          if (writes) store.touch();
        }
        return respond ? sendHooked(reply, op, out.status, out.body, respond) : send(reply, out.status, out.body);
      },
    });
  }

  // What serve() needs of an operation that the spec fixes: computed once per operation, not per request.
  const statics = new Map<OperationInfo, { status: number; schemas: Map<number, JsonObject | undefined> }>();
  const staticsOf = (op: OperationInfo) => {
    let s = statics.get(op);
    if (!s) {
      const schemas = new Map([...op.responses].map(([code, r]) => [code, r.schema as JsonObject | undefined]));
      statics.set(op, (s = { status: [...op.responses.keys()].filter((c) => c < 300).sort()[0] ?? 200, schemas }));
    }
    return s;
  };

  async function serve(op: OperationInfo, handler: Handler, req: FastifyRequest): Promise<{ status: number; body?: unknown }> {
    store.settle();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // The request as received (decoded path, query pairs, bytes) is only read by a signature check
    // and by fault hooks: a token-authenticated request of a faithful emulator never builds it.
    const receivedOf = (): Omit<IncomingRequest, 'headers'> => {
      const url = new URL(req.url, 'http://emulator');
      return { method: req.method, path: decodeURIComponent(url.pathname), query: [...url.searchParams.entries()] as [string, string][], body: raw };
    };
    const headers = rewriteHeaders ? rewriteHeaders({ op, headers: req.headers, config, received: receivedOf() }) : req.headers;
    const { user } = authenticate(headers, receivedOf, config, spec.rules, wallNow());
    const params = req.params as Record<string, string>;
    const headerProject = [headers['x-project-id']].flat()[0];
    const projectId = params.project_id ?? headerProject ?? user.projects[0]!;
    if (params.project_id !== undefined && !PROJECT_ID.test(params.project_id)) throw new ApiError(spec.rules.protocol('request.invalid-project-id').errorCode);
    if (!user.projects.includes(projectId)) throw new ApiError(spec.rules.protocol('auth.project-mismatch').errorCode);
    if (!actionAllowed(user, op)) throw new ApiError(spec.rules.protocol('iam.action-denied').errorCode);
    validatePathParams(spec, op, params);
    const query = validateQuery(spec, op, req.query as Record<string, string>);
    const body = parseBody(spec, op, raw);
    const project = store.project(projectId)!;
    // A read may be answered from what the same caller was answered a moment ago (bounded lag).
    const lag = op.method === 'GET' ? deps.realism?.readLag : undefined;
    const lagKey = lag ? `${user.name} ${projectId} ${req.url}` : '';
    const kept = lag?.get(lagKey);
    if (kept) return kept;
    const result = await handler({ spec, store, config, op, user, project, params, query, body, now: store.clock.now() });
    const known = staticsOf(op);
    const status = result.status ?? known.status;
    const answer = { status, body: result.body === undefined ? undefined : conform(known.schemas.get(status), result.body) };
    lag?.keep(lagKey, answer);
    return answer;
  }

  if (config.controlApi) registerControlApi(app, store);

  // Paths of the spec answered with another method get 405; anything else is an unknown URL.
  app.setNotFoundHandler((req, reply) => {
    const path = new URL(req.url, 'http://emulator').pathname;
    const known = spec.operations.some((o) => o.pathPattern.test(path));
    return sendError(reply, new ApiError(spec.rules.protocol(known ? 'request.method-not-allowed' : 'request.unknown-url').errorCode));
  });
  app.setErrorHandler((err, _req, reply) => {
    // Fastify's own errors (body too large, bad URL encoding…) are the client's fault: 4xx.
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) return sendError(reply, new ApiError(spec.rules.protocol('server.internal').errorCode));
    return sendError(reply, new ApiError(spec.rules.protocol('request.malformed-json').errorCode));
  });
  return app;
}
