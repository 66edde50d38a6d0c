// Rule cases: request-level rules (spec/src/rules/protocol.json) the generated negatives do not break.
import type { Spec } from '../../../spec/index.ts';
import { needsNoResource } from '../common.ts';
import { refusal, refused } from './_internals/refusals.ts';
import type { Draft } from './_internals/draft.ts';
import { SuiteSpecMismatchError } from '../../engine/errors.ts';

/**
 * request.invalid-parameter, which the schema negatives break only where their sample has a field no
 * rule governs: a bounded integer query parameter of a read past its maximum, and not a number.
 */
export const protocolCases = (spec: Spec): Draft[] => {
  const bounded = spec.operations
    .filter((op) => op.method === 'GET' && needsNoResource(op))
    .flatMap((op) => op.parameters.filter((p) => p.in === 'query' && typeof p.schema.maximum === 'number' && p.schema.type === 'integer' && !p.schema['x-dcs-rule']).map((p) => ({ op, p })))[0];
  if (!bounded) throw new SuiteSpecMismatchError('spec: no GET of the project has a bounded integer query parameter');
  const { op, p } = bounded;
  return [
    {
      op: op.id,
      rule: 'request.invalid-parameter',
      destructive: false,
      async run(ctx, rule) {
        for (const value of [String(Number(p.schema.maximum) + 1), 'not-a-number']) await refused(ctx, op.id, { query: { [p.name]: value } }, refusal(spec, rule), `${op.id} with ${p.name}=${value}`);
      },
    },
  ];
};
