// amr-studio cluster status <project> [--job ID] [--json]: each cluster job's tasks as Slurm
// (squeue, sacct, scontrol) sees them now, and which of them are merged into the project.
import { refreshTaskStates } from '../../engine/cluster/task-states.ts';
import { createEngine } from '../../engine/engine.ts';
import type { ClusterJobRecord } from '../../engine/store/cluster-jobs.ts';
import { optionalNumberFlag, requirePositional } from '../args.ts';
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
  options: { job: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const only = optionalNumberFlag(args, 'job');
    const engine = createEngine({ projectPath, log });
    try {
      const ids = only !== undefined ? [engine.store.getClusterJob(only).id] : engine.store.listClusterJobs().map((j) => j.id);
      const jobs: ClusterJobRecord[] = [];
      for (const id of ids) {
        const known = engine.store.getClusterJob(id);
        // a job whose every task is merged has nothing left to ask Slurm about
        jobs.push(known.tasks.every((t) => t.outcome === 'merged') ? known : (await refreshTaskStates(engine.store, id)).job);
      }
      const lines = jobs.flatMap((j) => [formatClusterJob(j), ...(only !== undefined ? j.tasks.map((t) => `  task ${t.task}: ${t.schedulerState}, ${t.outcome}${t.message ? ` — ${t.message}` : ''}`) : [])]);
      return { json: { clusterJobs: jobs }, text: lines.length ? lines.join('\n') : 'no cluster jobs in this project' };
    } finally {
      await engine.dispose();
    }
  },
};
