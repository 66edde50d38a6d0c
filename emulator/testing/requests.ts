// One request builder per operation of the spec: it makes (through the Scenario) the resources the
// operation acts on, in the state it needs, and returns the path parameters, query and body.
//
// `example` is a copy of the reference's example body, or undefined when there is none (operations
// without a body, request-line examples, an example written without JSON). A builder changes only
// what refers to resources: IDs of instances, backups, tasks, nodes, templates, AZs and clients
// become those of resources it made, and secrets that belong to a resource (an old password, a
// target instance's password) become that resource's. Everything else stays as the reference wrote
// it, masked new passwords and mistyped values included, so a replay shows what the reference really
// sends (testing/examples.ts repairs those from the schema and rules when a valid request is wanted).
// Removing operations get throwaway resources of their own.
import { parseSpecCode } from '../../spec/rules/index.ts';
import { availableZones } from '../resources/catalog.ts';
import type { Inst, Req, Scenario } from './scenario.ts';

export type Builder = (s: Scenario, example: any) => Promise<Req>;

const on = (inst: Inst, more: Record<string, string> = {}) => ({ instance_id: inst.id, ...more });
/** As many resources made by `make` as the example's list names (at least one). */
const each = async (ids: unknown, make: () => Promise<string>) => {
  const out: string[] = [];
  for (let i = 0; i < Math.max(1, Array.isArray(ids) ? ids.length : 0); i++) out.push(await make());
  return out;
};

const none: Builder = async () => ({});
const main: Builder = async (s, ex) => ({ params: on(await s.main()), body: ex });
const ofAccount: Builder = async (s, ex) => {
  const inst = await s.main();
  return { params: on(inst, { account_id: (await s.account(inst)).id }), body: ex };
};
/** The account's password replaces the example's old_password; new_password stays the example's. */
const accountPassword: Builder = async (s, ex) => {
  const inst = await s.main();
  const account = await s.account(inst);
  if (ex && 'old_password' in ex) ex.old_password = account.password;
  return { params: on(inst, { account_id: account.id }), body: ex, accountName: account.name };
};

export const REQUESTS: Record<string, Builder> = {
  // ---- 4.1 / 4.2 instances ----
  CreateInstance: async (s, ex) => {
    // template_id names a template: a custom one of this project, of the example's version and mode.
    // az_codes, vpc_id and subnet_id stay: the AZs are the emulator's, networks are not modelled.
    if (ex?.template_id !== undefined) ex.template_id = await s.customTemplate({ engine_version: ex.engine_version, cache_mode: parseSpecCode(s.spec.rules.flavors, String(ex.spec_code))?.cacheMode });
    return { body: ex };
  },
  ListInstances: async (s) => {
    const inst = await s.main();
    // Values for the request line's {name}, {status} and {id}: the main instance's.
    return { query: { name: inst.name, status: s.spec.rules.states.data.statuses.serving.values[0]!, instance_id: inst.id, id: inst.id } };
  },
  BatchDeleteInstances: async (s, ex) => ({ body: { ...ex, instances: await each(ex?.instances, async () => (await s.instance()).id) } }),
  ShowInstance: main,
  DeleteSingleInstance: async (s) => ({ params: on(await s.instance()) }),
  UpdateInstance: async (s, ex) => ({ params: on(await s.instance()), body: ex }),
  ResizeInstance: async (s, ex) => {
    // An instance of the mode the example's spec_code resizes to.
    const inst = await s.instance({ mode: parseSpecCode(s.spec.rules.flavors, String(ex?.spec_code))?.cacheMode ?? s.haMode });
    // available_zones are AZ IDs: the emulator's. reserved_ip are IPs of the replicas to remove: the instance's.
    const zones = availableZones(s);
    if (Array.isArray(ex?.available_zones)) ex.available_zones = ex.available_zones.map((_: unknown, i: number) => zones[i % zones.length]!.id);
    if (Array.isArray(ex?.reserved_ip)) {
      const ips = (await s.nodes(inst)).filter((n) => n.node_type === 'slave').map((n) => n.node_ip);
      ex.reserved_ip = ex.reserved_ip.map((_: unknown, i: number) => ips[i % ips.length]);
    }
    return { params: on(inst), body: ex };
  },
  ChangeMasterStandby: main,
  UpdatePassword: async (s, ex) => {
    const inst = await s.instance();
    if (ex && 'old_password' in ex) ex.old_password = inst.password;
    return { params: on(inst), body: ex };
  },
  ResetPassword: async (s, ex) => ({ params: on(await s.instance()), body: ex }),
  ListNumberOfInstancesInDifferentStatus: none,
  RestartOrFlushInstances: async (s, ex) => {
    const inst = await s.main();
    return { body: { ...ex, instances: await each(ex?.instances, async () => inst.id) } };
  },
  ListStatisticsOfRunningInstances: none,

  // ---- 4.3 nodes ----
  UpdateSlavePriority: async (s, ex) => ({ params: await s.replica(await s.main()), body: ex }),
  DeleteIpFromDomainName: async (s) => ({ params: await s.replica(await s.instance({ replicas: 3 })) }),
  ListGroupReplicationInfo: main,
  BatchShowNodesInformation: none,
  ShowNodesInformation: main,

  // ---- 4.4 parameters ----
  ListConfigurations: main,
  UpdateConfigurations: main,
  ListConfigHistories: main,

  // ---- 4.5 backups ----
  DeleteBackupFile: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { backup_id: await s.backup(inst) }) };
  },
  RestoreInstance: async (s, ex) => {
    const inst = await s.main();
    return { params: on(inst), body: { ...ex, backup_id: await s.backup(inst) } };
  },
  ListRestoreRecords: main,
  ListBackupFileLinks: async (s, ex) => {
    const inst = await s.main();
    return { params: on(inst, { backup_id: await s.backup(inst) }), body: ex };
  },
  CopyInstance: main,
  ListBackupRecords: main,

  // ---- 4.6 migration ----
  CreateMigrationTask: async (s, ex) => {
    // The target is an instance: its ID, name and password. The OBS bucket and files stay (not modelled).
    const target = await s.main();
    if (ex?.target_instance) ex.target_instance = { ...ex.target_instance, id: target.id, ...('name' in ex.target_instance ? { name: target.name } : {}), password: target.password };
    return { body: ex };
  },
  ListMigrationTask: none,
  DeleteMigrationTask: async (s, ex) => ({ body: { ...ex, task_id_list: await each(ex?.task_id_list, () => s.importTask()) } }),
  ShowMigrationTask: async (s) => ({ params: { task_id: await s.importTask() } }),
  UpdateMigrationTask: async (s, ex) => ({ params: { task_id: await s.onlineTask(false) }, body: ex }),
  StopMigrationTask: async (s) => ({ params: { task_id: await s.onlineTask(true) } }),
  ShowMigrationTaskStats: async (s) => ({ params: { task_id: await s.onlineTask(true) } }),
  CreateOnlineMigrationTask: async (_s, ex) => ({ body: ex }),
  SetOnlineMigrationTask: async (s, ex) => {
    const target = await s.main();
    // A target given by ID is an instance of this project: its ID and password. A source given by
    // address is a self-hosted Redis the emulator does not model: left as written.
    if (ex?.target_instance && 'id' in ex.target_instance) Object.assign(ex.target_instance, { id: target.id, password: target.password });
    return { params: { task_id: await s.onlineTask(false) }, body: ex };
  },
  BatchStopMigrationTasks: async (s, ex) => ({ body: { ...ex, migration_tasks: await each(ex?.migration_tasks, () => s.onlineTask(true)) } }),
  StopMigrationTaskSync: async (s) => ({ params: { task_id: await s.onlineTask(true) } }),

  // ---- 4.7 tags ----
  ListTagsOfTenant: none,
  BatchCreateOrDeleteTags: main,
  ShowTags: main,

  // ---- 4.8 cache analysis ----
  CreateBigkeyScanTask: main,
  ListBigkeyScanTasks: main,
  ShowBigkeyScanTaskDetails: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { bigkey_id: await s.bigkeyTask(inst) }) };
  },
  DeleteBigkeyScanTask: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { bigkey_id: await s.bigkeyTask(inst) }) };
  },
  UpdateBigkeyAutoscanConfig: main,
  ShowBigkeyAutoscanConfig: main,
  CreateHotkeyScanTask: async (s) => {
    const inst = await s.main();
    await s.lfu(inst);
    return { params: on(inst) };
  },
  ListHotKeyScanTasks: main,
  ShowHotkeyTaskDetails: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { hotkey_id: await s.hotkeyTask(inst) }) };
  },
  DeleteHotkeyScanTask: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { hotkey_id: await s.hotkeyTask(inst) }) };
  },
  UpdateHotkeyAutoScanConfig: main,
  ShowHotkeyAutoscanConfig: main,
  CreateAutoExpireScanTask: main,

  // ---- 4.9 logs ----
  ListSlowlog: async (s) => {
    const now = await s.now();
    return { params: on(await s.main()), query: { start_time: String(now - 86_400_000), end_time: String(now) } };
  },
  ListRedislog: async (s) => {
    const inst = await s.main();
    return { params: on(inst), query: { log_type: s.enumOf('ListRedislog', 'log_type'), replication_id: await s.replicationId(inst) } };
  },
  CreateRedislog: async (s) => {
    const inst = await s.main();
    return { params: on(inst), query: await s.redislogQuery(inst) };
  },
  CreateRedislogDownloadLink: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { id: await s.redislog(inst) }) };
  },

  // ---- 4.10 ACL accounts ----
  CreateAclAccount: main,
  ListAclAccounts: main,
  UpdateAclAccountPassWord: accountPassword,
  ResetAclAccountPassWord: accountPassword,
  UpdateAclAccount: ofAccount,
  DeleteAclAccount: ofAccount,
  UpdateAclAccountRemark: ofAccount,

  // ---- 4.11 SSL and whitelist ----
  UpdateSslSwitch: async (s, ex) => ({ params: on(await s.sslInstance()), body: ex }),
  ShowInstanceSslDetail: async (s) => ({ params: on(await s.sslInstance()) }),
  DownloadSslCert: async (s) => ({ params: on(await s.sslEnabled()) }),
  UpdateIpWhitelist: main,
  ShowIpWhitelist: main,

  // ---- 4.12 tasks and jobs ----
  ListBackgroundTask: main,
  DeleteBackgroundTask: async (s) => {
    const inst = await s.main();
    return { params: on(inst, { task_id: await s.backgroundTask(inst) }) };
  },
  ShowJobInfo: async (s) => ({ params: { job_id: await s.job() } }),
  DeleteCenterTask: async (s) => ({ params: { task_id: await s.job() } }),

  // ---- 4.13 diagnosis ----
  ListDiagnosisTasks: async (s) => {
    const inst = await s.main();
    await s.report(inst);
    return { params: on(inst) };
  },
  ShowDiagnosisTaskDetails: async (s) => ({ params: { report_id: await s.report(await s.main()) } }),

  // ---- 4.14 templates ----
  ListConfigTemplates: async (s) => ({ query: { type: s.enumOf('ListConfigTemplates', 'type') } }),
  CreateCustomTemplate: async (s, ex) => {
    // template_id names the template to derive from: a default one of the example's version and mode.
    if (ex) ex.template_id = await s.sysTemplate({ engine_version: ex.engine_version, cache_mode: ex.cache_mode });
    return { body: ex };
  },

  // ---- 4.15 catalog ----
  ListFlavors: none,
  ListMaintenanceWindows: none,
  ShowQuotaOfTenant: none,
  ListMonitoredObjectsOfInstance: async (s) => ({ params: on(await s.main()), query: { dim_name: s.enumOf('ListMonitoredObjectsOfInstance', 'dim_name') } }),
  // 4.15.5 sets no enum on dim_name (erratum); the instance-level operation's value is the documented one.
  ListMonitoredObjects: async (s) => ({ query: { dim_name: s.enumOf('ListMonitoredObjectsOfInstance', 'dim_name') } }),
  ListAvailableZones: none,

  // ---- 4.16 sessions ----
  ScanClients: async (s, ex) => {
    // node_id names a node: the instance's master.
    const inst = await s.main();
    return { params: on(inst), body: { ...ex, node_id: (await s.master(inst)).node_id } };
  },
  ListClients: async (s) => {
    const inst = await s.main();
    return { params: on(inst), query: { node_id: (await s.clients(inst)).node_id } };
  },
  HangUpClients: async (s, ex) => {
    // node_id is a scanned node; client_addrs are clients of its snapshot, as many as the example names.
    const inst = await s.main();
    const { node_id, addrs } = await s.clients(inst);
    return { params: on(inst), body: { ...ex, node_id, client_addrs: addrs.slice(0, Array.isArray(ex?.client_addrs) ? ex.client_addrs.length : 1) } };
  },
  HangUpKillAllClients: async (s, ex) => {
    const inst = await s.main();
    return { params: on(inst), body: { ...ex, node_id: (await s.clients(inst)).node_id } };
  },
};
