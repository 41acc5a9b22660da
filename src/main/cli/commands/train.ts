// amr-studio train <project> --dataset D [--model resnet1d20] [--epochs E] [--batch B] [--seed S]
// [--lr 0.001] [--optimizer adam|sgd] [--schedule constant|step|cosine] [--patience N]
// [--threads N] [--backend wasm|cpu|…] [--name NAME] [--augment rm|msm|theta:0.2|nrm:4|blend|rf:phase,awgn]
// [--snr 18|0:18] [--classes A,B] [--per-cell N] [--json]: trains in a job process and saves
// the model. Settings left out come from the model's own recipe where it has one (AVGNet), else
// the Training page's defaults (shared/training-defaults.ts).
// amr-studio train <project> --resume JOB: continues a failed or cancelled training job from its
// last checkpoint, with the job's own settings.
import { AppError } from '../../../shared/errors.ts';
import { trainingDefaults } from '../../../shared/training-defaults.ts';
import { listArchitectures } from '../../engine/ml/models/registry.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine, type Engine } from '../../engine/engine.ts';
import type { JobRecord } from '../../engine/store/jobs.ts';
import type { CliCommand, CommandOptions, CommandOutput, ParsedArgs } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { followJob } from '../foreground-job.ts';
import { augmentFromArgs, subsetFromArgs } from '../training-options.ts';

function schedule(name: string, epochs: number): Record<string, unknown> {
  switch (name) {
    case 'constant':
      return { kind: 'constant' };
    case 'step':
      return { kind: 'step', everyEpochs: Math.max(1, Math.floor(epochs / 3)), gamma: 0.1 };
    case 'cosine':
      return { kind: 'cosine' };
    default:
      throw new AppError('VALIDATION', `--schedule must be constant, step or cosine, got '${name}'`);
  }
}

/** The zoo's names as people type them: ResNet1D by its depth. */
const models = listArchitectures().map((a) => (a.arch === 'resnet1d' ? 'resnet1d20' : a.arch)).join('|');

/** The train job config the train flags describe, less the dataset id (resolved in the project). */
export function trainSettings(args: ParsedArgs): { dataset: string; settings: Record<string, unknown> } {
  const dataset = stringFlag(args, 'dataset');
  if (!dataset) throw new AppError('VALIDATION', '--dataset is required');
  const epochs = numberFlag(args, 'epochs', trainingDefaults.epochs);
  const patience = stringFlag(args, 'patience');
  const threads = stringFlag(args, 'threads');
  const augment = augmentFromArgs(args);
  const settings = {
    name: stringFlag(args, 'name'),
    model: { arch: stringFlag(args, 'model') ?? trainingDefaults.architecture },
    train: {
      epochs,
      seed: numberFlag(args, 'seed', trainingDefaults.seed),
      // left out, they come from the model's recipe (AVGNet's), else the training defaults
      ...(stringFlag(args, 'batch') === undefined ? {} : { batchSize: numberFlag(args, 'batch') }),
      ...(stringFlag(args, 'lr') === undefined ? {} : { learningRate: numberFlag(args, 'lr') }),
      ...(stringFlag(args, 'optimizer') === undefined ? {} : { optimizer: stringFlag(args, 'optimizer') }),
      ...(stringFlag(args, 'schedule') === undefined ? {} : { schedule: schedule(stringFlag(args, 'schedule')!, epochs) }),
      ...(patience === undefined ? {} : { earlyStopping: { patience: numberFlag(args, 'patience'), minDelta: 1e-4 } }),
      ...(threads === undefined ? {} : { threads: numberFlag(args, 'threads') }),
    },
    ...(augment ? { augment } : {}),
  };
  return { dataset, settings };
}

/** The options that say what to train (also those of `cluster submit --train`). */
export const trainOptions: CommandOptions = { dataset: 'value', model: 'value', epochs: 'value', batch: 'value', seed: 'value', lr: 'value', optimizer: 'value', schedule: 'value', patience: 'value', threads: 'value', name: 'value', augment: 'value', 'augment-rate': 'value' };
export const trainUsage =
  `--dataset ID|NAME [--model ${models} (default ${trainingDefaults.architecture})] [--epochs ${trainingDefaults.epochs}] ` +
  `[--batch ${trainingDefaults.batchSize}, avgnet 128] [--seed ${trainingDefaults.seed}] [--lr ${trainingDefaults.learningRate}] [--optimizer adam|sgd] ` +
  '[--schedule constant|step|cosine (avgnet: ×0.8 every 10 epochs)] [--patience 5, avgnet none] [--threads N (default: every core, up to 8)] [--name NAME] ' +
  '[--augment rm|msm|theta:0.2|nrm:4|blend|rf:phase,awgn (join with +)] [--augment-rate 0.5]';

function resumeJobId(args: ParsedArgs): number {
  const given = Object.keys(trainOptions).filter((o) => args.flags[o] !== undefined);
  if (given.length > 0) {
    throw new AppError('VALIDATION', `--resume continues the job with its own settings; leave out ${given.map((o) => `--${o}`).join(' ')}`);
  }
  const jobId = numberFlag(args, 'resume');
  if (!Number.isInteger(jobId) || jobId < 1) throw new AppError('VALIDATION', `--resume takes a job id, got '${stringFlag(args, 'resume')}'`);
  return jobId;
}

/** Starts (or resumes) the job and waits for it; a job stopped after a checkpoint says how to go on. */
async function trainInForeground(engine: Engine, projectPath: string, start: () => Promise<number>): Promise<JobRecord> {
  const jobId = await start();
  try {
    return await followJob(engine, jobId);
  } catch (err) {
    const checkpoint = engine.store.findCheckpoint(jobId);
    if (!(err instanceof AppError) || !checkpoint) throw err;
    throw new AppError(err.code, `${err.message}; its checkpoint after epoch ${checkpoint.epoch} is kept: continue with amr-studio train ${projectPath} --resume ${jobId}`);
  }
}

function output(job: JobRecord): CommandOutput {
  const r = job.result as { modelId: number; name: string; accuracy: number; epochs: number; samplesPerSecond: number; seed: number; threads: number; params: number; totalParams: number };
  return {
    json: { jobId: job.id, ...r },
    text:
      `model ${r.modelId} "${r.name}": test accuracy ${(100 * r.accuracy).toFixed(1)} % after ${r.epochs} epochs ` +
      `(seed ${r.seed}, ${r.samplesPerSecond.toFixed(0)} samples/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}; ` +
      `${r.params.toLocaleString('en')} trainable parameters, ${r.totalParams.toLocaleString('en')} in all)`,
  };
}

export const command: CliCommand = {
  name: 'train',
  summary: 'train a model on a dataset (in a job process) and save it in the project, or resume a stopped training',
  usage:
    `amr-studio train <file.amrproj> ${trainUsage} [--snr 18|LOW:HIGH] [--classes A,B] [--per-cell N] [--subset-seed S] [--backend NAME] [--json]\n` +
    'amr-studio train <file.amrproj> --resume JOB [--backend NAME] [--json]   (continue a failed or cancelled training from its last checkpoint)',
  options: { ...trainOptions, snr: 'value', classes: 'value', 'per-cell': 'value', 'subset-seed': 'value', backend: 'value', resume: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const resume = args.flags['resume'] === undefined ? null : resumeJobId(args);
    const wanted = resume === null ? trainSettings(args) : null;
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      if (resume !== null) {
        const job = engine.jobs.get(resume);
        if (job.kind !== 'train') throw new AppError('VALIDATION', `job ${resume} is a ${job.kind} job; --resume continues training jobs`);
        const checkpoint = engine.store.findCheckpoint(resume);
        log(checkpoint ? `resuming job ${resume} after epoch ${checkpoint.epoch}` : `job ${resume} has no checkpoint: it starts again from epoch 1`);
        return output(await trainInForeground(engine, projectPath, async () => (engine.jobs.resume(resume), resume)));
      }
      const datasetId = resolveDatasetId(engine.store, wanted!.dataset);
      const subset = subsetFromArgs(args, engine.store.getDataset(datasetId).classes);
      const config = { datasetId, ...wanted!.settings, ...(subset ? { subset } : {}) };
      return output(await trainInForeground(engine, projectPath, () => engine.jobs.submit('train', config)));
    } finally {
      await engine.dispose();
    }
  },
};
