// security: authentication, tenant isolation, IAM and routing, for every operation of the spec.
// Authentication and authorisation are decided from the credential, the path's project and the
// operation's action before any resource is looked up, so these cases aim at well-formed IDs that
// name nothing and the reference's example bodies: they make nothing on a conforming target and
// need no prerequisites. Whatever a departing target creates anyway is tracked and removed.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { OperationInfo, RuleEntry, Spec } from '../../spec/index.ts';
import { arbitraryFromSchema } from '../../generators/index.ts';
import { akskAuth, bodySha256, CONTENT_SHA256, failures, signRequest, tokenAuth, type AkSkCredentials, type AuthProvider, type CallArgs, type CallResult, type Expectation, type HttpResponse } from '../../harness/index.ts';
import { accepts } from '../../harness/checks/errata.ts';
import { conforms, departure } from '../engine/assert.ts';
import { need } from '../engine/needs.ts';
import { CaseSkipped, type Case, type Profile, type SuiteContext } from '../engine/types.ts';
import { caseFor, createdInstances, exampleBody, needsNoResource, seedFor, successStatuses } from '../cases/common.ts';

const SUITE = 'security';
const AKSK_ERRATUM = 'aksk-failure-code';

// ---------------------------------------------------------------------------------------------
// Reading the spec

interface Answer {
  rule: string;
  status: number;
  codes: string[];
  expect: Expectation;
}

/** The documented answer of a protocol rule: its status (or its code's catalog status) and code. */
function answer(spec: Spec, ruleId: string): Answer {
  const r: RuleEntry = spec.rules.protocol(ruleId);
  const status = r.status ?? spec.errors.require(r.errorCode).status;
  return { rule: r.id, status, codes: [r.errorCode], expect: { status, codes: [r.errorCode], rule: r.id } };
}

const idParams = (op: OperationInfo) => op.parameters.filter((p) => p.in === 'path' && p.name !== 'project_id');
const hasProject = (op: OperationInfo) => op.parameters.some((p) => p.in === 'path' && p.name === 'project_id');

/**
 * Whether a read-only user is denied this operation, from its chapter-5 action alone. A read-only
 * user (config principals.readonly; the emulator's `readonly`) holds the get/list actions of every
 * resource type (dcs:*:get, dcs:*:get*, dcs:*:list): an action whose verb is neither lacks in its
 * policy, whatever the HTTP method (POST …/ssl-certs/download is dcs:ssl:get). Every write has an
 * action, stated or inferred (the spec bundle refuses one without); an operation with none is a read
 * the spec leaves open to every user of the project (OperationInfo.openToProject), never denied.
 */
export function readonlyLacks(action: string | undefined): boolean {
  if (!action) return false;
  const verb = action.split(':').at(-1) ?? '';
  return !/^(get|list)/.test(verb);
}

/** The operation the one-off cases (AK/SK, routing, read-only control) use: a GET list of the project. */
function listOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'GET' && needsNoResource(o) && hasProject(o) && !o.parameters.some((p) => p.in === 'query' && p.required) && !readonlyLacks(o.action));
  if (!op) throw new Error('the spec has no GET list operation of the project without required query parameters');
  return op;
}

/** A change of one instance with a JSON body: signed-body checks aim it at an instance that does not exist. */
function instanceBodyOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'PUT' && exampleBody(o) !== undefined && idParams(o).map((p) => p.name).join() === 'instance_id');
  if (!op) throw new Error('the spec has no PUT on one {instance_id} with an example body');
  return op;
}

/** A read of one instance by ID (malformed instance IDs). */
function instanceGetOp(spec: Spec): OperationInfo {
  const op = spec.operations.find((o) => o.method === 'GET' && hasProject(o) && idParams(o).map((p) => p.name).join() === 'instance_id' && !o.parameters.some((p) => p.in === 'query' && p.required));
  if (!op) throw new Error('the spec has no GET of one {instance_id}');
  return op;
}

// ---------------------------------------------------------------------------------------------
// Requests that name nothing

/** Deterministic hex from the run seed, so a failure replays with the same IDs. */
function hexFor(seed: number, key: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}:${key}:${i}`).digest('hex');
  return out.slice(0, length);
}

const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;

/** A well-formed ID (the parameter's schema accepts it) that the target never issued. */
function unknownId(ctx: SuiteContext, op: OperationInfo, name: string): string {
  const uuid = uuidOf(hexFor(ctx.seed, `${op.id}#${name}`, 32));
  if (ctx.spec.validateParameter(op.id, name, uuid).valid) return uuid;
  const p = op.parameters.find((x) => x.name === name)!;
  const [v] = fc.sample(arbitraryFromSchema(p.schema as never), { seed: seedFor(ctx.seed, `${op.id}#${name}`), numRuns: 1 });
  return String(v);
}

/** Required query parameters with schema-valid values (enum members first), so only the credential is wrong. */
function requiredQuery(ctx: SuiteContext, op: OperationInfo): Record<string, string> | undefined {
  const required = op.parameters.filter((p) => p.in === 'query' && p.required);
  if (!required.length) return undefined;
  return Object.fromEntries(
    required.map((p) => {
      const s = p.schema as { enum?: unknown[]; default?: unknown };
      const v = s.enum?.[0] ?? s.default ?? fc.sample(arbitraryFromSchema(p.schema as never), { seed: seedFor(ctx.seed, `${op.id}?${p.name}`), numRuns: 1 })[0];
      return [p.name, String(v)];
    }),
  );
}

/** A well-formed request of the operation on IDs that name nothing, with the reference's example body. */
function requestOnNothing(ctx: SuiteContext, op: OperationInfo, extra: CallArgs = {}): CallArgs {
  const params = Object.fromEntries(idParams(op).map((p) => [p.name, unknownId(ctx, op, p.name)]));
  const query = requiredQuery(ctx, op);
  const body = exampleBody(op);
  return { ...(query ? { query } : {}), ...(body !== undefined ? { json: body } : {}), ...extra, params: { ...params, ...extra.params } };
}

/** Calls and tracks whatever a departing target created, so the run removes it. */
async function callTracked(ctx: SuiteContext, op: OperationInfo, args: CallArgs): Promise<CallResult> {
  const r = await ctx.client.call(op.id, args);
  for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
  return r;
}

// ---------------------------------------------------------------------------------------------
// AK/SK

/** Signs with a date `offsetMs` from now: outside the X-Sdk-Date window the signature is stale. */
const datedAuth = (creds: AkSkCredentials, offsetMs: number): AuthProvider => ({
  kind: 'aksk',
  authorize: (req, nowMs) => signRequest(creds, req, nowMs + offsetMs).headers,
  secrets: [creds.sk],
});

/** Signs correctly, then changes one hex digit of the signature. */
const tamperedSignatureAuth = (creds: AkSkCredentials): AuthProvider => ({
  kind: 'aksk',
  authorize(req, nowMs) {
    const h = signRequest(creds, req, nowMs).headers;
    return { ...h, authorization: h.authorization!.replace(/[0-9a-f]$/, (x) => (x === '0' ? '1' : '0')) };
  },
  secrets: [creds.sk],
});

/** The bytes a request was signed over when its body was changed after signing. */
const signedBytes = (sent: Uint8Array) => Buffer.concat([Buffer.from(sent), Buffer.from(' ')]);

/** Signs other body bytes than the ones sent: the body was changed after signing. */
const otherBodyAuth = (creds: AkSkCredentials): AuthProvider => ({
  kind: 'aksk',
  authorize: (req, nowMs) => signRequest(creds, { ...req, body: signedBytes(req.body) }, nowMs).headers,
  secrets: [creds.sk],
});

/**
 * Signs other body bytes than the ones sent and sends their hash beside the body in
 * X-Sdk-Content-Sha256, unsigned (anyone on the path can add it) or signed (the signer vouched for
 * other bytes). Either way the hash is not the body's: a verifier must hash what it receives.
 */
const declaredHashAuth = (creds: AkSkCredentials, signed: boolean): AuthProvider => ({
  kind: 'aksk',
  authorize(req, nowMs) {
    const body = signedBytes(req.body);
    const declared = { [CONTENT_SHA256]: bodySha256(body) };
    return { ...declared, ...signRequest(creds, { ...req, headers: signed ? { ...req.headers, ...declared } : req.headers, body }, nowMs).headers };
  },
  secrets: [creds.sk],
});

function needAksk(ctx: SuiteContext): AkSkCredentials {
  if (!ctx.principals.aksk) throw new CaseSkipped(`no AK/SK of the target: ${need('aksk').fix} (the embedded emulator has them)`);
  return ctx.principals.aksk;
}

/** The X-Sdk-Date window of rule auth.token-expired ("… more than N minutes off"), in ms. */
function sdkDateWindowMs(spec: Spec): number {
  const r = spec.rules.protocol('auth.token-expired');
  const m = /(\d+)[- ]minutes?/.exec(`${r.title} ${r.codeChoice ?? ''}`);
  if (!m) throw new Error('rule auth.token-expired no longer states the X-Sdk-Date window in minutes; update suites/security/index.ts');
  return Number(m[1]) * 60_000;
}

/**
 * Codes of the API gateway that erratum aksk-failure-code lets a 401 after AK/SK signing carry
 * (they are not in appendix 6.2, so they are read from the erratum's own text), when its gateway
 * reading conforms in this mode.
 */
function gatewayCodes(ctx: SuiteContext): string[] {
  const erratum = ctx.spec.errata.find((e) => e.id === AKSK_ERRATUM);
  if (!erratum) throw new Error(`erratum ${AKSK_ERRATUM} is not in spec/src/errata.json`);
  if (!accepts(ctx.spec, AKSK_ERRATUM, 'gateway', ctx.client.mode)) return [];
  const text = [...erratum.readings.map((r) => r.text), erratum.resolution.text].join(' ');
  return [...new Set(text.match(/\b[A-Z]+\.\d{4}\b/g) ?? [])].filter((c) => !ctx.spec.errors.get(c));
}

/** An AK/SK refusal: the rule's answer, or 401 with a gateway code the erratum accepts. */
function akskRefused(ctx: SuiteContext, r: CallResult, a: Answer, what: string): void {
  const code = (r.json as { error_code?: unknown } | undefined)?.error_code;
  const gateway = r.status === a.status && typeof code === 'string' && gatewayCodes(ctx).includes(code);
  // The erratum excuses exactly the code checks; status, schema and content type still apply.
  const excused = new Set(['error-code-known', 'expected-code']);
  conforms(ctx.client, gateway ? { ...r, findings: r.findings.filter((f) => !excused.has(f.check)) } : r, what);
}

// ---------------------------------------------------------------------------------------------
// Routing

/** Judges an unchecked exchange (no operation to check it against) by the rule's status and codes. */
function routed(ctx: SuiteContext, op: OperationInfo, res: HttpResponse, a: Answer, what: string): void {
  const code = (res.json as { error_code?: unknown } | undefined)?.error_code;
  const codes = a.codes.flatMap((c) => ctx.spec.errors.equivalents(c));
  if (res.status === a.status && typeof code === 'string' && codes.includes(code)) return;
  departure(ctx.client, { ...res, operation: op, findings: [] }, `${what}: expected ${a.status} with ${codes.join(' or ')}, got ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`, a.rule);
}

/** Passes when the response conforms to one of the expectations; otherwise reports the first. */
function conformsToOne(ctx: SuiteContext, r: CallResult, expectations: Expectation[], what: string): void {
  for (const expect of expectations) if (!failures(ctx.client.check(r.operation.id, r, expect)).length) return;
  conforms(ctx.client, { ...r, findings: ctx.client.check(r.operation.id, r, expectations[0]) }, what);
}

/**
 * The request was served. Checked here as well as by the expectation because the harness excuses a
 * project-mismatch code at an erratum status whatever status was expected (see the report).
 */
function served(ctx: SuiteContext, r: CallResult, op: OperationInfo, what: string, rule: string): void {
  if (!successStatuses(op).includes(r.status)) departure(ctx.client, r, `${what}: expected ${successStatuses(op).join(' or ')}, got ${r.status}`, rule);
  conforms(ctx.client, r, what);
}

/** A path segment no ID a target issues could be: not hex, not a UUID, with characters IDs never carry. */
const MALFORMED_ID = 'not_an_id!';

// ---------------------------------------------------------------------------------------------
// Cases

function perOperation(spec: Spec, op: OperationInfo): Case[] {
  const noCreds = answer(spec, 'auth.no-credentials');
  const badToken = answer(spec, 'auth.invalid-token');
  const mismatch = answer(spec, 'auth.project-mismatch');
  const denied = answer(spec, 'iam.action-denied');
  // The basic refusals of the GET lists show a target is wired up (smoke); every other operation in full.
  const profile: Profile = op.method === 'GET' && needsNoResource(op) ? 'smoke' : 'full';
  const base = { suite: SUITE, destructive: false } as const;
  const cases: Case[] = [
    caseFor(op, {
      ...base,
      check: 'auth.no-credentials',
      rules: [noCreds.rule],
      breaks: [noCreds.rule],
      statuses: [noCreds.status],
      profile,
      async run(ctx) {
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: null, expect: noCreds.expect }));
        conforms(ctx.client, r, 'no X-Auth-Token and no signature');
      },
    }),
    caseFor(op, {
      ...base,
      check: 'auth.invalid-token',
      rules: [badToken.rule],
      breaks: [badToken.rule],
      statuses: [badToken.status],
      profile,
      async run(ctx) {
        // Shaped like a real token (long, base64url), issued by nobody.
        const token = Buffer.from(hexFor(ctx.seed, `${op.id}#token`, 512), 'hex').toString('base64url');
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: tokenAuth(token), expect: badToken.expect }));
        conforms(ctx.client, r, 'a well-formed token nobody issued');
      },
    }),
    // The project-mismatch status is an erratum (401 catalog, 400 example): the checks apply its
    // resolution in the client's mode, given the rule.
    caseFor(op, {
      ...base,
      check: 'auth.other-project',
      qualifier: 'their credentials on our project',
      rules: [mismatch.rule],
      breaks: [mismatch.rule],
      statuses: [mismatch.status],
      profile: 'full',
      async run(ctx) {
        const other = ctx.principals.other;
        if (!other) throw new CaseSkipped(`no principal of another project: ${need('principals.other').fix}`);
        // A path without {project_id} names its project in X-Project-Id (reference 3.2, request headers).
        const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: other.auth, headers: { 'x-project-id': ctx.target.projectId }, expect: mismatch.expect }));
        conforms(ctx.client, r, `credentials of project ${other.projectId} on project ${ctx.target.projectId}`);
      },
    }),
  ];
  if (hasProject(op)) {
    cases.push(
      caseFor(op, {
        ...base,
        check: 'auth.other-project',
        qualifier: 'our credentials on their project',
        rules: [mismatch.rule],
        breaks: [mismatch.rule],
        statuses: [mismatch.status],
        profile: 'full',
        async run(ctx) {
          const other = ctx.principals.other;
          if (!other) throw new CaseSkipped(`no other project configured: ${need('principals.other').fix}`);
          const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { params: { project_id: other.projectId }, headers: { 'x-project-id': other.projectId }, expect: mismatch.expect }));
          conforms(ctx.client, r, `our credentials on project ${other.projectId}`);
        },
      }),
    );
  }
  if (readonlyLacks(op.action)) {
    cases.push(
      caseFor(op, {
        ...base,
        check: 'iam.action-denied',
        rules: [denied.rule],
        breaks: [denied.rule],
        statuses: [denied.status],
        profile: 'full',
        async run(ctx) {
          const ro = ctx.principals.readonly;
          if (!ro) throw new CaseSkipped(`no read-only principal: ${need('principals.readonly').fix}`);
          const r = await callTracked(ctx, op, requestOnNothing(ctx, op, { auth: ro, expect: denied.expect }));
          conforms(ctx.client, r, `read-only user calling ${op.action}`);
        },
      }),
    );
  }
  return cases;
}

function akskCases(spec: Spec): Case[] {
  const list = listOp(spec);
  const change = instanceBodyOp(spec);
  const invalid = answer(spec, 'auth.invalid-token');
  const expired = answer(spec, 'auth.token-expired');
  const base = { suite: SUITE, check: 'auth.aksk', profile: 'full', destructive: false } as const;
  return [
    caseFor(list, {
      ...base,
      qualifier: 'signed',
      rules: [invalid.rule],
      statuses: successStatuses(list),
      async run(ctx) {
        const r = await ctx.client.call(list.id, { auth: akskAuth(needAksk(ctx)), expect: { status: successStatuses(list), rule: invalid.rule } });
        served(ctx, r, list, 'a correct SDK-HMAC-SHA256 signature is served', invalid.rule);
      },
    }),
    caseFor(list, {
      ...base,
      qualifier: 'tampered signature',
      rules: [invalid.rule],
      breaks: [invalid.rule],
      statuses: [invalid.status],
      async run(ctx) {
        const r = await ctx.client.call(list.id, { auth: tamperedSignatureAuth(needAksk(ctx)), expect: invalid.expect });
        akskRefused(ctx, r, invalid, 'one hex digit of the signature changed');
      },
    }),
    caseFor(list, {
      ...base,
      qualifier: 'stale X-Sdk-Date',
      rules: [expired.rule],
      breaks: [expired.rule],
      statuses: [expired.status],
      async run(ctx) {
        // Twice the window: clearly out, whatever the clock drift between runner and target.
        const r = await ctx.client.call(list.id, { auth: datedAuth(needAksk(ctx), -2 * sdkDateWindowMs(ctx.spec)), expect: expired.expect });
        akskRefused(ctx, r, expired, 'signed correctly with an X-Sdk-Date twice the allowed skew in the past');
      },
    }),
    caseFor(list, {
      ...base,
      qualifier: 'unknown access key',
      rules: [invalid.rule],
      breaks: [invalid.rule],
      statuses: [invalid.status],
      async run(ctx) {
        const creds = { ak: hexFor(ctx.seed, 'ak', 20).toUpperCase(), sk: hexFor(ctx.seed, 'sk', 40) };
        const r = await ctx.client.call(list.id, { auth: akskAuth(creds), expect: invalid.expect });
        akskRefused(ctx, r, invalid, 'a well-formed access key nobody issued');
      },
    }),
    ...(
      [
        ['body changed after signing', otherBodyAuth, 'body bytes differ from the signed ones'],
        ['body changed, unsigned X-Sdk-Content-Sha256 of the signed body', (c) => declaredHashAuth(c, false), 'body bytes differ from the signed ones, whose hash is sent unsigned in X-Sdk-Content-Sha256'],
        ['body changed, signed X-Sdk-Content-Sha256 of the signed body', (c) => declaredHashAuth(c, true), 'body bytes differ from the ones whose hash is signed in X-Sdk-Content-Sha256'],
      ] as const satisfies readonly (readonly [string, (c: AkSkCredentials) => AuthProvider, string])[]
    ).map(([qualifier, auth, what]) =>
      caseFor(change, {
        ...base,
        qualifier,
        rules: [invalid.rule],
        breaks: [invalid.rule],
        statuses: [invalid.status],
        async run(ctx) {
          const creds = needAksk(ctx);
          // Control: the same request signed over the bytes sent gets past authentication (the
          // instance does not exist, so nothing changes), so the refusal below is about the body.
          const ok = await callTracked(ctx, change, requestOnNothing(ctx, change, { auth: akskAuth(creds) }));
          if (ok.status === invalid.status) departure(ctx.client, ok, 'a request signed over the body it carries was refused by authentication', invalid.rule);
          const r = await callTracked(ctx, change, requestOnNothing(ctx, change, { auth: auth(creds), expect: invalid.expect }));
          akskRefused(ctx, r, invalid, what);
        },
      }),
    ),
  ];
}

function routingCases(spec: Spec): Case[] {
  const list = listOp(spec);
  const show = instanceGetOp(spec);
  const base = { suite: SUITE, profile: 'full', destructive: false } as const;
  const unknownUrl = answer(spec, 'request.unknown-url');
  const notAllowed = answer(spec, 'request.method-not-allowed');
  const badProject = answer(spec, 'request.invalid-project-id');
  const badInstance = answer(spec, 'request.invalid-instance-id');
  const instanceMissing = answer(spec, 'resource.instance-not-found');
  const concrete = (ctx: SuiteContext) => list.path.replace('{project_id}', ctx.target.projectId);
  return [
    caseFor(list, {
      ...base,
      check: unknownUrl.rule,
      rules: [unknownUrl.rule],
      breaks: [unknownUrl.rule],
      statuses: [unknownUrl.status],
      async run(ctx) {
        // The list's path with its last segment replaced by one no operation has.
        const path = concrete(ctx).replace(/[^/]+$/, `unknown-${hexFor(ctx.seed, 'url', 8)}`);
        if (ctx.spec.operations.some((o) => o.pathPattern.test(path))) throw new Error(`${path} names an operation; pick another unknown segment`);
        const res = await ctx.client.send({ method: list.method, path });
        routed(ctx, list, res, unknownUrl, `${list.method} ${path} is no operation`);
      },
    }),
    caseFor(list, {
      ...base,
      check: notAllowed.rule,
      rules: [notAllowed.rule],
      breaks: [notAllowed.rule],
      statuses: [notAllowed.status],
      async run(ctx) {
        const path = concrete(ctx);
        const method = ['PUT', 'POST', 'DELETE', 'PATCH'].find((m) => !ctx.spec.match(m, path));
        if (!method) throw new Error(`every method is an operation at ${path}`);
        const res = await ctx.client.send({ method, path });
        routed(ctx, list, res, notAllowed, `${method} on ${list.path}, which serves other methods`);
      },
    }),
    caseFor(list, {
      ...base,
      check: badProject.rule,
      rules: [badProject.rule],
      breaks: [badProject.rule],
      statuses: [badProject.status],
      async run(ctx) {
        const r = await ctx.client.call(list.id, { params: { project_id: MALFORMED_ID }, expect: badProject.expect });
        conforms(ctx.client, r, `project ID ${MALFORMED_ID}`);
      },
    }),
    caseFor(show, {
      ...base,
      check: badInstance.rule,
      rules: [badInstance.rule, instanceMissing.rule],
      breaks: [badInstance.rule],
      statuses: [badInstance.status, instanceMissing.status],
      async run(ctx) {
        // The spec gives instance_id no format (a string), so an ID of a form no target issues is
        // also an ID that names no instance: the format refusal and instance-not-found both conform.
        const r = await ctx.client.call(show.id, { params: { instance_id: MALFORMED_ID }, expect: badInstance.expect });
        conformsToOne(ctx, r, [badInstance.expect, instanceMissing.expect], `instance ID ${MALFORMED_ID}`);
      },
    }),
  ];
}

/** A read-only user is served what its policy holds: the IAM denials above are about the action. */
function readonlyControl(spec: Spec): Case {
  const list = listOp(spec);
  const denied = answer(spec, 'iam.action-denied');
  return caseFor(list, {
    suite: SUITE,
    check: 'iam.action-denied',
    qualifier: 'allowed read',
    rules: [denied.rule],
    statuses: successStatuses(list),
    profile: 'full',
    destructive: false,
    async run(ctx) {
      const ro = ctx.principals.readonly;
      if (!ro) throw new CaseSkipped(`no read-only principal: ${need('principals.readonly').fix}`);
      const r = await ctx.client.call(list.id, { auth: ro, expect: { status: successStatuses(list), rule: denied.rule } });
      served(ctx, r, list, `read-only user calling ${list.action ?? list.id}`, denied.rule);
    },
  });
}

export function securityCases(spec: Spec): Case[] {
  return [...spec.operations.flatMap((op) => perOperation(spec, op)), readonlyControl(spec), ...akskCases(spec), ...routingCases(spec)];
}

