// The client suites use: calls operations by id (paths and parameters from spec/), sends them through
// the transport, checks every response, and logs every attempt masked.
import type { OperationInfo, Spec } from '../spec/index.ts';
import type { Mode, ResolvedConfig, StartEmulator } from '../config/index.ts';
import { noAuth } from './auth/provider.ts';
import type { AuthProvider, SecretInput } from './auth/types.ts';
import { checkResponse } from './checkResponse.ts';
import type { Expectation, Finding } from './checks/types.ts';
import { InvalidArgumentError } from './errors.ts';
import { toCurl } from './repro/curl.ts';
import { createExchangeLog, type ExchangeLog } from './repro/log.ts';
import { Masker } from './repro/mask.ts';
import { openTarget, type OpenTarget } from './target.ts';
import { createTransport, type Exchange, type HttpRequest, type HttpResponse, type QueryValue, type SentRequest, type TransportOptions } from './transport/client.ts';
import { DEFAULT_RETRY } from './transport/retry.ts';

export interface DcsClientOptions {
  spec: Spec;
  endpoint: string;
  projectId: string;
  auth?: AuthProvider;
  mode?: Mode;
  /** Transport settings (timeouts, retry, rate limit, default headers). */
  transport?: Omit<TransportOptions, 'endpoint' | 'auth' | 'onExchange'>;
  /** Folder for exchanges.jsonl and attachments, all masked. */
  logDir?: string;
  /** Extra values to mask everywhere: the credentials of the other principals a run uses per call, with their placeholders. */
  secrets?: readonly SecretInput[];
  /** Every attempt, masked (reports attach them to the check that sent them). */
  onExchange?: (exchange: Exchange) => void;
}

export interface CallArgs {
  /** Path parameters by name; project_id defaults to the client's project. */
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Replaces the client's auth for this call; null sends no credentials. */
  auth?: AuthProvider | null;
  expect?: Expectation;
  timeoutMs?: number;
  retry?: HttpRequest['retry'];
}

export interface CallResult extends HttpResponse {
  operation: OperationInfo;
  findings: Finding[];
}

export interface DcsClient {
  readonly spec: Spec;
  readonly mode: Mode;
  readonly projectId: string;
  readonly masker: Masker;
  readonly log: ExchangeLog | undefined;
  /** Calls an operation by id and checks the response. */
  call(operationId: string, args?: CallArgs): Promise<CallResult>;
  /** Sends any request (unknown paths, wrong methods) without checking it. */
  send(req: HttpRequest): Promise<HttpResponse>;
  check(operationId: string, response: HttpResponse, expect?: Expectation): Finding[];
  /** The request as a curl command, masked. */
  curl(req: SentRequest): string;
  close(): Promise<void>;
}

/** Catalog codes whose status is one the retry policy treats as throttling. */
export function throttlingCodes(spec: Spec, statuses: readonly number[] = DEFAULT_RETRY.statuses): string[] {
  return spec.errors.codes.filter((c) => statuses.includes(c.status)).map((c) => c.code);
}

// Each operation's path template in pieces, literal text and placeholder names in turn ('/v2/', 'project_id',
// '/instances/', 'instance_id', ''), split once: the path is filled on every call.
const templates = new WeakMap<OperationInfo, readonly string[]>();

/** Fills an operation's path template; every placeholder must be given, in params or else in defaults. */
export function operationPath(operation: OperationInfo, params?: Readonly<Record<string, string | number>> | null, defaults?: Readonly<Record<string, string | number>>): string {
  let pieces = templates.get(operation);
  if (!pieces) templates.set(operation, (pieces = operation.path.split(/\{(\w+)\}/)));
  let path = pieces[0]!;
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i]!;
    // A parameter given, even as undefined, wins over its default (as { ...defaults, ...params } did).
    const v = params && name in params ? params[name] : defaults?.[name];
    if (v === undefined) {
      throw new InvalidArgumentError(`${operation.id} needs path parameter ${name}. Fix: pass it in params, e.g. call('${operation.id}', { params: { ${name}: '…' } }).`);
    }
    path += encodeURIComponent(String(v)) + pieces[i + 1]!;
  }
  return path;
}

export function createClient(options: DcsClientOptions): DcsClient {
  const { spec } = options;
  const mode = options.mode ?? 'strict';
  const auth = options.auth ?? noAuth;
  const masker = new Masker([...auth.secrets, ...(options.secrets ?? [])]);
  const log = options.logDir ? createExchangeLog(options.logDir, masker) : undefined;
  const statuses = options.transport?.retry?.statuses ?? DEFAULT_RETRY.statuses;
  const transport = createTransport({
    ...options.transport,
    retry: { codes: throttlingCodes(spec, statuses), ...options.transport?.retry },
    endpoint: options.endpoint,
    auth,
    onExchange: (ex, parsed) => {
      log?.record(ex, parsed);
      options.onExchange?.({ attempt: ex.attempt, startedAt: ex.startedAt, durationMs: ex.durationMs, request: masker.request(ex.request), response: ex.response ? masker.response(ex.response, parsed) : undefined, error: ex.error });
    },
  });
  const projectDefault = { project_id: options.projectId };
  const check = (operationId: string, response: HttpResponse, expect?: Expectation) =>
    checkResponse(spec, operationId, { status: response.status, headers: response.headers, text: response.text, json: response.isJson ? response.json : undefined }, { mode, expect });

  return {
    spec,
    mode,
    projectId: options.projectId,
    masker,
    log,
    async call(operationId, args = {}) {
      const operation = spec.operation(operationId);
      const path = operationPath(operation, args.params, projectDefault);
      // Literals with every field named, no spreads: this runs on every request of a run (see the
      // transport's send()).
      const response = await transport.send({
        method: operation.method,
        path,
        query: args.query,
        json: args.json,
        body: args.body,
        headers: args.headers,
        auth: args.auth === undefined ? undefined : (args.auth ?? noAuth),
        timeoutMs: args.timeoutMs,
        retry: args.retry,
      });
      const findings = check(operationId, response, args.expect);
      return { status: response.status, headers: response.headers, text: response.text, json: response.json, isJson: response.isJson, request: response.request, attempts: response.attempts, durationMs: response.durationMs, operation, findings };
    },
    send: (req) => transport.send(req),
    check,
    curl: (req) => toCurl(req, masker),
    close: () => transport.close(),
  };
}

export interface ConnectDeps {
  spec: Spec;
  startEmulator?: StartEmulator;
  logDir?: string;
}

/** Opens the configured target and returns a client for it; close() also stops an embedded emulator. */
export async function connect(config: ResolvedConfig, deps: ConnectDeps): Promise<DcsClient & { target: OpenTarget }> {
  const target = await openTarget(config, deps.startEmulator ? { startEmulator: deps.startEmulator } : {});
  const client = createClient({
    spec: deps.spec,
    endpoint: target.endpoint,
    projectId: target.projectId,
    auth: target.auth,
    mode: config.mode,
    transport: target.transport,
    ...(deps.logDir ? { logDir: deps.logDir } : {}),
  });
  return {
    ...client,
    target,
    close: async () => {
      await client.close();
      await target.close();
    },
  };
}
