// `dcs-conformance cleanup --run-id ID | --all-runs [--dry-run]`: finds on the target what conformance
// runs left — instances and migration tasks whose names carry a run id (suites/engine/runIds.ts) — and
// deletes them the way a run cleans up after itself (stopping migrating tasks first, retrying busy
// refusals, waiting until each is gone). For what a killed run could not remove.
import type { Spec } from '../../spec/index.ts';
import type { DcsClient } from '../../harness/index.ts';
import { openSuite } from '../../suites/engine/context.ts';
import { RUN_ID, runIdOf } from '../../suites/engine/runIds.ts';
import { startTarget } from '../../suites/engine/target.ts';
import { loadSpec } from '../../spec/index.ts';
import { flagHelp, parseArgs, type FlagSpec } from '../args.ts';
import { TARGET_FLAGS, targetEnv } from '../target.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';

const FLAGS: Record<string, FlagSpec> = {
  ...TARGET_FLAGS,
  'run-id': { kind: 'string', value: 'ID', description: 'the run whose resources to remove (printed at the start of every run: "run id cf…")' },
  'all-runs': { kind: 'bool', description: 'every resource whose name carries a run id of this suite' },
  'dry-run': { kind: 'bool', description: 'list what would be removed, and remove nothing' },
};

interface Left {
  kind: 'instance' | 'migration task' | 'custom template';
  id: string;
  name: string;
  status?: string;
}

/** Every item of a paged list (offset and limit, as the reference's lists define them). */
async function all<T>(client: DcsClient, spec: Spec, opId: string, query: Record<string, string>, items: (body: any) => T[] | undefined): Promise<T[]> {
  const limit = (spec.operation(opId).parameters.find((p) => p.name === 'limit')?.schema as { maximum?: number } | undefined)?.maximum ?? 100;
  const out: T[] = [];
  for (;;) {
    const r = await client.call(opId, { query: { ...query, offset: out.length, limit } });
    if (r.status === 204) return out;
    if (r.status !== 200) throw new UsageError(`${opId} answered ${r.status}: ${r.text.slice(0, 200)} (check the target's credentials)`);
    const page = items(r.json) ?? [];
    out.push(...page);
    if (page.length < limit) return out;
  }
}

async function whatIsLeft(client: DcsClient, spec: Spec, mine: (name: string) => boolean): Promise<Left[]> {
  const instances = await all(client, spec, 'ListInstances', { include_failure: 'true' }, (b) => b.instances as { instance_id: string; name: string; status: string }[]);
  const tasks = await all(client, spec, 'ListMigrationTask', {}, (b) => b.migration_tasks as { task_id: string; task_name: string; status: string }[]);
  const userType = (spec.operation('ListConfigTemplates').parameters.find((p) => p.name === 'type')?.schema.enum as string[] | undefined)?.at(-1);
  const templates = userType ? await all(client, spec, 'ListConfigTemplates', { type: userType }, (b) => b.templates as { template_id: string; name: string }[]) : [];
  return [
    ...instances.filter((i) => mine(i.name)).map((i): Left => ({ kind: 'instance', id: i.instance_id, name: i.name, status: i.status })),
    ...tasks.filter((t) => mine(t.task_name)).map((t): Left => ({ kind: 'migration task', id: t.task_id, name: t.task_name, status: t.status })),
    ...templates.filter((t) => mine(t.name)).map((t): Left => ({ kind: 'custom template', id: t.template_id, name: t.name })),
  ];
}

export const cleanupCommand: Command = {
  name: 'cleanup',
  help: `Usage: dcs-conformance cleanup (--run-id ID | --all-runs) [--dry-run] [--target …]

Finds what conformance runs left on the target (a run that was killed cannot remove what it made):
instances and migration tasks whose names carry the run id, and deletes them as a run does — a
migrating task is stopped first, busy refusals are retried, and the command waits until each is gone.
Custom templates cannot be deleted through the API: they are listed. --dry-run lists and removes nothing.
Exit codes: 0 nothing left, 1 something could not be removed, 2 usage or config error, 3 unreachable.

${flagHelp(FLAGS)}`,
  async run(argv, io) {
    const p = parseArgs(argv, FLAGS, 'cleanup');
    const runId = p['run-id'] as string | undefined;
    if (!runId === !p['all-runs']) throw new UsageError('give --run-id ID (printed as "run id cf…" when a run starts) or --all-runs');
    if (runId && !RUN_ID.test(runId)) throw new UsageError(`--run-id ${runId} is not a run id: they look like cf and six letters or digits, e.g. cf9alylj`);
    const mine = (name: string) => (runId ? runIdOf(name) === runId : runIdOf(name) !== undefined);
    const spec = await loadSpec();
    const started = await startTarget({ env: targetEnv(p, io.env), cwd: io.cwd });
    // One lane: its scenario removes what it is given exactly as it removes what a run made.
    const suite = await openSuite({ ...started.descriptor, concurrency: 1 }, { spec, lanes: 1, runId: runId ?? 'cleanup', allowDestructive: true });
    try {
      const left = await whatIsLeft(suite.ctx.client, spec, mine);
      const who = runId ? `run ${runId}` : 'conformance runs';
      if (!left.length) {
        io.out(`nothing left by ${who} on ${started.descriptor.endpoint}`);
        return EXIT.ok;
      }
      for (const l of left) io.out(`${p['dry-run'] ? 'would remove' : 'removing'} ${l.kind} ${l.name} (${l.id}${l.status ? `, ${l.status}` : ''})${l.kind === 'custom template' ? ': not deletable through the API, left in place' : ''}`);
      if (p['dry-run']) return EXIT.ok;
      for (const l of left) {
        if (l.kind === 'instance') suite.ctx.scenario.track('instances', l.id);
        if (l.kind === 'migration task') suite.ctx.scenario.track('migrationTasks', l.id);
      }
      const problems = (await suite.ctx.scenario.cleanup()).filter((x) => !/custom template/.test(x));
      const still = (await whatIsLeft(suite.ctx.client, spec, mine)).filter((l) => l.kind !== 'custom template');
      for (const x of problems) io.err(`could not remove: ${x}`);
      for (const l of still) io.err(`still there: ${l.kind} ${l.name} (${l.id}${l.status ? `, ${l.status}` : ''})`);
      io.out(`removed ${left.filter((l) => l.kind !== 'custom template').length - still.length} resource(s) of ${who}${still.length ? `; ${still.length} still there` : ''}`);
      return still.length ? EXIT.nonConformant : EXIT.ok;
    } finally {
      await suite.close();
      await started.close();
    }
  },
};
