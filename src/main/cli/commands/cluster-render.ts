// amr-studio cluster render <project> --study|--train … (--slurm … | --kubernetes …) --out DIR:
// writes the bundle and its sbatch script or Kubernetes Indexed Job manifest without submitting
// anything, for a cluster this machine cannot reach or a look before submitting.
import { AppError } from '../../../shared/errors.ts';
import { renderClusterJob, type RenderTarget } from '../../engine/cluster/render.ts';
import { createEngine } from '../../engine/engine.ts';
import { numberFlag, optionalNumberFlag, requirePositional, stringFlag } from '../args.ts';
import { amrStudioCommand, slurmOptions, slurmResources, slurmUsage, workKind, workOptions, workRequest, workUsage } from '../cluster-request.ts';
import type { CliCommand, ParsedArgs } from '../command.ts';
import { shellSplit } from '../../engine/cluster/shell-words.ts';

const kubernetesUsage = '--kubernetes --image IMAGE --claim PVC [--mount /bundles] [--namespace NS] [--parallelism N] [--cpus 1] [--mem 4Gi] [--gpus N]';

function target(args: ParsedArgs): RenderTarget {
  const slurm = args.flags['slurm'] === true;
  const kubernetes = args.flags['kubernetes'] === true;
  if (slurm === kubernetes) throw new AppError('VALIDATION', 'say which scheduler to render for with exactly one of --slurm, --kubernetes');
  if (slurm) {
    const workdir = stringFlag(args, 'workdir');
    return { scheduler: 'slurm', resources: slurmResources(args), amrStudio: amrStudioCommand(args, {}), ...(workdir ? { workdir } : {}) };
  }
  const image = stringFlag(args, 'image');
  const claimName = stringFlag(args, 'claim');
  if (!image || !claimName) throw new AppError('VALIDATION', '--kubernetes needs --image (Node and AMR Studio inside) and --claim (the persistent volume claim holding the bundles)');
  const amrStudio = stringFlag(args, 'amr-studio');
  const parallelism = optionalNumberFlag(args, 'parallelism');
  const gpus = optionalNumberFlag(args, 'gpus');
  const memory = stringFlag(args, 'mem');
  const namespace = stringFlag(args, 'namespace');
  return {
    scheduler: 'kubernetes', image, claimName, mountPath: stringFlag(args, 'mount') ?? '/bundles', cpu: numberFlag(args, 'cpus', 1),
    amrStudio: amrStudio === undefined ? ['amr-studio'] : shellSplit(amrStudio),
    ...(parallelism !== undefined ? { parallelism } : {}), ...(gpus !== undefined ? { gpus } : {}), ...(memory ? { memory } : {}), ...(namespace ? { namespace } : {}),
  };
}

export const command: CliCommand = {
  name: 'cluster render',
  summary: 'write a bundle with its sbatch script or Kubernetes Indexed Job manifest, without submitting it',
  usage: `amr-studio cluster render <file.amrproj> ${workUsage} (--slurm [--workdir DIR as the nodes see it] ${slurmUsage} | ${kubernetesUsage}) --out DIR [--amr-studio "command in the tasks"] [--backend NAME] [--json]`,
  options: {
    ...workOptions, slurm: 'switch', workdir: 'value', ...slurmOptions,
    kubernetes: 'switch', image: 'value', claim: 'value', mount: 'value', namespace: 'value', parallelism: 'value', gpus: 'value',
    out: 'value', 'amr-studio': 'value', backend: 'value',
  },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    workKind(args);
    const where = target(args);
    const out = stringFlag(args, 'out');
    if (!out) throw new AppError('VALIDATION', '--out is required: the folder the bundle is written into');
    const backend = stringFlag(args, 'backend');
    const engine = createEngine({ projectPath, log });
    try {
      const { bundle, file } = await renderClusterJob(engine.store, workRequest(args, engine.store), out, where, backend);
      const next = where.scheduler === 'slurm' ? `sbatch ${file}` : `copy ${bundle.localDir} to ${where.mountPath}/${bundle.name} on the volume of claim ${where.claimName}, then kubectl apply -f ${file}`;
      return {
        json: { bundleDir: bundle.localDir, bundleId: bundle.bundleId, tasks: bundle.plan.tasks.length, file },
        text: `bundle of ${bundle.plan.tasks.length} task${bundle.plan.tasks.length === 1 ? '' : 's'}: ${bundle.localDir}\n${where.scheduler === 'slurm' ? 'sbatch script' : 'Kubernetes Job'}: ${file}\nthen: ${next}`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
