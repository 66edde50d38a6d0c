// Background tasks of an instance (4.12.1, 4.12.2), tenant jobs (4.12.3) and the task centre
// (4.12.4). Tasks and jobs are created by the operations that start asynchronous work (core/jobs.ts).
import { ApiError } from '../core/errors.ts';
import { jobsOf, tasksOf } from '../core/jobs.ts';
import { instanceOf, iso, type Handler, type HandlerContext } from './context.ts';
import type { Resource } from './resource.ts';

const notFound = (ctx: HandlerContext, field: string) => new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, field);

/** yyyyMMddHHmmss (UTC) -> epoch ms. */
const compact = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14));

export const listBackgroundTasks: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { offset?: number; limit?: number; start_time?: string; end_time?: string };
  let tasks = [...tasksOf(ctx).values()].filter((t) => t.instance_id === inst.instance_id);
  if (q.start_time) tasks = tasks.filter((t) => t.created_at >= compact(q.start_time!));
  if (q.end_time) tasks = tasks.filter((t) => t.created_at <= compact(q.end_time!));
  tasks.sort((a, b) => b.created_at - a.created_at || a.id.localeCompare(b.id));
  const offset = q.offset ?? 0;
  const page = q.limit === undefined ? tasks.slice(offset) : tasks.slice(offset, offset + q.limit);
  return {
    body: {
      task_count: String(tasks.length),
      tasks: page.map((t) => ({ id: t.id, name: t.name, user_name: t.user_name, user_id: t.user_name, params: t.params ?? '', status: t.status.toUpperCase(), created_at: new Date(t.created_at).toISOString(), updated_at: new Date(t.updated_at).toISOString(), enable_show: true, details: {} })),
    },
  };
};

export const deleteBackgroundTask: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const task = tasksOf(ctx).get(ctx.params.task_id!);
  if (!task || task.instance_id !== inst.instance_id) throw notFound(ctx, 'task_id');
  tasksOf(ctx).delete(task.id);
  return { status: 200, body: { message: '' } };
};

export const showJob: Handler = (ctx) => {
  const job = jobsOf(ctx).get(ctx.params.job_id!);
  if (!job) throw notFound(ctx, 'job_id');
  return { body: { job_id: job.job_id, job_type: job.job_type, status: job.status, begin_time: iso(job.begin_time), end_time: job.end_time ? iso(job.end_time) : '', fail_reason: job.fail_reason ?? null } };
};

/** The task centre lists the tenant's jobs; deleting one removes it (and its record) from view. */
export const deleteCenterTask: Handler = (ctx) => {
  const jobs = jobsOf(ctx);
  if (!jobs.delete(ctx.params.task_id!)) throw notFound(ctx, 'task_id');
  return { status: 200 };
};

export const tasksResource: Resource = {
  name: 'tasks',
  handlers: {
    ListBackgroundTask: listBackgroundTasks,
    DeleteBackgroundTask: deleteBackgroundTask,
    ShowJobInfo: showJob,
    DeleteCenterTask: deleteCenterTask,
  },
};
