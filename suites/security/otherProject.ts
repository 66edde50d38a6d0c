// Security cases, for every operation: tenant isolation, another project's credentials on ours and ours on
// another project (rule auth.project-mismatch).
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { conforms } from '../engine/assert.ts';
import { need } from '../engine/needs.ts';
import type { Case } from '../engine/types.ts';
import { CaseSkipped } from '../engine/errors.ts';
import { caseFor } from '../cases/common.ts';
import { SUITE, answer, hasProject } from './_internals/answers.ts';
import { requestOnNothing, callTracked } from './_internals/requests.ts';

export function otherProjectCases(spec: Spec, op: OperationInfo): Case[] {
  const mismatch = answer(spec, 'auth.project-mismatch');
  const base = { suite: SUITE, destructive: false, clockFree: true } as const;
  const cases: Case[] = [
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
  return cases;
}
