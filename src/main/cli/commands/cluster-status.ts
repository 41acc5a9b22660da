// amr-studio cluster status <project> [--job ID] [--json]: each cluster job's tasks as Slurm
// (squeue, sacct, scontrol) sees them now, and which of them are merged into the project.
import { refreshTaskStates } from '../../engine/cluster/task-states.ts';
import type { ClusterJobRecord } from '../../engine/store/cluster-jobs.ts';
import { clusterJobOptions, withClusterJobs } from '../cluster-job-selection.ts';
import type { CliCommand } from '../command.ts';

export function formatClusterJob(job: ClusterJobRecord): string {
  const counts = new Map<string, number>();
  for (const t of job.tasks) {
    const word = t.outcome === 'pending' ? t.schedulerState : t.outcome;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const summary = [...counts].map(([w, n]) => `${n} ${w}`).join(', ');
  return `cluster job ${job.id}: ${job.kind}, Slurm job ${job.schedulerJobId ?? '-'}${job.host ? ` on ${job.host}` : ''}, ${job.taskCount} task${job.taskCount === 1 ? '' : 's'}: ${summary}`;
}

export const command: CliCommand = {
  name: 'cluster status',
  summary: "ask Slurm where each cluster job's tasks stand (squeue / sacct / scontrol)",
  usage: 'amr-studio cluster status <file.amrproj> [--job ID] [--json]',
  options: clusterJobOptions,
  run: (args, log) =>
    withClusterJobs(args, log, async ({ engine, jobs: known, only }) => {
      const jobs: ClusterJobRecord[] = [];
      for (const job of known) {
        // a job whose every task is merged has nothing left to ask Slurm about
        jobs.push(job.tasks.every((t) => t.outcome === 'merged') ? job : (await refreshTaskStates(engine.store, job.id)).job);
      }
      const lines = jobs.flatMap((j) => [formatClusterJob(j), ...(only !== undefined ? j.tasks.map((t) => `  task ${t.task}: ${t.schedulerState}, ${t.outcome}${t.message ? ` — ${t.message}` : ''}`) : [])]);
      return { json: { clusterJobs: jobs }, text: lines.length ? lines.join('\n') : 'no cluster jobs in this project' };
    }),
};
