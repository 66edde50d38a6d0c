// Tenant jobs (4.12.3) and per-instance background tasks (4.12.1): the asynchronous work that
// operations answer with a job_id. Both progress on the virtual clock.
import type { HandlerContext } from '../resources/context.ts';
import { stateKey } from './resourceState.ts';

export interface Job {
  job_id: string;
  job_type: string;
  status: 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
  begin_time: number;
  end_time?: number;
  fail_reason?: string;
  instance_id?: string;
}

export interface BackgroundTask {
  id: string;
  instance_id: string;
  name: string;
  user_name: string;
  status: 'pending' | 'running' | 'success' | 'failed';
  created_at: number;
  updated_at: number;
  params?: string;
  job_id?: string;
}

const JOBS = stateKey<Map<string, Job>>('jobs');
const TASKS = stateKey<Map<string, BackgroundTask>>('tasks');
export const jobsOf = (ctx: HandlerContext) => ctx.project.slice(JOBS, () => new Map());
export const tasksOf = (ctx: HandlerContext) => ctx.project.slice(TASKS, () => new Map());

/** Starts a job that runs after a short delay and succeeds after config.durations.job; `effect` runs on success. */
export function startJob(ctx: HandlerContext, jobType: string, opts: { instanceId?: string; effect?: () => void; ms?: number } = {}): Job {
  const job: Job = { job_id: ctx.store.ids.uuid(), job_type: jobType, status: 'INIT', begin_time: ctx.now, ...(opts.instanceId ? { instance_id: opts.instanceId } : {}) };
  jobsOf(ctx).set(job.job_id, job);
  const ms = opts.ms ?? ctx.config.durations.job;
  ctx.store.after(Math.floor(ms / 2), () => {
    if (job.status === 'INIT') job.status = 'RUNNING';
  });
  ctx.store.after(ms, () => {
    if (job.status !== 'RUNNING' && job.status !== 'INIT') return;
    opts.effect?.();
    job.status = 'SUCCESS';
    job.end_time = ctx.store.clock.now();
  });
  if (opts.instanceId) recordTask(ctx, opts.instanceId, jobType, { jobId: job.job_id, ms });
  return job;
}

/** Records a background task of an instance (4.12.1), finishing after `ms` of virtual time. */
export function recordTask(ctx: HandlerContext, instanceId: string, name: string, opts: { params?: string; jobId?: string; ms?: number } = {}): BackgroundTask {
  const task: BackgroundTask = { id: ctx.store.ids.uuid(), instance_id: instanceId, name, user_name: ctx.user.name, status: 'running', created_at: ctx.now, updated_at: ctx.now, ...(opts.params ? { params: opts.params } : {}), ...(opts.jobId ? { job_id: opts.jobId } : {}) };
  tasksOf(ctx).set(task.id, task);
  ctx.store.after(opts.ms ?? ctx.config.durations.task, () => {
    if (task.status === 'running') task.status = 'success';
    task.updated_at = ctx.store.clock.now();
  });
  return task;
}
