// Rule cases: SSL (spec/src/rules/ssl.json): the versions and cache modes that support it, the certificate
// needs SSL on.
import type { Spec } from '../../../spec/index.ts';
import type { Inst, CallArgs } from '../../../harness/index.ts';
import { conforms } from '../../engine/assert.ts';
import type { SuiteContext } from '../../engine/types.ts';
import { ok, successStatuses } from '../common.ts';
import { data, refusal, instanceParams, refused, refusedAndUnchanged } from './_internals/refusals.ts';
import { instanceStatus } from './_internals/reads.ts';
import { modesOutside, instanceOutsideVersions } from './_internals/instances.ts';
import type { Draft } from './_internals/draft.ts';

export const sslCases = (spec: Spec): Draft[] => {
  interface Scope {
    sections: string[];
    engineVersions?: string[];
    cacheModes?: string[];
  }
  const support = () => data<{ scopes: Scope[]; referenceExampleCode?: string }>(spec, 'ssl.support');
  /** The reference's own example code is accepted too (ssl.support codeChoice), though the catalog lacks it. */
  const sslRefused = async (ctx: SuiteContext, opId: string, args: CallArgs, what: string) => {
    const rule = 'ssl.support';
    const example = support().referenceExampleCode;
    const r = await ctx.client.call(opId, { ...args, expect: refusal(spec, rule, example ? [example] : []) });
    const findings = r.findings.filter((f) => !(f.check === 'error-code-known' && example !== undefined && (r.json as { error_code?: string } | undefined)?.error_code === example));
    conforms(ctx.client, { ...r, findings }, what);
    return r;
  };
  const sslBody = (opId: string) => (opId === 'UpdateSslSwitch' ? { json: { enabled: true } } : {});
  return [
    {
      op: 'UpdateSslSwitch',
      rule: 'ssl.support',
      async run(ctx, rule) {
        const scopes = support().scopes;
        const observe = (inst: Inst) => () => instanceStatus(ctx, inst);
        // Every SSL operation on an instance of a version outside its scope.
        const old = await instanceOutsideVersions(ctx, scopes.flatMap((s) => s.engineVersions ?? []));
        for (const scope of scopes) {
          for (const op of spec.operations.filter((o) => scope.sections.includes(o.section))) {
            await refusedAndUnchanged(ctx, rule, `${op.id} on a ${old.version} instance`, observe(old), () => sslRefused(ctx, op.id, { params: instanceParams(old), ...sslBody(op.id) }, `${op.id} on a ${old.version} instance`));
          }
        }
        // Switching names cache modes too: an instance of a supported version in a mode outside them.
        for (const scope of scopes.filter((s) => s.cacheModes && s.engineVersions?.length)) {
          const version = scope.engineVersions!.find((v) => spec.rules.engine.versions.includes(v))!;
          const mode = modesOutside(spec, scope.cacheModes!, version)[0];
          if (!mode) continue;
          const inst = await ctx.scenario.instance({ mode, version });
          for (const op of spec.operations.filter((o) => scope.sections.includes(o.section))) {
            await refusedAndUnchanged(ctx, rule, `${op.id} on a ${mode} instance`, observe(inst), () => sslRefused(ctx, op.id, { params: instanceParams(inst), ...sslBody(op.id) }, `${op.id} on a ${mode} ${version} instance`));
          }
        }
      },
    },
    {
      op: 'DownloadSslCert',
      rule: 'ssl.cert-requires-enabled',
      also: successStatuses(spec.operation('DownloadSslCert')),
      async run(ctx, rule) {
        // A fresh instance in the SSL scope: the shared one may have SSL switched on by another case.
        const inst = await ctx.scenario.instance({ ...ctx.scenario.sslScope });
        const params = instanceParams(inst);
        await refused(ctx, 'DownloadSslCert', { params }, refusal(spec, rule), 'downloading the certificate with SSL off');
        // Once SSL is on, the same request answers a link.
        await ok(ctx, 'UpdateSslSwitch', { params, json: { enabled: true } }, 'switching SSL on');
        await ctx.clock.settle();
        await ok(ctx, 'DownloadSslCert', { params }, 'downloading the certificate with SSL on');
      },
    },
  ];
};
