// Recovery after removal (the strategies of “Reassessing Layer Pruning in LLMs: New Insights and Methods”):
// none, full fine-tuning, partial-k (head + last k units) or LoRA adapters merged afterwards. Defaults: lr =
// training lr / 10, best epoch on val loss.
import { AppError } from '../../../../shared/errors.ts';
import type { ModelSpec } from '../models/spec.ts';
import type { tfl } from '../tfjs.ts';
import { resolveTrainConfig, type TrainConfig } from '../train/config.ts';
import type { DataSource } from '../train/data.ts';
import { trainModel, type TrainHooks, type TrainResult } from '../train/trainer.ts';
import { distillModel, type DistillOptions } from './distillation.ts';
import { freezeAllBut, partialTrainableLayers } from './freeze.ts';
import { LoraAdapters, type LoraOptions } from './lora.ts';

export type Recovery = { kind: 'none' } | { kind: 'full' } | { kind: 'partial'; k: number } | { kind: 'lora'; lora?: LoraOptions };

/** 'none' | 'full' | 'partial' | 'partial-K' | 'lora' */
export function parseRecovery(text: string): Recovery {
  if (text === 'none' || text === 'full') return { kind: text };
  if (text === 'lora') return { kind: 'lora' };
  const m = /^partial(?:-(\d+))?$/.exec(text);
  if (m) return { kind: 'partial', k: m[1] === undefined ? 3 : Number(m[1]) };
  throw new AppError('VALIDATION', `unknown recovery '${text}' (known: none, full, partial-K, lora)`);
}

export function recoveryName(r: Recovery): string {
  return r.kind === 'partial' ? `partial-${r.k}` : r.kind;
}

export interface RecoveryOptions {
  /** the parent's training learning rate; fine-tuning uses a tenth of it unless `learningRate` is set */
  trainingLearningRate?: number;
  learningRate?: number;
  epochs: number;
  batchSize?: number;
  seed?: number;
  /** distil from the unpruned parent (KL at temperature T) instead of plain cross-entropy */
  teacher?: tfl.LayersModel;
  distill?: Omit<DistillOptions, 'teacher'>;
  hooks?: TrainHooks;
}

export interface RecoveryResult {
  recovery: string;
  trainableParams: number;
  learningRate: number;
  train: TrainResult | null;
}

function fineTuneConfig(opts: RecoveryOptions): TrainConfig {
  return resolveTrainConfig({
    epochs: opts.epochs,
    batchSize: opts.batchSize ?? 64,
    seed: opts.seed ?? 0,
    learningRate: opts.learningRate ?? (opts.trainingLearningRate ?? 1e-3) / 10,
    earlyStopping: null,
  });
}

function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);
}

/** Fine-tunes `model` (a pruned model of `spec`) in place with the chosen strategy. */
export async function recover(model: tfl.LayersModel, spec: ModelSpec, recovery: Recovery, data: { train: DataSource; val?: DataSource }, opts: RecoveryOptions): Promise<RecoveryResult> {
  const config = fineTuneConfig(opts);
  const name = recoveryName(recovery);
  if (recovery.kind === 'none' || opts.epochs === 0) return { recovery: name, trainableParams: 0, learningRate: config.learningRate, train: null };
  const fit = (): Promise<TrainResult> =>
    opts.teacher ? distillModel(model, data, config, { ...opts.distill, teacher: opts.teacher }, opts.hooks) : trainModel(model, data, config, opts.hooks);
  switch (recovery.kind) {
    case 'full': {
      const trainableParams = trainableCount(model);
      return { recovery: name, trainableParams, learningRate: config.learningRate, train: await fit() };
    }
    case 'partial': {
      const thaw = freezeAllBut(model, partialTrainableLayers(model, spec, recovery.k));
      try {
        const trainableParams = trainableCount(model);
        return { recovery: name, trainableParams, learningRate: config.learningRate, train: await fit() };
      } finally {
        thaw();
      }
    }
    case 'lora': {
      const lora = new LoraAdapters(model, { seed: config.seed, ...recovery.lora });
      try {
        const trainableParams = trainableCount(model);
        return { recovery: name, trainableParams, learningRate: config.learningRate, train: await fit() };
      } finally {
        lora.merge();
      }
    }
  }
}
