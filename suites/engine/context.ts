// Opens a run against a target descriptor: the checked client, the fixtures' scenario (named with
// the run id), the clock, the security principals, and the profile's numbers. close() removes what
// the run made, also when the run was interrupted.
import { loadSpec, type Spec } from '../../spec/index.ts';
import { authFromCredentials, createClient, type Exchange } from '../../harness/index.ts';
import { Scenario } from '../../harness/fixtures/scenario.ts';
import { advanceClock, harnessDriver } from './driver.ts';
import { PROFILE_SETTINGS } from './profiles.ts';
import type { TargetDescriptor } from './target.ts';
import type { Profile, SuiteContext } from './types.ts';

export interface SuiteOptions {
  profile?: Profile;
  seed?: number;
  /** Property runs per property check; the profile's default otherwise. */
  runs?: number;
  allowDestructive?: boolean;
  /** Short, unique; goes into every name the run gives a resource. */
  runId?: string;
  mode?: 'strict' | 'lenient';
  /** Folder for the masked exchange log. */
  logDir?: string;
  spec?: Spec;
}

export interface OpenSuite {
  ctx: SuiteContext;
  /** Deletes what the run made; returns what could not be removed. */
  close(): Promise<string[]>;
}

export const newRunId = (): string => `cf${Date.now().toString(36).slice(-6)}`;

export async function openSuite(target: TargetDescriptor, options: SuiteOptions = {}): Promise<OpenSuite> {
  const spec = options.spec ?? (await loadSpec());
  const profile = options.profile ?? 'full';
  const seed = options.seed ?? ((Date.now() ^ (Math.random() * 0x100000000)) | 0);
  const runId = options.runId ?? newRunId();
  let recorded: Exchange[] = [];
  const p = target.principals;
  // The other principals' credentials, each with its own placeholder ($DCS_READONLY_TOKEN, $DCS_OTHER_TOKEN),
  // and the run's key pair ($DCS_AK, $DCS_SK): the client's masker must know them, since cases send them per call.
  const readonly = p.readonly ? authFromCredentials(p.readonly, 'readonly') : undefined;
  const other = p.other ? authFromCredentials(p.other.credentials, 'other') : undefined;
  const client = createClient({
    secrets: [...(readonly?.secrets ?? []), ...(other?.secrets ?? []), ...(p.aksk ? authFromCredentials(p.aksk).secrets : [])],
    onExchange: (ex) => void recorded.push(ex),
    spec,
    endpoint: target.endpoint,
    projectId: target.projectId,
    auth: authFromCredentials(target.credentials),
    mode: options.mode ?? 'strict',
    transport: {
      headers: target.headers,
      ...(target.rateLimit ? { rateLimit: target.rateLimit } : {}),
      ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}),
    },
    ...(options.logDir ? { logDir: options.logDir } : {}),
  });
  let scenario: Scenario | undefined;
  const driver = harnessDriver({ spec, client, projectId: target.projectId, runId, poll: target.poll, owned: () => scenario?.made.instances ?? [], ...(target.control ? { control: target.control } : {}) });
  scenario = new Scenario(driver, spec, { runId, poll: target.poll, ...(target.network ? { network: target.network } : {}) });
  const ctx: SuiteContext = {
    spec,
    client,
    scenario,
    clock: { virtual: !!target.control, settle: () => driver.settle(), advance: advanceClock(client, target.control, target.poll) },
    target: { kind: target.kind, endpoint: target.endpoint, projectId: target.projectId },
    principals: {
      ...(readonly ? { readonly } : {}),
      ...(other && p.other ? { other: { auth: other, projectId: p.other.projectId } } : {}),
      ...(p.aksk ? { aksk: p.aksk } : {}),
    },
    profile,
    seed,
    numRuns: options.runs ?? PROFILE_SETTINGS[profile].numRuns,
    runId,
    allowDestructive: target.kind === 'emulator' || !!options.allowDestructive,
    exchanges: {
      take: () => {
        const out = recorded;
        recorded = [];
        return out;
      },
    },
  };
  let closed = false;
  const close = async () => {
    if (closed) return [];
    closed = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const left = await scenario.cleanup();
    await client.close();
    return left;
  };
  // Ctrl-C: remove what the run made before leaving (a second Ctrl-C leaves at once).
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: removing the resources of run ${runId} before exiting…`);
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { ctx, close };
}
