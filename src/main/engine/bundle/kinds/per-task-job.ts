// For kinds with one project job per task: that job, and the task's own job in the result file,
// whose rows are then copied as belonging to the project job.
import { AppError } from '../../../../shared/errors.ts';
import type { MergeContext } from '../bundle-kind.ts';

export function standInJob({ transfer, clusterJob, task, taskJobId }: MergeContext): { projectJobId: number; taskJob: ReturnType<MergeContext['transfer']['sourceJob']> } {
  const projectJobId = clusterJob.tasks[task]?.jobId;
  if (projectJobId == null) throw new AppError('NOT_FOUND', `cluster job ${clusterJob.id}: task ${task}'s project job was deleted`);
  const taskJob = transfer.sourceJob(taskJobId);
  transfer.alias('job', taskJobId, projectJobId);
  return { projectJobId, taskJob };
}
