// Security cases of AK/SK signing (rules auth.invalid-token, auth.token-expired): a signature out of its
// X-Sdk-Date window, a tampered signature, a body changed after signing, a declared body hash.
import type { Spec } from '../../spec/index.ts';
import { akskAuth, bodySha256, CONTENT_SHA256, signRequest, type AkSkCredentials, type AuthProvider, type CallResult } from '../../harness/index.ts';
import { accepts } from '../../harness/checks/errata.ts';
import { conforms, departure } from '../engine/assert.ts';
import { need } from '../engine/needs.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { CaseSkipped, SuiteSpecMismatchError } from '../engine/errors.ts';
import { caseFor, successStatuses } from '../cases/common.ts';
import { SUITE, type Answer, answer, listOp, instanceBodyOp } from './_internals/answers.ts';
import { hexFor, requestOnNothing, callTracked } from './_internals/requests.ts';
import { served } from './_internals/served.ts';

const AKSK_ERRATUM = 'aksk-failure-code';

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
  if (!m) throw new SuiteSpecMismatchError('rule auth.token-expired no longer states the X-Sdk-Date window in minutes; update suites/security/aksk.ts');
  return Number(m[1]) * 60_000;
}

/**
 * Codes of the API gateway that erratum aksk-failure-code lets a 401 after AK/SK signing carry
 * (they are not in appendix 6.2, so they are read from the erratum's own text), when its gateway
 * reading conforms in this mode.
 */
function gatewayCodes(ctx: SuiteContext): string[] {
  const erratum = ctx.spec.errata.find((e) => e.id === AKSK_ERRATUM);
  if (!erratum) throw new SuiteSpecMismatchError(`erratum ${AKSK_ERRATUM} is not in spec/src/errata.json`);
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

export function akskCases(spec: Spec): Case[] {
  const list = listOp(spec);
  const change = instanceBodyOp(spec);
  const invalid = answer(spec, 'auth.invalid-token');
  const expired = answer(spec, 'auth.token-expired');
  const base = { suite: SUITE, check: 'auth.aksk', profile: 'full', destructive: false, clockFree: true } as const;
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
