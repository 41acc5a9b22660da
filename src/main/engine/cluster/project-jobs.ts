// The project's own jobs that stand for a cluster job's work: created queued at submission, moved
// to running when Slurm starts a task, done when results are merged, failed when a task fails.
import type { BundlePlan } from '../bundle/bundle-kind.ts';
import type { ClusterJobDraft, ClusterJobRecord } from '../store/cluster-jobs.ts';
import type { ProjectStore } from '../store/project.ts';

const stamp = (): string => new Date().toISOString();

/** One transaction: the cluster job, its tasks, and the project jobs standing for them. */
export function recordClusterJob(store: ProjectStore, draft: Omit<ClusterJobDraft, 'jobId' | 'taskCount'>, plan: BundlePlan, schedulerJobId: string): ClusterJobRecord {
  return store.transaction(() => {
    const submitted = `${stamp()} submitted to Slurm as job ${schedulerJobId}${draft.host ? ` on ${draft.host}` : ''}, bundle ${draft.bundleDir}\n`;
    const aggregate = plan.projectJobs.kind === 'aggregate' ? store.createJob(plan.projectJobs.job) : null;
    const record = store.createClusterJob({ ...draft, jobId: aggregate?.id ?? null, taskCount: plan.tasks.length });
    store.setSchedulerJobId(record.id, schedulerJobId);
    if (aggregate) store.updateJob(aggregate.id, { phase: 'cluster', done: 0, total: plan.tasks.length, appendLog: submitted });
    else {
      plan.tasks.forEach((task, i) => {
        const job = store.createJob(task);
        store.updateJob(job.id, { phase: 'cluster', appendLog: submitted.replace('\n', ` (task ${i})\n`) });
        store.updateClusterTask(record.id, i, { jobId: job.id });
      });
    }
    return store.getClusterJob(record.id);
  });
}

/** Mirrors a task's Slurm state on the project job that stands for it (queued → running). */
export function markRunning(store: ProjectStore, clusterJob: ClusterJobRecord, task: number): void {
  const jobId = clusterJob.jobId ?? clusterJob.tasks[task]?.jobId ?? null;
  if (jobId === null) return;
  if (store.getJob(jobId).status === 'queued') store.updateJob(jobId, { status: 'running' });
}

/** A task that will bring no result: said on the task and on the project job(s) standing for it. */
export function recordTaskFailure(store: ProjectStore, clusterJob: ClusterJobRecord, task: number, message: string, log: string): void {
  store.transaction(() => {
    store.updateClusterTask(clusterJob.id, task, { outcome: 'failed', message });
    const own = clusterJob.tasks[task]?.jobId ?? null;
    if (own !== null) {
      store.updateJob(own, { status: 'failed', error: { code: 'JOB_FAILED', message }, appendLog: `${log}${stamp()} failed on the cluster: ${message}\n` });
    } else if (clusterJob.jobId !== null) {
      store.updateJob(clusterJob.jobId, { appendLog: `${stamp()} task ${task} failed on the cluster: ${message}\n` });
    }
  });
}

/** Once no task is pending, a gathering job with failed tasks is failed (its merged rows stay in its result). */
export function settleAggregate(store: ProjectStore, clusterJobId: number): void {
  const cj = store.getClusterJob(clusterJobId);
  if (cj.jobId === null || cj.tasks.some((t) => t.outcome === 'pending')) return;
  const failed = cj.tasks.filter((t) => t.outcome === 'failed').map((t) => t.task);
  if (failed.length === 0 || store.getJob(cj.jobId).status === 'failed') return;
  store.updateJob(cj.jobId, {
    status: 'failed',
    error: { code: 'JOB_FAILED', message: `task${failed.length > 1 ? 's' : ''} ${failed.join(', ')} of Slurm job ${cj.schedulerJobId} failed; the other results are merged` },
  });
}
