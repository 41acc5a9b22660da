// A bundle written with what a scheduler needs to run it, without submitting anything: the
// sbatch script for Slurm, or the Indexed Job manifest for Kubernetes (kubectl apply -f).
import { writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ProjectStore } from '../store/project.ts';
import { indexedJobManifest } from './kubernetes/indexed-job.ts';
import { prepareBundle, type PreparedBundle, type WorkRequest } from './prepare-bundle.ts';
import { sbatchScript, type SlurmResources } from './slurm/sbatch-script.ts';
import { sbatchFile } from './submit.ts';

export const kubernetesJobFile = 'job.k8s.json';

export type RenderTarget =
  | {
      scheduler: 'slurm';
      /** where the bundle will sit as the compute nodes see it (default: where it is written) */
      workdir?: string;
      resources: SlurmResources;
      amrStudio: string[];
    }
  | {
      scheduler: 'kubernetes';
      image: string;
      /** the persistent volume claim the bundle is copied onto, and where pods mount it */
      claimName: string;
      mountPath: string;
      namespace?: string;
      parallelism?: number;
      cpu: number;
      memory?: string;
      gpus?: number;
      amrStudio: string[];
    };

export interface RenderedJob {
  bundle: PreparedBundle;
  /** the sbatch script or Job manifest, inside the bundle folder */
  file: string;
}

export async function renderClusterJob(store: ProjectStore, work: WorkRequest, outDir: string, target: RenderTarget, backend?: string): Promise<RenderedJob> {
  const threads = target.scheduler === 'slurm' ? target.resources.cpusPerTask : target.cpu;
  const bundle = await prepareBundle(store, work, { threads, localParent: outDir, ...(backend ? { backend } : {}) });
  const jobName = `amr-${bundle.name}`;
  const taskCount = bundle.plan.tasks.length;
  if (target.scheduler === 'slurm') {
    const bundleDir = target.workdir ? join(target.workdir, bundle.name) : bundle.localDir;
    const file = join(bundle.localDir, sbatchFile);
    writeFileSync(file, sbatchScript({ jobName, bundleDir, taskCount, amrStudio: target.amrStudio, resources: target.resources }));
    return { bundle, file };
  }
  const manifest = indexedJobManifest({
    name: jobName, bundleId: bundle.bundleId, taskCount, image: target.image, amrStudio: target.amrStudio,
    claimName: target.claimName, mountPath: target.mountPath, bundleDir: posix.join(target.mountPath, bundle.name), cpu: target.cpu,
    ...(target.namespace ? { namespace: target.namespace } : {}), ...(target.parallelism ? { parallelism: target.parallelism } : {}),
    ...(target.memory ? { memory: target.memory } : {}), ...(target.gpus ? { gpus: target.gpus } : {}),
  });
  const file = join(bundle.localDir, kubernetesJobFile);
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  return { bundle, file };
}
