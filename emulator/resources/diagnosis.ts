// Instance diagnosis reports (4.13). The reference documents reading reports but not starting a
// diagnosis (Table 5-1 names POST …/diagnosis, which chapter 4 lacks): reports are started through
// the emulator's control API (runDiagnosis) and finish on the virtual clock.
import { ApiError } from '../core/errors.ts';
import { stateKey } from '../core/resourceState.ts';
import type { Instance, ProjectState, Store } from '../core/store.ts';
import { instanceOf, iso, type Handler } from './context.ts';
import type { Resource } from './resource.ts';

export interface DiagnosisReport {
  report_id: string;
  instance_id: string;
  status: 'diagnosing' | 'finished';
  begin_time: number;
  end_time: number;
  created_at: number;
}

const DIAGNOSIS_REPORTS = stateKey<Map<string, DiagnosisReport>>('diagnosis');
export const reportsOf = (project: ProjectState) => project.slice(DIAGNOSIS_REPORTS, () => new Map());

/** Starts a diagnosis of the last ten minutes; it finishes after config.durations.task. */
export function runDiagnosis(store: Store, project: ProjectState, inst: Instance): DiagnosisReport {
  const now = store.clock.now();
  const report: DiagnosisReport = { report_id: store.ids.uuid(), instance_id: inst.instance_id, status: 'diagnosing', begin_time: now - 10 * 60_000, end_time: now, created_at: now };
  reportsOf(project).set(report.report_id, report);
  store.after(store.config.durations.task, () => {
    report.status = 'finished';
  });
  return report;
}

const nodeCount = (inst: Instance) => (inst.cache_mode === 'single' ? 1 : 2);

export const listDiagnosisTasks: Handler = (ctx) => {
  const inst = instanceOf(ctx);
  const q = ctx.query as { offset?: number; limit?: number };
  const all = [...reportsOf(ctx.project).values()].filter((r) => r.instance_id === inst.instance_id).sort((a, b) => b.created_at - a.created_at);
  const offset = q.offset ?? 0;
  return {
    body: {
      total_num: all.length,
      diagnosis_report_list: all.slice(offset, offset + (q.limit ?? 10)).map((r) => ({ report_id: r.report_id, status: r.status, begin_time: iso(r.begin_time), end_time: iso(r.end_time), created_at: iso(r.created_at), node_num: nodeCount(inst), abnormal_item_sum: 0, failed_item_sum: 0 })),
    },
  };
};

export const showDiagnosisReport: Handler = (ctx) => {
  const report = reportsOf(ctx.project).get(ctx.params.report_id!);
  if (!report) throw new ApiError(ctx.spec.rules.protocol('resource.not-found').errorCode, 'report_id');
  const inst = ctx.project.instances.get(report.instance_id);
  const roles = inst && inst.cache_mode !== 'single' ? ['master', 'slave'] : ['master'];
  return {
    body: {
      abnormal_item_sum: 0,
      failed_item_sum: 0,
      diagnosis_node_report_list: roles.map((role, i) => ({
        node_ip: `${inst?.ip ?? '192.168.0.1'}`.replace(/\.\d+$/, `.${10 + i}`),
        az_code: inst?.az_codes[0] ?? '',
        group_name: 'group-0',
        abnormal_sum: 0,
        failed_sum: 0,
        role,
        diagnosis_dimension_list: ['network', 'storage', 'load'].map((name) => ({ name, abnormal_num: 0, failed_num: 0, diagnosis_item_list: [] })),
        command_time_taken_list: { total_num: 0, total_usec_sum: 0, result: 'succeed', command_list: [] },
      })),
    },
  };
};

export const diagnosisResource: Resource = {
  name: 'diagnosis',
  handlers: {
    ListDiagnosisTasks: listDiagnosisTasks,
    ShowDiagnosisTaskDetails: showDiagnosisReport,
  },
};
