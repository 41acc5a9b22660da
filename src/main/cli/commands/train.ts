// amr-studio train <project> --dataset D --model vtcnn2 --epochs E --batch B --seed S
// [--lr 0.001] [--optimizer adam|sgd] [--schedule constant|step|cosine] [--patience N]
// [--threads N] [--backend wasm|cpu|…] [--name NAME] [--json]: trains in a job process and saves the model.
// Settings left out come from the model's own recipe where it has one (AVGNet), else the defaults.
import { AppError } from '../../../shared/errors.ts';
import { listArchitectures } from '../../engine/ml/models/registry.ts';
import { numberFlag, requirePositional, stringFlag } from '../args.ts';
import { createEngine } from '../../engine/engine.ts';
import type { CliCommand, CommandOptions, ParsedArgs } from '../command.ts';
import { resolveDatasetId } from '../dataset-ref.ts';
import { runForegroundJob } from '../foreground-job.ts';

function schedule(name: string | undefined, epochs: number): Record<string, unknown> {
  switch (name ?? 'constant') {
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
  const epochs = numberFlag(args, 'epochs', 10);
  const patience = stringFlag(args, 'patience');
  const threads = stringFlag(args, 'threads');
  const settings = {
    name: stringFlag(args, 'name'),
    model: { arch: stringFlag(args, 'model') ?? 'vtcnn2' },
    train: {
      epochs,
      seed: numberFlag(args, 'seed', 0),
      // left out, they come from the model's recipe (AVGNet's), else the training defaults
      ...(stringFlag(args, 'batch') === undefined ? {} : { batchSize: numberFlag(args, 'batch') }),
      ...(stringFlag(args, 'lr') === undefined ? {} : { learningRate: numberFlag(args, 'lr') }),
      ...(stringFlag(args, 'optimizer') === undefined ? {} : { optimizer: stringFlag(args, 'optimizer') }),
      ...(stringFlag(args, 'schedule') === undefined ? {} : { schedule: schedule(stringFlag(args, 'schedule'), epochs) }),
      ...(patience === undefined ? {} : { earlyStopping: { patience: numberFlag(args, 'patience'), minDelta: 1e-4 } }),
      ...(threads === undefined ? {} : { threads: numberFlag(args, 'threads') }),
    },
  };
  return { dataset, settings };
}

/** The options that say what to train (also those of `cluster submit --train`). */
export const trainOptions: CommandOptions = { dataset: 'value', model: 'value', epochs: 'value', batch: 'value', seed: 'value', lr: 'value', optimizer: 'value', schedule: 'value', patience: 'value', threads: 'value', name: 'value' };
export const trainUsage = `--dataset ID|NAME --model ${models} [--epochs 10] [--batch 256, avgnet 128] [--seed 0] [--lr 0.001] [--optimizer adam|sgd] [--schedule constant|step|cosine (avgnet: ×0.8 every 10 epochs)] [--patience 5, avgnet none] [--threads N (default: every core, up to 8)] [--name NAME]`;

export const command: CliCommand = {
  name: 'train',
  summary: 'train a model on a dataset (in a job process) and save it in the project',
  usage: `amr-studio train <file.amrproj> ${trainUsage} [--backend NAME] [--json]`,
  options: { ...trainOptions, backend: 'value' },
  async run(args, log) {
    const projectPath = requirePositional(args, 0, 'project file');
    const { dataset, settings } = trainSettings(args);
    const engine = createEngine({ projectPath, log, backend: stringFlag(args, 'backend') });
    try {
      const job = await runForegroundJob(engine, 'train', { datasetId: resolveDatasetId(engine.store, dataset), ...settings });
      const r = job.result as { modelId: number; accuracy: number; epochs: number; samplesPerSecond: number; seed: number; threads: number };
      return {
        json: { jobId: job.id, ...r },
        text: `model ${r.modelId}: test accuracy ${(100 * r.accuracy).toFixed(1)} % after ${r.epochs} epochs (seed ${r.seed}, ${r.samplesPerSecond.toFixed(0)} samples/s on ${r.threads} thread${r.threads === 1 ? '' : 's'})`,
      };
    } finally {
      await engine.dispose();
    }
  },
};
