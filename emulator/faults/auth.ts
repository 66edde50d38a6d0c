// Auth faults: X-Auth-Token / AK/SK authentication, tenant isolation and IAM (reference 3.2, 5,
// appendix 6.2). Each rewrites the request's credentials before the faithful pipeline judges them,
// so everything but the one departure is still checked.
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalRequest, CONTENT_SHA256, parseAuthorization, parseSdkDate, signature, signaturesEqual, stringToSign } from '../../common/signing/sdkHmacSha256.ts';
import { actionAllowed, type EmulatorConfig, type EmulatorUser } from '../core/config.ts';
import type { Fault, FaultRequest } from './types.ts';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const tokenUser = (headers: IncomingHttpHeaders, config: EmulatorConfig): EmulatorUser | undefined => {
  const token = first(headers['x-auth-token']);
  return token === undefined ? undefined : config.users.find((u) => u.token === token);
};

/** The X-Sdk-Date is there and inside the window (stale or missing dates are left to the faithful checks). */
const dateInWindow = (headers: IncomingHttpHeaders, config: EmulatorConfig): boolean => {
  const signedAt = parseSdkDate(first(headers['x-sdk-date']));
  return signedAt !== undefined && Math.abs(Date.now() - signedAt) <= config.sdkDateSkewMinutes * 60_000;
};

/** The headers with `user`'s token as the only credential. */
const asUser = (headers: IncomingHttpHeaders, user: EmulatorUser): IncomingHttpHeaders => {
  const { authorization: _signed, ...rest } = headers;
  return { ...rest, 'x-auth-token': user.token };
};

/** The request of a user whose policy lacks `op`'s action, re-credentialed as a user of its projects whose policy has it. */
const asAllowedUser = ({ op, headers, config }: FaultRequest): IncomingHttpHeaders => {
  const user = tokenUser(headers, config);
  if (!user || actionAllowed(user, op)) return headers;
  const allowed = config.users.find((u) => actionAllowed(u, op) && user.projects.every((p) => u.projects.includes(p)));
  return allowed ? asUser(headers, allowed) : headers;
};

export const authFaults: Fault[] = [
  {
    id: 'auth.token-not-checked',
    family: 'auth',
    rule: 'auth.invalid-token',
    alsoBreaks: ['auth.no-credentials'],
    breaks: 'A request whose X-Auth-Token is missing or unknown is served as the first (admin) user instead of 401.',
    install(h) {
      h.onRequest(({ headers, config }) => {
        const token = first(headers['x-auth-token']);
        if (token !== undefined && config.users.some((u) => u.token === token)) return headers;
        // AK/SK requests are still judged by their signature.
        if (token === undefined && headers.authorization !== undefined) return headers;
        return { ...headers, 'x-auth-token': config.users[0]!.token };
      });
    },
  },
  {
    id: 'auth.signature-not-checked',
    family: 'auth',
    rule: 'auth.invalid-token',
    breaks: 'An AK/SK request with a known access key and an X-Sdk-Date inside the window is served whatever its signature says (tampered signature, body changed after signing).',
    install(h) {
      h.onRequest(({ headers, config }) => {
        if (headers['x-auth-token'] !== undefined) return headers;
        const parsed = parseAuthorization(first(headers.authorization));
        const user = parsed && config.users.find((u) => u.ak === parsed.access);
        // Unknown keys and stale or missing dates are left to the faithful checks.
        if (!user || !dateInWindow(headers, config)) return headers;
        return asUser(headers, user);
      });
    },
  },
  {
    id: 'auth.unsigned-content-sha256-trusted',
    family: 'auth',
    rule: 'auth.invalid-token',
    breaks: 'An AK/SK request is verified with its X-Sdk-Content-Sha256 as the body hash even when that header is not signed: a body changed after signing passes with the signed body\'s hash sent beside it.',
    install(h) {
      h.onRequest(({ headers, config, received }) => {
        const declared = first(headers[CONTENT_SHA256]);
        const parsed = parseAuthorization(first(headers.authorization));
        const user = parsed && config.users.find((u) => u.ak === parsed.access);
        if (headers['x-auth-token'] !== undefined || declared === undefined || !parsed || !user || parsed.signedHeaders.includes(CONTENT_SHA256)) return headers;
        if (!parsed.signedHeaders.includes('x-sdk-date') || parsed.signedHeaders.some((name) => first(headers[name]) === undefined) || !dateInWindow(headers, config)) return headers;
        // The verifier before issue 13: the header's value is the payload hash, signed or not (the
        // payload hash is the canonical request's last line).
        const canonical = canonicalRequest({ ...received, headers, signedHeaders: parsed.signedHeaders }).replace(/[^\n]*$/, declared);
        const valid = signaturesEqual(signature(user.sk, stringToSign(canonical, first(headers['x-sdk-date'])!)), parsed.signature);
        return valid ? asUser(headers, user) : headers;
      });
    },
  },
  {
    id: 'auth.cross-project-allowed',
    family: 'auth',
    rule: 'auth.project-mismatch',
    breaks: 'A token is served on a project it is not scoped to (named by X-Project-Id), as if it were a user of that project.',
    install(h) {
      h.onRequest(({ headers, config }) => {
        const user = tokenUser(headers, config);
        const project = first(headers['x-project-id']);
        if (!user || project === undefined || user.projects.includes(project)) return headers;
        const owner = config.users.find((u) => u.projects.includes(project));
        return owner ? asUser(headers, owner) : headers;
      });
    },
  },
  {
    id: 'auth.iam-policy-ignored',
    family: 'auth',
    rule: 'iam.action-denied',
    breaks: 'A user whose policy lacks the operation\'s action (the read-only user changing an instance) is served as if it had it.',
    install(h) {
      h.onRequest(asAllowedUser);
    },
  },
  {
    id: 'auth.inferred-actions-open',
    family: 'auth',
    rule: 'iam.action-denied',
    breaks: 'Operations whose permission action Table 5-1 does not state (inferred in spec/src/iamActions.inferred.json: DeleteCenterTask, SSL, cache analysis…) are served to any user of the project, whatever its policy: the read-only user deletes task-center tasks.',
    install(h) {
      // Only actions the reference states are enforced, as the emulator did before issue 13.
      h.onRequest((req) => (req.op.actionBasis === 'stated' ? req.headers : asAllowedUser(req)));
    },
  },
];
