// contract › positive: for every operation, generated valid requests on resources the run made get
// a documented 2xx and a body that matches the documented schema. The generator varies what the
// schema and the rules allow; the fixtures pin what must name real resources in the right state.
import fc from 'fast-check';
import type { OperationInfo, Spec } from '../../spec/index.ts';
import { domainPatches, domainRegistry, requestArbitrary, type GeneratedRequest } from '../../generators/index.ts';
import { conforms } from '../engine/assert.ts';
import type { Case, SuiteContext } from '../engine/types.ts';
import { fitQuota, isBatchCreate } from './quota.ts';
import { caseFor, createdInstances, needsNoResource, removes, seedFor, successStatuses, validRequest } from './common.ts';


/** Rules whose valid side this operation's generated bodies exercise. */
const rulesOf = (spec: Spec, op: OperationInfo) => {
  const fields = Object.keys((op.requestBody?.schema?.properties ?? {}) as object);
  return [...new Set(spec.rules.all.filter((r) => r.appliesTo?.some((a) => a.section === op.section && fields.includes(a.field))).map((r) => r.id))];
};

/** One generated valid request, anchored on the fixtures' request. */
async function generated(ctx: SuiteContext, op: OperationInfo, sample: number): Promise<GeneratedRequest> {
  const { spec } = ctx;
  const req = await validRequest(ctx, op);
  const props = (op.requestBody?.schema?.properties ?? {}) as Record<string, unknown>;
  // A body field named like a path parameter names the same resource (UpdateIpWhitelist's instance_id).
  const samePath = Object.fromEntries(Object.entries(req.params ?? {}).filter(([k]) => k in props));
  const constants = (o: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fc.constant(v)]));
  const anchor = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : undefined;
  const arb = requestArbitrary(spec, op.id, {
    path: constants({ project_id: ctx.target.projectId, ...req.params }) as Record<string, fc.Arbitrary<string>>,
    query: constants(req.query),
    optional: 'random',
    // What must be right for this resource wins: generated < rule-valid values < the fixtures' anchor.
    bodyPatches: [...domainPatches(spec, domainRegistry(spec), op), fc.constant(samePath), ...(anchor ? [fc.constant(anchor)] : [])],
  });
  const [g] = fc.sample(arb, { seed: seedFor(ctx.seed, `${op.id}#${sample}`), numRuns: 1 });
  return { ...g!, query: { ...g!.query, ...req.query } };
}

export function positiveCases(spec: Spec): Case[] {
  return spec.operations.map((op) =>
    caseFor(op, {
      suite: 'contract',
      // Each sample settles what it started before it checks anything else.
      clockFree: true,
      check: 'positive',
      rules: rulesOf(spec, op),
      statuses: successStatuses(op),
      profile: 'smoke',
      destructive: !needsNoResource(op),
      async run(ctx) {
        // Removing operations consume their resource: each sample gets a fresh one from the fixtures.
        const samples = ctx.profile === 'smoke' || removes(op) ? 1 : ctx.numRuns;
        for (let i = 0; i < samples; i++) {
          const mark = ctx.scenario.mark();
          const g = await generated(ctx, op, i);
          // A batch create is fitted to the quota left; its instances are then waited out of the
          // quota before the lane is given back, or the next create on any lane would find none left.
          const batch = isBatchCreate(g.body);
          if (isBatchCreate(g.body)) g.body = await fitQuota(ctx, g.body);
          const r = await ctx.client.call(op.id, {
            params: g.pathParams,
            ...(Object.keys(g.query).length ? { query: g.query as Record<string, string> } : {}),
            ...(g.body !== undefined ? { json: g.body } : {}),
            expect: { status: successStatuses(op) },
          });
          for (const id of createdInstances(ctx.spec, r)) ctx.scenario.track('instances', id);
          conforms(ctx.client, r, `valid request #${i + 1}`);
          await ctx.clock.settle();
          await ctx.scenario.release(mark, { untilGone: batch });
        }
      },
    }),
  );
}
