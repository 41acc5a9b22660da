// Submitting work to a Slurm cluster: plan the bundle's tasks, write the bundle (here, or here
// and then copied to the login node), render its sbatch array script, submit it, and record
// the Slurm job id in the project with the project jobs that stand for the tasks.
import { rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ClusterJobRecord } from '../store/cluster-jobs.ts';
import type { ProjectStore } from '../store/project.ts';
import { checkedRun, uploadFolder, type ClusterHost } from './cluster-host.ts';
import { prepareBundle, type WorkRequest } from './prepare-bundle.ts';
import { recordClusterJob } from './project-jobs.ts';
import { sbatchScript, type SlurmResources } from './slurm/sbatch-script.ts';
import { sbatch, scancel } from './slurm/slurm-client.ts';

export const sbatchFile = 'job.sbatch';

export interface SubmitRequest extends WorkRequest {
  /** the folder bundles go in, as the cluster's nodes see it */
  workdir: string;
  host: ClusterHost;
  /** over ssh: where the bundle is written here first and results are fetched to (default: beside the project) */
  localWorkdir?: string;
  resources: SlurmResources;
  /** the words that run amr-studio on a compute node */
  amrStudio: string[];
  /** compute backend the tasks must use */
  backend?: string;
}

export function defaultLocalWorkdir(store: ProjectStore): string {
  return `${store.path}.cluster`;
}

export async function submitClusterJob(store: ProjectStore, req: SubmitRequest): Promise<ClusterJobRecord> {
  if (!req.workdir) throw new AppError('VALIDATION', 'a cluster job needs a work folder on the cluster (--workdir)');
  if (req.amrStudio.length === 0) throw new AppError('VALIDATION', 'the command that runs amr-studio on the nodes is empty');
  const localParent = req.host.ssh ? (req.localWorkdir ?? defaultLocalWorkdir(store)) : req.workdir;
  const bundle = await prepareBundle(store, req, { threads: req.resources.cpusPerTask, localParent, ...(req.backend ? { backend: req.backend } : {}) });
  const { plan, bundleId, name, localDir, written } = bundle;
  const bundleDir = req.host.ssh ? posix.join(req.workdir, name) : localDir;
  try {
    writeFileSync(join(localDir, sbatchFile), sbatchScript({ jobName: `amr-${name}`, bundleDir, taskCount: plan.tasks.length, amrStudio: req.amrStudio, resources: req.resources }));
    if (req.host.ssh) {
      await checkedRun(req.host, ['mkdir', '-p', req.workdir]);
      await uploadFolder({ ...req.host, ssh: req.host.ssh }, localDir, bundleDir);
    }
  } catch (err) {
    rmSync(localDir, { recursive: true, force: true });
    throw err;
  }
  const schedulerJobId = await sbatch(req.host, `${bundleDir}/${sbatchFile}`);
  try {
    return recordClusterJob(
      store,
      {
        kind: req.kind, scheduler: 'slurm', host: req.host.ssh ?? null, bundleDir, localDir, bundleId, manifestSha256: written.sha256,
        options: { resources: req.resources, amrStudio: req.amrStudio, ...(req.host.sshConfig ? { sshConfig: req.host.sshConfig } : {}), ...(req.backend ? { backend: req.backend } : {}) },
      },
      plan,
      schedulerJobId,
    );
  } catch (err) {
    // the project could not record it: a job nobody would collect must not run
    await scancel(req.host, schedulerJobId).catch(() => undefined);
    throw err;
  }
}
