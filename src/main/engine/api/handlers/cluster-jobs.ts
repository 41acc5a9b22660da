// Cluster jobs from the workbench: submit a study or a training sweep to Slurm, follow its tasks,
// collect what finished, cancel. The same engine calls as the cluster CLI commands.
import type { ChannelArg } from '../../../../shared/contract.ts';
import type { ClusterJobSummary } from '../../../../shared/cluster-jobs.ts';
import { AppError } from '../../../../shared/errors.ts';
import { hostOf, type ClusterHost } from '../../cluster/cluster-host.ts';
import { collectClusterJob } from '../../cluster/collect.ts';
import type { WorkRequest } from '../../cluster/prepare-bundle.ts';
import { shellSplit } from '../../cluster/shell-words.ts';
import { scancel } from '../../cluster/slurm/slurm-client.ts';
import type { SlurmResources } from '../../cluster/slurm/sbatch-script.ts';
import { submitClusterJob } from '../../cluster/submit.ts';
import { refreshTaskStates } from '../../cluster/task-states.ts';
import type { Engine } from '../../engine.ts';
import type { ClusterJobRecord } from '../../store/cluster-jobs.ts';
import type { Handler } from '../dispatch.ts';
import { studyJobConfig } from './pruning.ts';
import { trainJobConfig } from './training.ts';

export function toClusterJobSummary(j: ClusterJobRecord): ClusterJobSummary {
  return {
    id: j.id,
    kind: j.kind,
    scheduler: j.scheduler,
    schedulerJobId: j.schedulerJobId,
    host: j.host,
    bundleDir: j.bundleDir,
    jobId: j.jobId,
    createdAt: j.createdAt,
    tasks: j.tasks.map((t) => ({ task: t.task, schedulerState: t.schedulerState, outcome: t.outcome, jobId: t.jobId, message: t.message })),
  };
}

function workRequest(engine: Engine, work: ChannelArg<'submitToCluster'>['work']): WorkRequest {
  if (work.kind === 'prune-study') {
    const { kind, ...study } = work;
    return { kind, config: studyJobConfig(engine, study) };
  }
  const { kind, seeds, ...training } = work;
  return { kind, config: trainJobConfig(training), ...(seeds ? { seeds } : {}) };
}

export async function submitToCluster(engine: Engine, arg: ChannelArg<'submitToCluster'>): Promise<ClusterJobSummary> {
  const t = arg.target;
  const resources: SlurmResources = {
    cpusPerTask: t.cpus ?? 1,
    ...(t.partition ? { partition: t.partition } : {}),
    ...(t.gres ? { gres: t.gres } : {}),
    ...(t.time ? { time: t.time } : {}),
    ...(t.mem ? { mem: t.mem } : {}),
    ...(t.account ? { account: t.account } : {}),
    ...(t.maxParallel ? { maxParallel: t.maxParallel } : {}),
  };
  const host: ClusterHost = t.ssh ? { ssh: t.ssh } : {};
  const backend = arg.work.kind === 'train' ? arg.work.backend : undefined;
  const record = await submitClusterJob(engine.store, {
    ...workRequest(engine, arg.work),
    workdir: t.workdir,
    host,
    resources,
    // An installed app's nodes run the CLI installed on them (README: cluster set-up). On this
    // machine the command is one program chosen in a dialog (its path may hold spaces); a login
    // node's is a command line typed for that machine.
    amrStudio: t.amrStudio === undefined ? ['amr-studio'] : t.ssh ? shellSplit(t.amrStudio) : [t.amrStudio],
    ...(backend ? { backend } : {}),
  });
  engine.log(`cluster job ${record.id}: Slurm job ${record.schedulerJobId}, ${record.taskCount} tasks, bundle ${record.bundleDir}`);
  return toClusterJobSummary(record);
}

export async function cancelClusterJob(engine: Engine, arg: ChannelArg<'cancelClusterJob'>): Promise<ClusterJobSummary> {
  const job = engine.store.getClusterJob(arg.clusterJobId);
  if (!job.schedulerJobId) throw new AppError('VALIDATION', `cluster job ${job.id} was never accepted by Slurm`);
  if (arg.task !== undefined && !job.tasks.some((t) => t.task === arg.task)) {
    throw new AppError('VALIDATION', `cluster job ${job.id} has tasks 0..${job.taskCount - 1}, not ${arg.task}`);
  }
  await scancel(hostOf(job), job.schedulerJobId, arg.task);
  return toClusterJobSummary((await refreshTaskStates(engine.store, job.id)).job);
}

export const clusterJobHandlers: {
  listClusterJobs: Handler<Engine, 'listClusterJobs'>;
  submitToCluster: Handler<Engine, 'submitToCluster'>;
  refreshClusterJob: Handler<Engine, 'refreshClusterJob'>;
  collectClusterJob: Handler<Engine, 'collectClusterJob'>;
  cancelClusterJob: Handler<Engine, 'cancelClusterJob'>;
} = {
  listClusterJobs: async (engine) => engine.store.listClusterJobs().map(toClusterJobSummary),
  submitToCluster: (engine, arg) => submitToCluster(engine, arg),
  refreshClusterJob: async (engine, arg) => toClusterJobSummary((await refreshTaskStates(engine.store, arg.clusterJobId)).job),
  collectClusterJob: (engine, arg) => collectClusterJob(engine.store, arg.clusterJobId),
  cancelClusterJob: (engine, arg) => cancelClusterJob(engine, arg),
};
