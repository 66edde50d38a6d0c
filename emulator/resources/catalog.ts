// Product catalog operations (4.15): flavors, maintenance windows, quotas, AZs, monitored objects.
// AZs are the reference's own (the 4.15.6 example); flavors come from the capacity tables and the
// spec_code scheme; windows from the maintenance-window rule.
import { flavorCatalog, windowList, type Flavor } from '../../spec/rules/index.ts';
import { deepFreeze } from '../core/shape.ts';
import type { Handler, HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

interface Zone { code: string; name: string; id: string; port: string; resource_availability: string }

/** The AZs the emulator offers: those of the reference's ListAvailableZones example. */
export function availableZones(ctx: Pick<HandlerContext, 'spec'>): Zone[] {
  const op = ctx.spec.operations.find((o) => o.path === '/v2/available-zones')!;
  const example = op.responses.get(200)?.examples[0]?.value as { available_zones?: Zone[] } | undefined;
  return example?.available_zones ?? [];
}

// Depends on the spec alone: built once per operation (a fault's overlaid spec has its own), a frozen
// copy (the spec's example objects are not ours to freeze), so the server shapes and serializes it once.
const zonesCache = new WeakMap<HandlerContext['op'], Readonly<Record<string, unknown>>>();
export const listAvailableZones: Handler = (ctx) => {
  let body = zonesCache.get(ctx.op);
  if (!body) {
    const op = ctx.op.responses.get(200)?.examples[0]?.value as { region_id?: string } | undefined;
    zonesCache.set(ctx.op, (body = deepFreeze(structuredClone({ region_id: op?.region_id ?? 'emulator', available_zones: availableZones(ctx) }))));
  }
  return { body };
};

export const listMaintenanceWindows: Handler = (ctx) => ({
  body: { maintain_windows: windowList(ctx.spec.rules.maintenanceWindow).map((w, i) => ({ seq: i + 1, default: w.default, begin: w.begin, end: w.end })) },
});

export const listFlavors: Handler = (ctx) => {
  const q = ctx.query as Record<string, string | undefined>;
  const key = JSON.stringify(Object.entries(q));
  const cache = bodyCache.get(ctx.spec) ?? new Map<string, Readonly<Record<string, unknown>>>();
  bodyCache.set(ctx.spec, cache);
  const hit = cache.get(key);
  if (hit) return { body: hit };
  const flavors = flavorViews(ctx).filter(({ flavor: f }) => (!q.spec_code || f.spec_code === q.spec_code) && (!q.cache_mode || f.cache_mode === q.cache_mode) && (!q.engine || f.engine.toLowerCase() === q.engine.toLowerCase()) && (!q.engine_version || f.engine_versions.includes(q.engine_version)) && (!q.cpu_type || f.cpu_type === q.cpu_type) && (!q.capacity || String(f.capacity) === q.capacity));
  const body = deepFreeze({ flavors: flavors.map((v) => v.view), billing_factor: 'Hourly', spec_type: 'instance' });
  // Bounded: queries are client-chosen; the catalog is small, so recomputing after a reset is cheap.
  if (cache.size >= 256) cache.clear();
  cache.set(key, body);
  return { body };
};
const bodyCache = new WeakMap<HandlerContext['spec'], Map<string, Readonly<Record<string, unknown>>>>();

// The catalog and its answers depend on the spec and the query alone: built once and frozen, so the
// server shapes and serializes each once (core/shape.ts, http/server.ts) instead of on every request.
const viewCache = new WeakMap<HandlerContext['spec'], { flavor: Flavor; view: Readonly<Record<string, unknown>> }[]>();
function flavorViews(ctx: Pick<HandlerContext, 'spec'>) {
  let views = viewCache.get(ctx.spec);
  if (views) return views;
  const r = ctx.spec.rules;
  const zones = availableZones(ctx);
  views = flavorCatalog(r.flavors, [r.capacity.create, r.capacity.resize]).map((f) => ({
    flavor: f,
    view: deepFreeze({ spec_code: f.spec_code, cloud_service_type_code: 'hws.service.type.dcs', cloud_resource_type_code: 'hws.resource.type.dcs', cache_mode: f.cache_mode, engine: f.engine, engine_version: f.engine_versions.join(';'), product_type: 'generic', cpu_type: f.cpu_type, storage_type: 'DRAM', capacity: [String(f.capacity)], billing_mode: ['Hourly'], tenant_ip_count: f.replicas || 1, pricing_type: 'normal', is_dec: false, attrs: [], flavors_available_zones: zones.map((z) => ({ capacity: String(f.capacity), unit: 'GB', available_zones: [z.code], az_codes: [z.code] })) }),
  }));
  viewCache.set(ctx.spec, views);
  return views;
}

export const showQuota: Handler = (ctx) => {
  const live = [...ctx.project.instances.values()];
  const ram = live.reduce((s, i) => s + i.capacity, 0);
  return {
    body: {
      quotas: {
        resources: [
          { type: 'instance', unit: '', min: 1, max: ctx.project.quota.instances, quota: ctx.project.quota.instances, used: live.length },
          { type: 'ram', unit: 'GB', min: 1, max: ctx.project.quota.ram, quota: ctx.project.quota.ram, used: Math.ceil(ram) },
        ],
      },
    },
  };
};

export const catalogResource: Resource = {
  name: 'catalog',
  handlers: {
    ListAvailableZones: listAvailableZones,
    ListMaintenanceWindows: listMaintenanceWindows,
    ListFlavors: listFlavors,
    ShowQuotaOfTenant: showQuota,
  },
};
