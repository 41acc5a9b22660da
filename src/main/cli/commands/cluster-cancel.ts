// amr-studio cluster cancel <project> --job ID [--task I] [--json]: scancel a cluster job, or one
// of its tasks; the next collect reports them as failed.
import { AppError } from '../../../shared/errors.ts';
import { hostOf } from '../../engine/cluster/cluster-host.ts';
import { scancel } from '../../engine/cluster/slurm/slurm-client.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, optionalNumberFlag, requirePositional } from '../args.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'cluster cancel',
  summary: 'cancel a cluster job (or one of its tasks) with scancel',
  usage: 'amr-studio cluster cancel <file.amrproj> --job ID [--task I] [--json]',
  options: { job: 'value', task: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const id = numberFlag(args, 'job');
    const task = optionalNumberFlag(args, 'task');
    const engine = createEngine({ projectPath, log });
    try {
      const job = engine.store.getClusterJob(id);
      if (!job.schedulerJobId) throw new AppError('VALIDATION', `cluster job ${id} was never accepted by Slurm`);
      if (task !== undefined && !job.tasks.some((t) => t.task === task)) throw new AppError('VALIDATION', `cluster job ${id} has tasks 0..${job.taskCount - 1}, not ${task}`);
      await scancel(hostOf(job), job.schedulerJobId, task);
      const what = task === undefined ? `Slurm job ${job.schedulerJobId}` : `task ${task} of Slurm job ${job.schedulerJobId}`;
      return { json: { clusterJobId: id, schedulerJobId: job.schedulerJobId, ...(task === undefined ? {} : { task }) }, text: `cancelled ${what}` };
    } finally {
      await engine.dispose();
    }
  },
};
