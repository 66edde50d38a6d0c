// The handler registry: one line per resource module, each exporting a typed Resource
// (resource.ts). Adding a resource is adding its file and its line here.
import { aclResource } from './acl.ts';
import { analysisResource } from './analysis.ts';
import { backupsResource } from './backups.ts';
import { catalogResource } from './catalog.ts';
import { configsResource } from './configs.ts';
import type { Handler } from './context.ts';
import { diagnosisResource } from './diagnosis.ts';
import { instancesResource } from './instances.ts';
import { logsResource } from './logs.ts';
import { migrationResource } from './migration.ts';
import { monitoringResource } from './monitoring.ts';
import { nodesResource } from './nodes.ts';
import type { Resource } from './resource.ts';
import { sessionsResource } from './sessions.ts';
import { sslResource } from './ssl.ts';
import { tagsResource } from './tags.ts';
import { tasksResource } from './tasks.ts';
import { templatesResource } from './templates.ts';
import { whitelistResource } from './whitelist.ts';
import { EmulatorInternalError } from '../core/errors.ts';

export const RESOURCES: readonly Resource[] = [
  aclResource,
  analysisResource,
  backupsResource,
  catalogResource,
  configsResource,
  diagnosisResource,
  instancesResource,
  logsResource,
  migrationResource,
  monitoringResource,
  nodesResource,
  sessionsResource,
  sslResource,
  tagsResource,
  tasksResource,
  templatesResource,
  whitelistResource,
];

/** The handlers of `resources` by operationId; throws when two of them handle one operation. */
export function handlersOf(resources: readonly Resource[] = RESOURCES): Record<string, Handler> {
  const all: Record<string, Handler> = {};
  const owner = new Map<string, string>();
  for (const r of resources) {
    for (const [id, h] of Object.entries(r.handlers)) {
      const other = owner.get(id);
      if (other !== undefined) throw new EmulatorInternalError(`operation ${id} has handlers in two resource modules (${other} and ${r.name})`);
      owner.set(id, r.name);
      all[id] = h;
    }
  }
  return all;
}
