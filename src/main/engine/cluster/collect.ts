// collect: bring a cluster job's finished tasks home. Each task's result is checked against the
// bundle and merged in one transaction; tasks that failed, were cancelled or vanished are
// reported with the end of their logs; tasks still queued or running are left for next time.
// Running it again merges nothing twice.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterCollectSummary, TaskCollectOutcome, TaskCollectSummary } from '../../../shared/cluster-jobs.ts';
import { toErrorData } from '../../../shared/errors.ts';
import { logsDir, resultsDir } from '../bundle/manifest.ts';
import { mergeTaskResult } from '../bundle/merge-result.ts';
import type { ProjectStore } from '../store/project.ts';
import { downloadFolders, hostOf } from './cluster-host.ts';
import { recordTaskFailure, settleAggregate } from './project-jobs.ts';
import { activeStates, failedStates, type SlurmTaskState } from './slurm/slurm-states.ts';
import { refreshTaskStates } from './task-states.ts';

/** What collect made of each task: the shape the CLI prints and the Jobs page shows. */
export type CollectReport = ClusterCollectSummary;

const logTailLines = 20;

export function taskLogPath(localDir: string, task: number): string {
  return join(localDir, logsDir, `task-${task}.out`);
}

export function logTail(localDir: string, task: number, lines = logTailLines): string {
  const file = taskLogPath(localDir, task);
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function describeState(s: SlurmTaskState): string {
  return `${s.state}${s.exitCode && s.exitCode !== '0:0' ? ` (exit ${s.exitCode})` : ''}${s.reason ? ` — ${s.reason}` : ''}`;
}

export async function collectClusterJob(store: ProjectStore, clusterJobId: number): Promise<CollectReport> {
  // states first, results second: a task that ends in between is seen finished with its result
  const { job, states } = await refreshTaskStates(store, clusterJobId);
  const host = hostOf(job);
  if (host.ssh) await downloadFolders({ ...host, ssh: host.ssh }, job.bundleDir, [resultsDir, logsDir], job.localDir);
  const reports: TaskCollectSummary[] = [];
  for (const t of job.tasks) {
    const state = states.get(t.task);
    const schedulerState = state?.state ?? null;
    const report = (outcome: TaskCollectOutcome, message: string, withLog = false): void => {
      reports.push({ task: t.task, outcome, schedulerState, message, ...(withLog ? { logTail: logTail(job.localDir, t.task) } : {}) });
    };
    let merged;
    try {
      merged = await mergeTaskResult(store, clusterJobId, t.task, job.localDir);
    } catch (err) {
      report('refused', toErrorData(err).message, true);
      continue;
    }
    const fail = (outcome: 'failed' | 'missing', message: string, jobLog = ''): void => {
      // said once in the project, however often collect runs
      if (t.outcome !== 'failed' || t.message !== message) recordTaskFailure(store, store.getClusterJob(clusterJobId), t.task, message, jobLog);
      report(outcome, message, true);
    };
    if (merged.kind === 'merged') report('merged', merged.line);
    else if (merged.kind === 'already-merged') report('already-merged', store.getClusterJob(clusterJobId).tasks[t.task]!.message ?? 'merged before');
    else if (merged.kind === 'task-failed') fail('failed', `its ${merged.receipt.status === 'cancelled' ? 'job was cancelled' : 'job failed'}: ${merged.message}`, merged.log);
    else if (state && activeStates.has(state.state)) report('pending', describeState(state));
    else if (state && failedStates.has(state.state)) fail('failed', `Slurm: ${describeState(state)}`);
    else if (state) fail('failed', `Slurm: ${describeState(state)}, but the task left no result`);
    else fail('missing', `Slurm no longer knows task ${t.task} of job ${job.schedulerJobId} and it left no result`);
  }
  settleAggregate(store, clusterJobId);
  return { clusterJobId, schedulerJobId: job.schedulerJobId, tasks: reports };
}
