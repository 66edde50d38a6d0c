// Real resources on an in-process emulator, made through the public API (plus the control clock and
// the diagnosis hook), for tests that must call operations on things in the right state: RUNNING
// instances of the cache modes and versions the rules ask for, backups, ACL accounts, scan tasks,
// migration tasks, jobs, run logs, session snapshots, diagnosis reports. Every choice of mode,
// version, capacity or password is read from the spec's rules, not written here.
import type { JsonObject, OperationInfo, RuleEntry, Spec } from '../../spec/index.ts';
import { checkPassword, specCodeFor, type PasswordRule } from '../../spec/rules/index.ts';
import { testClient, type Reply, type TestClient } from './client.ts';
import { createInstanceBody } from './fixtures.ts';

/** A setup step answered something other than a documented 2xx: the scenario cannot go on. */
export class ScenarioError extends Error {
  readonly code = 'DCS_SCENARIO_STEP';
  constructor(step: string, reply: Reply) {
    super(`scenario step ${step} answered ${reply.status} ${JSON.stringify(reply.body)}; fix the emulator or the step`);
  }
}

/** One request of an operation: path parameters (project_id is filled in), query and body. */
export interface Req {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The ACL account a password in the body belongs to (passwords must not contain its name). */
  accountName?: string;
}

export interface Inst {
  id: string;
  name: string;
  password: string;
  mode: string;
  version: string;
}

export interface Account {
  id: string;
  name: string;
  password: string;
}

const intersect = (lists: (readonly string[] | undefined)[]): string[] => lists.reduce<string[]>((acc, l) => (l ? acc.filter((x) => l.includes(x)) : acc), lists.find(Boolean)?.slice() ?? []);

/**
 * A password the rule accepts (length, classes, specials common to every variant of the set, no
 * forbidden character, not the account name), different from every value in `avoid`.
 */
export function validPassword(rule: PasswordRule, avoid: readonly unknown[] = [], accountName?: string): string {
  const specials = intersect([[...rule.special], ...rule.specialVariants.map((v) => [...v.set])]).filter((ch) => !(rule.forbidden ?? []).includes(ch));
  for (let i = 0; i < 100; i++) {
    const pw = `Dcs${i}${specials[i % specials.length]}emu`.padEnd(rule.minLength, 'x');
    if (!avoid.includes(pw) && !checkPassword(rule, pw, accountName).length) return pw;
  }
  throw new Error(`no password satisfies rule ${rule.id}: check spec/src/rules/passwords.json`);
}

/** The operation's documented 2xx statuses. */
export const successStatuses = (op: OperationInfo): number[] => [...op.responses.keys()].filter((s) => s >= 200 && s < 300);

/** Fills an operation's path template; project_id is the emulator's unless given. */
export function pathOf(op: Pick<OperationInfo, 'path'>, projectId: string, params: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = name === 'project_id' ? (params.project_id ?? projectId) : params[name];
    if (v === undefined) throw new Error(`path ${op.path} needs ${name}; the request builder gave ${JSON.stringify(params)}`);
    return encodeURIComponent(v);
  });
}

export class Scenario {
  private readonly memo = new Map<string, Promise<unknown>>();
  private n = 0;

  private constructor(
    readonly c: TestClient,
    readonly spec: Spec,
  ) {}

  static async start(spec: Spec, seed: number): Promise<Scenario> {
    return new Scenario(await testClient({ seed }), spec);
  }

  close(): Promise<void> {
    return this.c.close();
  }

  /** A fresh name with a prefix (instance names need 4+ characters and a letter first). */
  name(prefix: string): string {
    return `${prefix}-${++this.n}`;
  }

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as Promise<T>;
  }

  // ---- sending ------------------------------------------------------------------------------------

  url(op: OperationInfo, req: Req): string {
    const qs = new URLSearchParams(req.query ?? {}).toString();
    return pathOf(op, this.c.emu.projectId, req.params) + (qs ? `?${qs}` : '');
  }

  send(opId: string, req: Req = {}): Promise<Reply> {
    const op = this.spec.operation(opId);
    return this.c.call(op.method, this.url(op, req), req.body);
  }

  /** Sends and requires a documented 2xx; a setup step that fails stops the scenario. */
  async must(opId: string, req: Req = {}): Promise<Reply> {
    const r = await this.send(opId, req);
    if (!successStatuses(this.spec.operation(opId)).includes(r.status)) throw new ScenarioError(opId, r);
    return r;
  }

  /** Runs every pending deadline: instances back to RUNNING, tasks and jobs finished. */
  settle(): Promise<void> {
    return this.c.settle();
  }

  async now(): Promise<number> {
    return ((await this.c.call('GET', '/__emulator/clock', undefined, { token: null })).body as { now: number }).now;
  }

  // ---- choices read from the rules ----------------------------------------------------------------

  private capability(id: string): { cacheModes?: string[]; engineVersions?: string[] } {
    const cap = this.spec.rules.states.data.capabilities.find((c) => c.id === id);
    return cap ?? (this.spec.rules.byId(id) as RuleEntry & { cacheModes?: string[]; engineVersions?: string[] });
  }

  /** A cache mode that can back up, swap and remove replica IPs: one instance serves them all. */
  get haMode(): string {
    const mode = intersect(['backup-restore.cache-mode', 'swap.cache-mode', 'remove-ip.cache-mode'].map((id) => this.capability(id).cacheModes))[0];
    if (!mode) throw new Error('spec: no cache mode supports backup, swap and remove-ip together');
    return mode;
  }

  /** An engine version that has ACL accounts and can be created. */
  get aclVersion(): string {
    return intersect([(this.spec.rules.byId('acl.engine-version') as unknown as { engineVersions: string[] }).engineVersions, this.spec.rules.engine.versions]).at(-1)!;
  }

  /** The scope in which SSL can be switched (rule ssl.support for the section of UpdateSslSwitch). */
  get sslScope(): { version: string; mode: string } {
    const rule = this.spec.rules.byId('ssl.support') as unknown as { scopes: { sections: string[]; engineVersions?: string[]; cacheModes?: string[] }[] };
    const scope = rule.scopes.find((s) => s.sections.includes(this.spec.operation('UpdateSslSwitch').section));
    const version = intersect([scope?.engineVersions, this.spec.rules.engine.versions])[0]!;
    const mode = scope?.cacheModes?.includes(this.haMode) === false ? scope.cacheModes[0]! : this.haMode;
    return { version, mode };
  }

  // ---- instances ----------------------------------------------------------------------------------

  /** A RUNNING instance; `replicas` sets the nodes per shard in the spec_code. */
  async instance(opts: { mode?: string; version?: string; replicas?: number; capacity?: number; name?: string } = {}): Promise<Inst> {
    const r = this.spec.rules;
    const mode = opts.mode ?? this.haMode;
    const version = opts.version ?? this.aclVersion;
    const base = createInstanceBody(this.spec, { cache_mode: mode, ...(opts.capacity !== undefined ? { capacity: opts.capacity } : {}) });
    const capacity = base.capacity as number;
    const password = validPassword(r.password.instance);
    const body = { ...base, name: opts.name ?? this.name('scn'), engine_version: version, password, ...(opts.replicas ? { spec_code: specCodeFor(r.flavors, mode, capacity, { replicas: opts.replicas }) } : {}) };
    const created = await this.must('CreateInstance', { body });
    await this.settle();
    const made = (created.body as { instances: { instance_id: string; instance_name: string }[] }).instances[0]!;
    return { id: made.instance_id, name: made.instance_name, password, mode, version };
  }

  /** The shared instance: ACL-capable version, a mode with backups/swap/remove-ip, two replicas per shard. */
  main(): Promise<Inst> {
    return this.once('main', () => this.instance({ replicas: 3, name: 'scn-main' }));
  }

  /** A shared instance in the SSL scope. */
  sslInstance(): Promise<Inst> {
    return this.once('ssl', () => this.instance({ ...this.sslScope, name: 'scn-ssl' }));
  }

  /** The SSL instance with SSL switched on (job finished). */
  sslEnabled(): Promise<Inst> {
    return this.once('ssl-on', async () => {
      const inst = await this.sslInstance();
      await this.must('UpdateSslSwitch', { params: { instance_id: inst.id }, body: { enabled: true } });
      await this.settle();
      return inst;
    });
  }

  // ---- topology -----------------------------------------------------------------------------------

  async nodes(inst: Inst): Promise<{ node_id: string; group_id?: string; node_type: string; node_ip: string; replication_id?: string }[]> {
    return (await this.must('ShowNodesInformation', { params: { instance_id: inst.id } })).body.nodes;
  }

  /** A replica of the instance: path parameters of the replica operations. */
  async replica(inst: Inst): Promise<{ instance_id: string; group_id: string; node_id: string }> {
    const node = (await this.nodes(inst)).find((n) => n.node_type === 'slave');
    if (!node?.group_id) throw new Error(`instance ${inst.id} (${inst.mode}) has no replica`);
    return { instance_id: inst.id, group_id: node.group_id, node_id: node.node_id };
  }

  async master(inst: Inst): Promise<{ node_id: string; node_ip: string }> {
    const node = (await this.nodes(inst)).find((n) => n.node_type === 'master');
    if (!node) throw new Error(`instance ${inst.id} has no master node`);
    return node;
  }

  /** A replication (node) ID as the run-log operations take it (4.3.3 replication_id). */
  async replicationId(inst: Inst): Promise<string> {
    const groups = (await this.must('ListGroupReplicationInfo', { params: { instance_id: inst.id } })).body.group_list as { replication_list: { replication_id: string }[] }[];
    const id = groups[0]?.replication_list[0]?.replication_id;
    if (!id) throw new Error(`instance ${inst.id} lists no replication`);
    return id;
  }

  // ---- resources of an instance -------------------------------------------------------------------

  /** A finished (restorable) backup. */
  async backup(inst: Inst): Promise<string> {
    const r = await this.must('CopyInstance', { params: { instance_id: inst.id }, body: {} });
    await this.settle();
    return (r.body as { backup_id: string }).backup_id;
  }

  /** A normal ACL account, AVAILABLE. CreateAclAccount answers no body: the ID is read from the list. */
  async account(inst: Inst): Promise<Account> {
    const name = this.name('acct');
    const password = validPassword(this.spec.rules.password.acl, [], name);
    await this.must('CreateAclAccount', { params: { instance_id: inst.id }, body: { account_name: name, account_role: this.bodyEnum('CreateAclAccount', 'account_role')[0], account_password: password } });
    await this.settle();
    const accounts = (await this.must('ListAclAccounts', { params: { instance_id: inst.id } })).body.accounts as { account_id: string; account_name: string }[];
    const id = accounts.find((a) => a.account_name === name)?.account_id;
    if (!id) throw new Error(`account ${name} is not listed after creation`);
    return { id, name, password };
  }

  /** The values a request body field may take (its schema's enum). */
  bodyEnum(opId: string, field: string): string[] {
    const props = this.spec.operation(opId).requestBody?.schema?.properties as Record<string, JsonObject> | undefined;
    const values = props?.[field]?.enum as string[] | undefined;
    if (!values?.length) throw new Error(`${opId} request field ${field} has no enum`);
    return values;
  }

  /** The instance with an LFU eviction policy, which hot key analysis needs (rule analysis.hotkey-lfu-policy). */
  lfu(inst: Inst): Promise<void> {
    return this.once(`lfu:${inst.id}`, async () => {
      const rule = this.spec.rules.byId('analysis.hotkey-lfu-policy') as unknown as { parameter: string; policies: string[] };
      const param = (this.spec.rules.byId('config.param-value') as unknown as { parameters: { param_id: string; param_name: string }[] }).parameters.find((p) => p.param_name === rule.parameter)!;
      await this.must('UpdateConfigurations', { params: { instance_id: inst.id }, body: { redis_config: [{ param_id: param.param_id, param_name: param.param_name, param_value: rule.policies[0] }] } });
      await this.settle();
    });
  }

  async bigkeyTask(inst: Inst): Promise<string> {
    const r = await this.must('CreateBigkeyScanTask', { params: { instance_id: inst.id } });
    await this.settle();
    return (r.body as { id: string }).id;
  }

  async hotkeyTask(inst: Inst): Promise<string> {
    await this.lfu(inst);
    const r = await this.must('CreateHotkeyScanTask', { params: { instance_id: inst.id } });
    await this.settle();
    return (r.body as { id: string }).id;
  }

  /** A collected run log file of the instance (4.9.3, then its ID from 4.9.2). */
  async redislog(inst: Inst): Promise<string> {
    return this.once(`redislog:${inst.id}`, async () => {
      await this.must('CreateRedislog', { params: { instance_id: inst.id }, query: await this.redislogQuery(inst) });
      await this.settle();
      const files = (await this.must('ListRedislog', { params: { instance_id: inst.id }, query: { log_type: this.enumOf('ListRedislog', 'log_type') } })).body?.file_list as { id: string }[] | undefined;
      if (!files?.[0]) throw new Error(`no run log listed for ${inst.id} after collection`);
      return files[0].id;
    });
  }

  async redislogQuery(inst: Inst): Promise<Record<string, string>> {
    return { log_type: this.enumOf('CreateRedislog', 'log_type'), replication_id: await this.replicationId(inst) };
  }

  /** A background task of the instance: a whitelist change records one (4.12.1). */
  async backgroundTask(inst: Inst): Promise<string> {
    await this.must('UpdateIpWhitelist', { params: { instance_id: inst.id }, body: { enable_whitelist: false, whitelist: [] } });
    await this.settle();
    const tasks = (await this.must('ListBackgroundTask', { params: { instance_id: inst.id } })).body.tasks as { id: string }[];
    if (!tasks[0]) throw new Error(`no background task listed for ${inst.id}`);
    return tasks[0].id;
  }

  /** A finished tenant job: a session scan answers one. */
  async job(): Promise<string> {
    const inst = await this.main();
    const r = await this.must('ScanClients', { params: { instance_id: inst.id }, body: { node_id: (await this.master(inst)).node_id } });
    await this.settle();
    return (r.body as { job_id: string }).job_id;
  }

  /** The master node of the instance with a fresh session snapshot (a scan rebuilds it), and its client addresses. */
  async clients(inst: Inst): Promise<{ node_id: string; addrs: string[] }> {
    const { node_id } = await this.master(inst);
    await this.must('ScanClients', { params: { instance_id: inst.id }, body: { node_id, clean_cache: true } });
    await this.settle();
    const clients = (await this.must('ListClients', { params: { instance_id: inst.id }, query: { node_id, limit: '1000' } })).body.clients as { addr: string }[];
    return { node_id, addrs: clients.map((c) => c.addr) };
  }

  /** A finished diagnosis report, started through the control API (chapter 4 has no operation for it). */
  async report(inst: Inst): Promise<string> {
    const r = await this.c.call('POST', `/__emulator/projects/${this.c.emu.projectId}/instances/${inst.id}/diagnosis`, undefined, { token: null });
    if (r.status !== 200) throw new ScenarioError('diagnosis (control API)', r);
    await this.settle();
    return (r.body as { report_id: string }).report_id;
  }

  // ---- project-wide resources ---------------------------------------------------------------------

  /** A default template matching the filters (4.14.1). */
  async sysTemplate(filter: { engine_version?: string; cache_mode?: string } = {}): Promise<string> {
    const query: Record<string, string> = { type: this.enumOf('ListConfigTemplates', 'type'), limit: '1000', ...(filter.engine_version ? { engine_version: filter.engine_version } : {}), ...(filter.cache_mode ? { cache_mode: filter.cache_mode } : {}) };
    const t = ((await this.must('ListConfigTemplates', { query })).body.templates as { template_id: string }[])[0];
    if (!t) throw new Error(`no default template for ${JSON.stringify(filter)}`);
    return t.template_id;
  }

  /** A custom template derived from a default one of the version and mode given. */
  customTemplate(filter: { engine_version?: string; cache_mode?: string } = {}): Promise<string> {
    return this.once(`template:${filter.engine_version}:${filter.cache_mode}`, async () => {
      const r = await this.must('CreateCustomTemplate', { body: { template_id: await this.sysTemplate(filter), name: this.name('tpl'), type: this.bodyEnum('CreateCustomTemplate', 'type').at(-1), params: {} } });
      return (r.body as { id: string }).id;
    });
  }

  /** A backup import (from an OBS bucket) into the main instance. */
  async importBody(): Promise<Record<string, unknown>> {
    const target = await this.main();
    const files = (this.spec.rules.byId('migration.backup-files') as unknown as { fileSources: { obs: string } }).fileSources;
    return {
      task_name: this.name('import'),
      migration_type: this.migrationStates.backupImport.migrationType,
      migration_method: this.bodyEnum('CreateMigrationTask', 'migration_method')[0],
      backup_files: { file_source: files.obs, bucket_name: 'scenario-bucket', files: [{ file_name: 'scenario.rdb' }] },
      target_instance: { id: target.id, password: target.password },
    };
  }

  /** A backup import task, finished (SUCCESS). */
  async importTask(): Promise<string> {
    const r = await this.must('CreateMigrationTask', { body: await this.importBody() });
    await this.settle();
    return (r.body as { id: string }).id;
  }

  /** An online migration task: pending configuration, or configured as incremental (keeps migrating). */
  async onlineTask(configured: boolean): Promise<string> {
    const r = await this.must('CreateOnlineMigrationTask', { body: { name: this.name('online'), vpc_id: 'vpc-scenario', subnet_id: 'subnet-scenario', security_group_id: 'sg-scenario' } });
    const task = (r.body as { instance_id: string }).instance_id;
    if (configured) {
      const target = await this.main();
      // The incremental method is the one whose copy never ends by itself (rule migration.task-state).
      const method = Object.entries(this.migrationStates.online.to).find(([, to]) => this.migrationStates.migrating.includes(to))![0];
      await this.must('SetOnlineMigrationTask', { params: { task_id: task }, body: { migration_method: method, resume_mode: this.bodyEnum('SetOnlineMigrationTask', 'resume_mode')[0], source_instance: { addrs: '192.0.2.10:6379' }, target_instance: { id: target.id, password: target.password } } });
      await this.settle();
    }
    return task;
  }

  get migrationStates(): { backupImport: { migrationType: string }; online: { to: Record<string, string> }; migrating: string[] } {
    return this.spec.rules.byId('migration.task-state') as unknown as Scenario['migrationStates'];
  }

  /** The first enum value (or default) of a query parameter. */
  enumOf(opId: string, name: string): string {
    const p = this.spec.operation(opId).parameters.find((x) => x.name === name);
    const v = (p?.schema.enum as unknown[] | undefined)?.[0] ?? p?.schema.default;
    if (v === undefined) throw new Error(`${opId} parameter ${name} has no enum or default`);
    return String(v);
  }
}
