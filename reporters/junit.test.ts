// junit.xml after the verdict: failures tagged new/known/advisory once (rendering again does not stack
// tags), other cases untouched; shards' files merged with their counts summed.
import { describe, expect, test } from 'vitest';
import { markJunit, mergeJunit } from './junit.ts';
import type { ConformanceResult } from './types.ts';

const xml = (cases: string, counts = 'tests="2" failures="1" errors="0" skipped="0" time="0.5"') => `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="dcs-conformance" ${counts.replace(/ skipped="\d+"/, '')}>
    <testsuite name="suites/run/security.conformance.ts" timestamp="t" hostname="h" ${counts}>
${cases}
    </testsuite>
</testsuites>
`;
const failing = (name: string) => `        <testcase classname="suites/run/security.conformance.ts" name="${name}" time="0.1">
            <failure message="expected 401, got 200" type="Error">
            </failure>
        </testcase>`;
const passing = (name: string) => `        <testcase classname="suites/run/security.conformance.ts" name="${name}" time="0.1">
        </testcase>`;
const result = (name: string, extra: Partial<ConformanceResult>): ConformanceResult => ({ name, operationId: 'X', section: '4.1.2', capability: 'c', check: 'k', rules: [], statuses: [], status: 'failed', durationMs: 1, ...extra });

describe('markJunit', () => {
  test('a new required failure is tagged [new] with its properties; a passing case is untouched; marking twice changes nothing', () => {
    const file = xml(`${failing('A &amp; B')}\n${passing('C')}`);
    const results = [result('A & B', { weight: 'required', new: true }), result('C', { status: 'passed' })];
    const once = markJunit(file, results);
    expect(once).toContain('<properties><property name="dcs.weight" value="required"></property><property name="dcs.baseline" value="new"></property></properties>');
    expect(once).toContain('<failure message="[new] expected 401, got 200"');
    expect(once).toContain(passing('C'));
    expect(markJunit(once, results)).toBe(once);
    expect(markJunit(once, [result('A & B', { weight: 'advisory', new: false })])).toContain('<failure message="[known] [advisory] expected 401, got 200"');
  });
});

describe('mergeJunit', () => {
  test('suites of one file become one; counts and times are summed', () => {
    const merged = mergeJunit([xml(`${failing('A')}\n${passing('B')}`), xml(`${failing('C')}\n${passing('D')}`)]);
    expect(merged).toMatch(/<testsuites name="dcs-conformance" tests="4" failures="2" errors="0" time="1.000">/);
    expect(merged.match(/<testsuite /g)).toHaveLength(1);
    expect(merged).toMatch(/<testsuite name="suites\/run\/security.conformance.ts"[^>]* tests="4" failures="2" errors="0" skipped="0" time="1.000">/);
    for (const n of ['A', 'B', 'C', 'D']) expect(merged).toContain(`name="${n}"`);
  });
});
