// Valid request bodies built from the spec's own data (rule tables, catalog), for emulator tests.
import type { Spec } from '../../spec/index.ts';
import { specCodeFor } from '../../spec/rules/index.ts';

/** A create-instance body that every rule accepts: the reference's example, made valid. */
export function createInstanceBody(spec: Spec, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const r = spec.rules;
  const mode = (overrides.cache_mode as string | undefined) ?? 'ha';
  const capacity = (overrides.capacity as number | undefined) ?? r.capacity.create.tables.find((t) => t.cacheModes.includes(mode))!.capacities.find((c) => c >= 1)!;
  const zones = (spec.operations.find((o) => o.path === '/v2/available-zones')!.responses.get(200)!.examples[0]!.value as { available_zones: { code: string }[] }).available_zones;
  const { cache_mode: _ignored, ...rest } = overrides;
  return {
    name: 'dcs-test',
    engine: r.engine.engines[0],
    engine_version: r.engine.versions.at(-1),
    capacity,
    spec_code: specCodeFor(r.flavors, mode, capacity),
    az_codes: [zones[0]!.code],
    vpc_id: 'vpc-1',
    subnet_id: 'subnet-1',
    password: 'Passw0rd!x',
    ...rest,
  };
}
