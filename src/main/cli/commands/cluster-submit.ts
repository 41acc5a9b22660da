// amr-studio cluster submit <project> --study|--train … --slurm --workdir DIR [resources] [--ssh …]:
// writes the work as a job bundle, submits it as a Slurm array job (one task per cell) and
// records the Slurm job id in the project.
import { AppError } from '../../../shared/errors.ts';
import { defaultLocalWorkdir, submitClusterJob } from '../../engine/cluster/submit.ts';
import { createEngine } from '../../engine/engine.ts';
import { requirePositional, stringFlag } from '../args.ts';
import { amrStudioCommand, clusterHost, hostOptions, hostUsage, slurmOptions, slurmResources, slurmUsage, workKind, workOptions, workRequest, workUsage } from '../cluster-request.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'cluster submit',
  summary: 'send a study or training to a Slurm cluster as an array job (one task per cell) and record it in the project',
  usage: `amr-studio cluster submit <file.amrproj> ${workUsage} --slurm [--workdir DIR (default: beside the project; required with --ssh)] ${slurmUsage} ${hostUsage} [--backend NAME] [--json]`,
  options: { ...workOptions, slurm: 'switch', workdir: 'value', ...slurmOptions, ...hostOptions, backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    if (args.flags['slurm'] !== true) throw new AppError('VALIDATION', 'say which scheduler with --slurm (the one cluster submit drives; cluster render --kubernetes writes a Kubernetes Job)');
    workKind(args);
    const host = clusterHost(args);
    const workdir = stringFlag(args, 'workdir');
    if (host.ssh && !workdir) throw new AppError('VALIDATION', '--workdir is required with --ssh: a folder on the cluster that its compute nodes see');
    const resources = slurmResources(args);
    const amrStudio = amrStudioCommand(args, host);
    const backend = stringFlag(args, 'backend');
    const localWorkdir = stringFlag(args, 'local-workdir');
    const engine = createEngine({ projectPath, log });
    try {
      const work = workRequest(args, engine.store);
      const job = await submitClusterJob(engine.store, {
        ...work, host, resources, amrStudio,
        workdir: workdir ?? defaultLocalWorkdir(engine.store),
        ...(localWorkdir ? { localWorkdir } : {}), ...(backend ? { backend } : {}),
      });
      const projectJobs = job.jobId !== null ? [job.jobId] : job.tasks.map((t) => t.jobId!);
      return {
        json: { clusterJobId: job.id, schedulerJobId: job.schedulerJobId, bundleDir: job.bundleDir, tasks: job.taskCount, projectJobs },
        text: `submitted ${job.taskCount} task${job.taskCount === 1 ? '' : 's'} as Slurm job ${job.schedulerJobId}${job.host ? ` on ${job.host}` : ''} (cluster job ${job.id}, project job${projectJobs.length === 1 ? '' : 's'} ${projectJobs.join(', ')})\nbundle: ${job.bundleDir}\nthen: amr-studio cluster status ${projectPath} / amr-studio cluster collect ${projectPath}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
