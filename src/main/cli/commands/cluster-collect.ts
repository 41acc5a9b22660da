// amr-studio cluster collect <project> [--job ID] [--json]: merges every finished task's result
// into the project (each checked against its bundle, one transaction each) and reports the tasks
// that failed, went missing or were refused, with the end of their logs. Running it again merges
// nothing twice.
import { collectClusterJob, type CollectReport } from '../../engine/cluster/collect.ts';
import { clusterJobOptions, withClusterJobs } from '../cluster-job-selection.ts';
import type { CliCommand } from '../command.ts';

function formatReport(r: CollectReport): string {
  const lines = [`cluster job ${r.clusterJobId} (Slurm job ${r.schedulerJobId ?? '-'}):`];
  for (const t of r.tasks) {
    lines.push(`  task ${t.task}: ${t.outcome}${t.schedulerState ? ` [${t.schedulerState}]` : ''} — ${t.message}`);
    if (t.logTail) lines.push(...t.logTail.split('\n').map((l) => `      | ${l}`));
  }
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'cluster collect',
  summary: "merge the cluster jobs' finished tasks into the project, once each; report failed and missing tasks with their logs",
  usage: 'amr-studio cluster collect <file.amrproj> [--job ID] [--json]',
  options: clusterJobOptions,
  run: (args, log) =>
    withClusterJobs(args, log, async ({ engine, jobs, only }) => {
      const pending = only !== undefined ? jobs : jobs.filter((j) => j.tasks.some((t) => t.outcome !== 'merged'));
      const reports: CollectReport[] = [];
      for (const job of pending) reports.push(await collectClusterJob(engine.store, job.id));
      return { json: { reports }, text: reports.length ? reports.map(formatReport).join('\n') : 'nothing to collect: every cluster job is merged' };
    }),
};
