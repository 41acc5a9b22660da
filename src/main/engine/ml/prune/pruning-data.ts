// The data a pruning run fine-tunes and evaluates on: the splits of the dataset the parent model
// was trained on, and the learning rate that training used.
import { AppError } from '../../../../shared/errors.ts';
import type { ProjectStore } from '../../store/project.ts';
import { storeSource, type DataSource } from '../train/data.ts';

export interface PruningSplits {
  train: DataSource;
  val: DataSource;
  test: DataSource;
  classes: string[];
  datasetId: number;
  datasetHash: string | null;
}

/** The train/val/test splits of the model's dataset; test falls back to val when it is empty. */
export function pruningSplits(store: ProjectStore, modelId: number, datasetId: number | null): PruningSplits {
  if (datasetId === null) throw new AppError('VALIDATION', `model ${modelId} has no training dataset to fine-tune and evaluate on`);
  const dataset = store.getDataset(datasetId);
  if (!dataset.split) throw new AppError('VALIDATION', `dataset ${datasetId} has no train/val/test split; train a model on it first`);
  const source = (split: 'train' | 'val' | 'test') => storeSource(store, { datasetId, split });
  const splits = { train: source('train'), val: source('val'), test: source('test'), classes: dataset.classes, datasetId, datasetHash: dataset.sourceHash };
  if (splits.train.count === 0 || splits.val.count === 0) throw new AppError('VALIDATION', `dataset ${datasetId}: pruning needs non-empty train and val splits`);
  if (splits.test.count === 0) splits.test = splits.val;
  return splits;
}

/** The learning rate recorded in a model's training config, when there is one. */
export function trainingLearningRate(config: Record<string, unknown>): number | undefined {
  const lr = (config['train'] as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof lr === 'number' ? lr : undefined;
}
