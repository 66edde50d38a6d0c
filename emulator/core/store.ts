// In-memory state of every project, and the services handlers share (clock, ids, deadlines).
// Node runs one handler at a time to completion, so a handler that does not await between reading
// and writing state can neither lose an update nor hand out an ID twice.
import type { EmulatorConfig, EmulatorQuota } from './config.ts';
import type { VirtualClock } from './clock.ts';
import type { IdSource } from './ids.ts';
import { ResourceState, type StateKey } from './resourceState.ts';
import type { Scheduler } from './scheduler.ts';

export interface Instance {
  instance_id: string;
  name: string;
  description: string;
  engine: string;
  engine_version: string;
  /** GB; 0.125 and friends included. */
  capacity: number;
  spec_code: string;
  cache_mode: string;
  status: string;
  port: number;
  az_codes: string[];
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  enterprise_project_id: string;
  enterprise_project_name: string;
  maintain_begin: string;
  maintain_end: string;
  no_password_access: boolean;
  password?: string;
  access_user: string;
  ip: string;
  domain_name: string;
  created_at: number;
  updated_at: number;
  launched_at?: number;
  tags: { key: string; value: string }[];
  instance_backup_policy?: Record<string, unknown>;
  rename_commands?: Record<string, string>;
  template_id?: string;
  charging_mode: number;
  /** Bumped by every accepted change; lets tests see that nothing changed after a refusal. */
  version: number;
  /** Everything else a resource keeps per instance (whitelist, configs, accounts, ssl…), by typed key (resourceState.ts). */
  ext: ResourceState;
}

/** The project's instances; `generation` changes whenever one is added or removed, so views (the
 * sorted listing) can be cached between changes. */
export class InstanceMap extends Map<string, Instance> {
  generation = 0;
  override set(id: string, inst: Instance): this {
    this.generation++;
    return super.set(id, inst);
  }
  override delete(id: string): boolean {
    this.generation++;
    return super.delete(id);
  }
  override clear(): void {
    this.generation++;
    super.clear();
  }
}

export class ProjectState {
  readonly instances = new InstanceMap();
  /** IDs of deleted instances: never reused, answer "not found". */
  readonly deleted = new Set<string>();
  private readonly slices = new ResourceState();

  constructor(
    readonly id: string,
    readonly quota: EmulatorQuota,
  ) {}

  /** State a resource module keeps for the whole project, created on first use. */
  slice<T extends object>(key: StateKey<T>, init: () => NoInfer<T>): T {
    return this.slices.ensure(key, init);
  }
}

export class Store {
  private readonly projects = new Map<string, ProjectState>();

  constructor(
    readonly config: EmulatorConfig,
    readonly clock: VirtualClock,
    readonly ids: IdSource,
    readonly scheduler: Scheduler,
  ) {
    for (const p of config.projects) this.projects.set(p.id, new ProjectState(p.id, p.quota));
  }

  project(id: string): ProjectState | undefined {
    return this.projects.get(id);
  }

  get allProjects(): ProjectState[] {
    return [...this.projects.values()];
  }

  /**
   * Bumped by anything that may change state: a deadline that ran, or a request that is not a read
   * (the server calls touch() around every non-GET operation). Reads never change state, so a view
   * computed for one epoch (a filtered listing, a rendered instance) stays right until the next.
   */
  epoch = 0;

  touch(): void {
    this.epoch++;
  }

  /** Runs every deadline that is due on the virtual clock. */
  settle(): number {
    const ran = this.scheduler.runDue(this.clock.now());
    if (ran) this.epoch++;
    return ran;
  }

  /** Schedules `run` after `ms` of virtual time. */
  after(ms: number, run: () => void): void {
    this.scheduler.at(this.clock.now() + ms, run);
  }
}
