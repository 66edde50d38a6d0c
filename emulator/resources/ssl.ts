// SSL (reference 4.11.1-4.11.3): switching SSL on or off is a job that takes effect on the virtual
// clock; enabling issues a certificate the instance keeps; the details and the certificate link
// follow it. Its state on the instance is sslState.ts's SSL_STATE (instances.ts reads `enabled` for enable_ssl).
import type { RuleEntry } from '../../spec/index.ts';
import { ApiError } from '../core/errors.ts';
import { startJob } from '../core/jobs.ts';
import type { Instance } from '../core/store.ts';
import { presignedLink } from './backups.ts';
import { instanceOf, requireStatus, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';
import { SSL_STATE, sslOf } from './sslState.ts';

// Neither period is stated: a one-year certificate, a download link valid for one hour.
const CERT_VALIDITY_MS = 365 * 24 * 3600_000;
const LINK_VALIDITY_MS = 3600_000;
// The job type/task name: 4.12.1's task names have no SSL entry; 'modify' is its generic one.
const JOB_TYPE = 'modify';

interface SupportScope {
  sections: string[];
  engineVersions?: string[];
  cacheModes?: string[];
}

/** Refuses an instance outside the scope the 'ssl.support' rule gives this operation's section. */
function requireSupport(ctx: HandlerContext, inst: Instance): void {
  const rule = ctx.spec.rules.byId('ssl.support') as RuleEntry & { scopes: SupportScope[] };
  const scope = rule.scopes.find((s) => s.sections.includes(ctx.op.section));
  if (!scope) return;
  if ((scope.engineVersions && !scope.engineVersions.includes(inst.engine_version)) || (scope.cacheModes && !scope.cacheModes.includes(inst.cache_mode))) throw new ApiError(rule.errorCode);
}

export const updateSslSwitch: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireStatus(ctx, inst);
  requireSupport(ctx, inst);
  const enabled = (ctx.body as { enabled: boolean }).enabled;
  const job = startJob(ctx, JOB_TYPE, {
    instanceId: inst.instance_id,
    effect: () => {
      const now = ctx.store.clock.now();
      const st = sslOf(inst) ?? { enabled: false };
      // A certificate is issued on enabling, and re-issued if the one kept has expired.
      if (enabled && (st.expiresAt === undefined || st.expiresAt <= now)) Object.assign(st, { issuedAt: now, expiresAt: now + CERT_VALIDITY_MS });
      st.enabled = enabled;
      inst.ext.set(SSL_STATE, st);
      inst.updated_at = now;
      inst.version++;
    },
  });
  return { body: { job_id: job.job_id, instance_id: inst.instance_id } };
};

export const showInstanceSslDetail: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireSupport(ctx, inst);
  const st = sslOf(inst);
  // An instance that never had SSL has no certificate: "No SSL info." (204). Once enabled, the
  // details stay readable, with enabled false after SSL is switched off.
  if (!st?.expiresAt) return { status: 204 };
  return {
    body: {
      enabled: st.enabled,
      ip: inst.ip,
      port: String(inst.port),
      // The reference's example writes the domain name with the port.
      domain_name: `${inst.domain_name}:${inst.port}`,
      ssl_expired_at: new Date(st.expiresAt).toISOString(),
      ssl_validated: st.enabled && ctx.now < st.expiresAt,
    },
  };
};

export const downloadSslCert: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  requireSupport(ctx, inst);
  if (!sslOf(inst)?.enabled) throw new ApiError(ctx.spec.rules.byId('ssl.cert-requires-enabled').errorCode);
  const bucket = `dcs-ssl-${inst.instance_id.replace(/-/g, '').slice(0, 16)}`;
  const fileName = `ssl-cert-${inst.instance_id}.zip`;
  return { body: { bucket_name: bucket, file_name: fileName, link: presignedLink(bucket, `ssl-${inst.instance_id}/${fileName}`, ctx.now + LINK_VALIDITY_MS) } };
};

export const sslResource: Resource = {
  name: 'ssl',
  handlers: {
    UpdateSslSwitch: updateSslSwitch,
    ShowInstanceSslDetail: showInstanceSslDetail,
    DownloadSslCert: downloadSslCert,
  },
};
