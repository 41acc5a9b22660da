// Training hyper-parameters, their defaults, and the learning-rate schedule.
import { AppError } from '../../../../shared/errors.ts';

export type Schedule =
  | { kind: 'constant' }
  /** lr · gamma^floor(epoch / everyEpochs) */
  | { kind: 'step'; everyEpochs: number; gamma: number }
  /** half-cosine from lr down to minLr over all epochs */
  | { kind: 'cosine'; minLr?: number };

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** seeds weights, shuffling, dropout masks and augmentation; recorded with the result */
  seed: number;
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  /** SGD only */
  momentum: number;
  /**
   * Adam only: ε in the update's denominator; unset, TF.js's 1e-7 (PyTorch's default is 1e-8).
   * Optional so that configs stored before it existed still resolve.
   */
  epsilon?: number;
  schedule: Schedule;
  /** stop when validation loss has not improved by minDelta for `patience` epochs; null = never */
  earlyStopping: { patience: number; minDelta: number } | null;
  /**
   * threads that compute each step (data-parallel shards; wasm and cpu backends only). Batch-norm
   * statistics are per shard, so the count is part of the recipe and recorded with the result.
   */
  threads: number;
}

export const defaultTrainConfig: TrainConfig = {
  epochs: 10,
  batchSize: 256,
  seed: 0,
  optimizer: 'adam',
  learningRate: 1e-3,
  momentum: 0.9,
  schedule: { kind: 'constant' },
  earlyStopping: { patience: 5, minDelta: 1e-4 },
  threads: 1,
};

export function resolveTrainConfig(partial: Partial<TrainConfig>): TrainConfig {
  const c: TrainConfig = { ...defaultTrainConfig, ...partial };
  const positiveInt = (v: number, what: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new AppError('VALIDATION', `${what} must be a positive integer, got ${v}`);
  };
  positiveInt(c.epochs, 'epochs');
  positiveInt(c.batchSize, 'batch size');
  if (!Number.isInteger(c.seed)) throw new AppError('VALIDATION', `seed must be an integer, got ${c.seed}`);
  if (!(c.learningRate > 0)) throw new AppError('VALIDATION', `learning rate must be > 0, got ${c.learningRate}`);
  if (c.optimizer !== 'adam' && c.optimizer !== 'sgd') throw new AppError('VALIDATION', `optimizer must be 'adam' or 'sgd', got '${String(c.optimizer)}'`);
  if (c.schedule.kind === 'step') positiveInt(c.schedule.everyEpochs, 'step schedule everyEpochs');
  if (c.earlyStopping) positiveInt(c.earlyStopping.patience, 'early stopping patience');
  positiveInt(c.threads, 'threads');
  if (c.epsilon !== undefined && !(c.epsilon > 0 && Number.isFinite(c.epsilon))) throw new AppError('VALIDATION', `Adam epsilon must be a positive number, got ${c.epsilon}`);
  return c;
}

/** Learning rate for a 0-based epoch. */
export function learningRateAt(c: TrainConfig, epoch: number): number {
  const s = c.schedule;
  switch (s.kind) {
    case 'constant':
      return c.learningRate;
    case 'step':
      return c.learningRate * s.gamma ** Math.floor(epoch / s.everyEpochs);
    case 'cosine': {
      const min = s.minLr ?? 0;
      const t = c.epochs <= 1 ? 0 : epoch / (c.epochs - 1);
      return min + 0.5 * (c.learningRate - min) * (1 + Math.cos(Math.PI * t));
    }
  }
}
