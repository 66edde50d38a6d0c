// The fault catalog (one module per family) and its installation: from the faithful spec and
// handlers to the faulty ones plus the per-request hooks buildServer runs.
import type { Spec } from '../../spec/index.ts';
import type { Handler } from '../resources/context.ts';
import { authFaults } from './auth.ts';
import { benignFaults } from './benign.ts';
import { capacityFaults } from './capacity.ts';
import { fieldFaults } from './fields.ts';
import { maintenanceWindowFaults } from './maintenanceWindows.ts';
import { nameFaults } from './names.ts';
import { passwordFaults } from './passwords.ts';
import { robustnessFaults } from './robustness.ts';
import { schemaFaults } from './schema.ts';
import { stateFaults } from './instanceStates.ts';
import { statusFaults } from './status.ts';
import type { Fault, RequestHook, ResponseHook, ServerHooks } from './types.ts';
import { whitelistFaults } from './whitelist.ts';
import { EmulatorInternalError, UnknownFaultError } from '../core/errors.ts';

export type * from './types.ts';

export const FAULTS: readonly Fault[] = [
  ...passwordFaults,
  ...capacityFaults,
  ...maintenanceWindowFaults,
  ...whitelistFaults,
  ...nameFaults,
  ...fieldFaults,
  ...statusFaults,
  ...schemaFaults,
  ...stateFaults,
  ...authFaults,
  ...robustnessFaults,
  ...benignFaults,
];

const byId = new Map(FAULTS.map((f) => [f.id, f]));
if (byId.size !== FAULTS.length) throw new EmulatorInternalError(`fault ids must be unique: ${FAULTS.map((f) => f.id).filter((id, i, all) => all.indexOf(id) !== i).join(', ')}`);

/** The faults named, in order, once each; an unknown id throws naming it and the known ones. */
export function faultsById(ids: readonly string[]): Fault[] {
  return [...new Set(ids)].map((id) => {
    const f = byId.get(id);
    if (!f) throw new UnknownFaultError(id, [...byId.keys()]);
    return f;
  });
}

export interface Installed {
  spec: Spec;
  handlers: Record<string, Handler>;
  hooks?: ServerHooks;
}

/** Applies the faults to the emulator's spec and handlers; with none, returns `base` untouched. */
export function installFaults(faults: readonly Fault[], base: { spec: Spec; handlers: Record<string, Handler> }): Installed {
  if (!faults.length) return base;
  let spec = base.spec;
  const handlers = { ...base.handlers };
  const requests: RequestHook[] = [];
  const responses: ResponseHook[] = [];
  for (const f of faults) {
    f.install({
      get spec() {
        return spec;
      },
      overlaySpec(overlay) {
        const next = overlay(spec);
        // Returning the same object means it was edited in place: that would leak into every other user of loadSpec().
        if (next === spec) throw new EmulatorInternalError(`fault ${f.id}: a spec overlay must return a new Spec object`);
        spec = next;
      },
      wrapHandler(operationId, wrap) {
        const inner = handlers[operationId];
        if (!inner) throw new EmulatorInternalError(`fault ${f.id}: the emulator has no handler for operation ${operationId}`);
        handlers[operationId] = wrap(inner);
      },
      onRequest: (hook) => void requests.push(hook),
      onResponse: (hook) => void responses.push(hook),
    });
  }
  const hooks: ServerHooks = {};
  if (requests.length) hooks.request = (req) => requests.reduce((headers, hook) => hook({ ...req, headers }), req.headers);
  if (responses.length) hooks.response = (res, req) => responses.reduce((r, hook) => hook(r, req), res);
  return { spec, handlers, ...(requests.length || responses.length ? { hooks } : {}) };
}
