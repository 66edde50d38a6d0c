import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { loadSeed } from '../../spec/reference/seed.ts';
import { requires } from '../../testing/needs.ts';
import { parseSpecCode } from '../../spec/rules/index.ts';
import { checkSpecCode, specCode } from './flavors.ts';

const spec = await loadSpec();
const reference = requires('reference');
const seed = reference.ok ? loadSeed() : undefined;

describe('specCode', () => {
  // The reference lines the scheme is read from (see the comment in flavors.ts).
  reference.test.each([1108, 1131, 3741, 3751, 22039])('reproduces the spec_code of reference line %i', (line) => {
    const code = /"spec_code" : "([^"]+)"/.exec(seed!.line(line))?.[1];
    expect(code, `line ${line}: ${seed!.line(line)}`).toBeDefined();
    const parsed = parseSpecCode(spec.rules.flavors, code!)!;
    expect(parsed).toBeDefined();
    const made = specCode(spec, parsed.cacheMode, parsed.capacity, { cpuType: parsed.cpuType, replicas: parsed.replicas });
    // Same flavor; line 1131 omits the replica segment the scheme writes for its default ("r2").
    expect(parseSpecCode(spec.rules.flavors, made)).toEqual(parsed);
    if (/\.r\d+\./.test(code!) || parsed.replicas === 0) expect(made).toBe(code);
  });

  test('defaults: x86, the cache mode default replicas, MB below 1 GB', () => {
    expect(specCode(spec, 'single', 1)).toBe('redis.single.xu1.large.1');
    expect(specCode(spec, 'ha', 1)).toBe('redis.ha.xu1.large.r2.1');
    expect(specCode(spec, 'cluster', 8)).toBe('redis.cluster.xu1.large.r2.8');
    expect(specCode(spec, 'single', 0.125)).toBe('redis.single.xu1.tiny.128');
    expect(specCode(spec, 'single', 1, { cpuType: 'aarch64' })).toBe('redis.single.au1.large.1');
  });

  test('checkSpecCode accepts an offered flavor and refuses each mismatch', () => {
    const ok = { cache_mode: 'ha', capacity: 2, spec_code: specCode(spec, 'ha', 2) };
    expect(checkSpecCode(spec, ok)).toEqual([]);
    expect(checkSpecCode(spec, { ...ok, spec_code: 'redis.ha' })[0]?.kind).toBe('malformed');
    expect(checkSpecCode(spec, { ...ok, spec_code: specCode(spec, 'single', 2) })[0]?.kind).toBe('mode-mismatch');
    expect(checkSpecCode(spec, { ...ok, spec_code: specCode(spec, 'ha', 4) })[0]?.kind).toBe('capacity-mismatch');
    const notOffered = checkSpecCode(spec, { cache_mode: 'ha', capacity: 1024, spec_code: specCode(spec, 'ha', 1024) });
    expect(notOffered).toEqual([expect.objectContaining({ rule: spec.rules.flavors.id, kind: 'not-offered', errorCode: spec.rules.flavors.errorCode })]);
  });
});
