// The training loop: a custom loop over streamed batches (so we control seeding, memory and
// cancellation), with LR schedule, early stopping on validation loss, and the best epoch's
// weights restored at the end.
import { AppError } from '../../../../shared/errors.ts';
import { createRng, deriveSeed, type Rng } from '../../base/random.ts';
import { decodeWeights, encodeWeights, readModelWeights, assignModelWeights, type NamedWeights } from '../persist/weights.ts';
import type { tfl } from '../tfjs.ts';
import type { ModelSpec } from '../models/spec.ts';
import { learningRateAt, type TrainConfig } from './config.ts';
import type { DataSource } from './data.ts';
import { startStepRunner } from './data-parallel.ts';
import type { StepRunner, StepTally } from './step-runner.ts';
import { ScoreTally } from './logit-scores.ts';
import { makeTrainingOptimizer } from './make-optimizer.ts';
import { shardLogits } from './shard-gradients.ts';

export interface TrainProgress {
  phase: 'train' | 'validate';
  /** 0-based epoch */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
  etaSeconds: number;
}

export interface EpochMetrics {
  epoch: number;
  learningRate: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
}

/** What an epoch boundary hands to a checkpointer, and what resuming takes back. */
export interface TrainState {
  /** epochs finished */
  epochsDone: number;
  history: EpochMetrics[];
  bestEpoch: number;
  bestValLoss: number;
  sinceBest: number;
  weights: Uint8Array;
  bestWeights: Uint8Array | null;
  optimizer: Uint8Array;
  /** per thread, where the dropout layers stand: the resumed run draws the masks the whole run would have (absent from checkpoints written before it was kept) */
  dropout?: number[][];
}

/**
 * Called per training batch with a generator seeded per epoch, and the batch's SNRs (dB, NaN where
 * unknown); returns the batch to train on, leaving the one it was given untouched.
 */
export type Augment = (x: Float32Array, y: Int32Array, rng: Rng, snr: Float32Array) => { x: Float32Array; y: Int32Array } | void;

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  /** after every epoch, e.g. to checkpoint; awaited */
  onEpochEnd?: (state: TrainState) => void | Promise<void>;
  signal?: AbortSignal;
  augment?: Augment;
  resume?: TrainState;
  /** the model's spec: lets training on several threads build replicas of it */
  spec?: ModelSpec;
}

export interface TrainResult {
  seed: number;
  history: EpochMetrics[];
  /** 0-based epoch whose weights the model now holds */
  bestEpoch: number;
  bestValLoss: number | null;
  stoppedEarly: boolean;
  samplesPerSecond: number;
  /** threads the steps ran on (the batch-norm statistics depend on it) */
  threads: number;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'training was cancelled');
}

/** Mean loss and accuracy over a source, in inference mode, on this thread. */
export function evaluateLoss(model: tfl.LayersModel, data: DataSource, batchSize: number, numClasses: number): { loss: number; accuracy: number } {
  const tally = new ScoreTally(numClasses);
  for (const b of data.batches(batchSize, null)) tally.add(shardLogits(model, b, data.length), b.y);
  return tally.result();
}

/** evaluateLoss with each batch shared out over the runner's threads. */
async function evaluateLossOn(runner: StepRunner, data: DataSource, batchSize: number, numClasses: number): Promise<{ loss: number; accuracy: number }> {
  const tally = new ScoreTally(numClasses);
  for (const b of data.batches(batchSize, null)) tally.add(await runner.logits(b), b.y);
  return tally.result();
}

/**
 * Trains `model` in place. On return the model holds the weights of the best validation
 * epoch (or of the last epoch when there is no validation data).
 */
export async function trainModel(
  model: tfl.LayersModel,
  data: { train: DataSource; val?: DataSource },
  config: TrainConfig,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const numClasses = (model.outputs[0]!.shape as number[])[1]!;
  const { train, val } = data;
  if (train.count === 0) throw new AppError('VALIDATION', 'the training selection is empty');
  const opt = makeTrainingOptimizer(model, config);
  const batches = Math.ceil(train.count / config.batchSize);
  const r = hooks.resume;
  const history: EpochMetrics[] = r ? [...r.history] : [];
  let bestEpoch = r?.bestEpoch ?? -1;
  let bestValLoss = r?.bestValLoss ?? Number.POSITIVE_INFINITY;
  let sinceBest = r?.sinceBest ?? 0;
  let bestWeights: NamedWeights | null = r?.bestWeights ? decodeWeights(r.bestWeights, 'best-weights checkpoint') : null;
  let stoppedEarly = false;
  let trainedSamples = 0;
  let trainingSeconds = 0;
  const runner = await startStepRunner({
    model, optimizer: opt, length: train.length, numClasses, threads: config.threads, spec: hooks.spec, seed: config.seed, dropout: r?.dropout,
  }).catch((e: unknown) => {
    opt.dispose();
    throw e;
  });
  try {
    if (r) {
      assignModelWeights(model, decodeWeights(r.weights, 'weights checkpoint'), { where: 'weights checkpoint' });
      await opt.restore(decodeWeights(r.optimizer, 'optimizer checkpoint'), 'optimizer checkpoint');
    }
    for (let epoch = r?.epochsDone ?? 0; epoch < config.epochs; epoch++) {
      throwIfAborted(hooks.signal);
      const lr = learningRateAt(config, epoch);
      opt.learningRate = lr;
      const started = performance.now();
      let lossSum = 0;
      let hitSum = 0;
      /** samples whose loss has come back (on a device, every few batches) */
      let scored = 0;
      let seen = 0;
      let batch = 0;
      const absorb = (t: StepTally | null): void => {
        if (!t) return;
        if (!Number.isFinite(t.lossSum)) throw new AppError('JOB_FAILED', `training diverged at epoch ${epoch + 1}, by batch ${batch} (loss ${t.lossSum / t.samples}); try a lower learning rate`);
        lossSum += t.lossSum;
        hitSum += t.hits;
        scored += t.samples;
        const elapsed = (performance.now() - started) / 1000;
        const rate = scored / Math.max(elapsed, 1e-6);
        const remaining = (config.epochs - epoch) * train.count - scored;
        hooks.onProgress?.({
          phase: 'train', epoch, epochs: config.epochs, batch, batches,
          loss: lossSum / scored, accuracy: hitSum / scored, samplesPerSecond: rate, etaSeconds: remaining / rate,
        });
      };
      const augmentRng = createRng(deriveSeed(config.seed, 'augment', epoch));
      for (const raw of train.batches(config.batchSize, deriveSeed(config.seed, 'shuffle', epoch))) {
        throwIfAborted(hooks.signal);
        const b = hooks.augment ? { ...raw, ...(hooks.augment(raw.x, raw.y, augmentRng, raw.snr) ?? {}) } : raw;
        batch++;
        seen += b.n;
        absorb(await runner.queueStep(b));
        // Let cancel messages and progress writes through between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      absorb(await runner.drain());
      const epochSeconds = (performance.now() - started) / 1000;
      trainedSamples += seen;
      trainingSeconds += epochSeconds;
      let valLoss: number | null = null;
      let valAccuracy: number | null = null;
      if (val && val.count > 0) {
        throwIfAborted(hooks.signal);
        // a full batch per thread: inference passes of half a batch run below a thread's best rate
        const v = await evaluateLossOn(runner, val, config.batchSize * runner.threads, numClasses);
        valLoss = v.loss;
        valAccuracy = v.accuracy;
      }
      history.push({ epoch, learningRate: lr, loss: lossSum / seen, accuracy: hitSum / seen, valLoss, valAccuracy, seconds: epochSeconds });
      const score = valLoss ?? lossSum / seen;
      const minDelta = config.earlyStopping?.minDelta ?? 0;
      if (score < bestValLoss - minDelta) {
        bestValLoss = score;
        bestEpoch = epoch;
        sinceBest = 0;
        bestWeights = readModelWeights(model);
      } else {
        sinceBest++;
      }
      const stop = config.earlyStopping !== null && valLoss !== null && sinceBest >= config.earlyStopping.patience;
      if (hooks.onEpochEnd) {
        await hooks.onEpochEnd({
          epochsDone: epoch + 1, history: [...history], bestEpoch, bestValLoss, sinceBest,
          weights: encodeWeights(readModelWeights(model)),
          bestWeights: bestWeights && encodeWeights(bestWeights),
          optimizer: encodeWeights(await opt.state()),
          dropout: runner.dropoutPositions(),
        });
      }
      if (stop) {
        stoppedEarly = true;
        break;
      }
    }
    if (bestWeights) assignModelWeights(model, bestWeights, { where: 'best epoch weights' });
  } finally {
    await runner.dispose();
    opt.dispose();
  }
  return {
    seed: config.seed,
    history,
    bestEpoch,
    bestValLoss: val && val.count > 0 && Number.isFinite(bestValLoss) ? bestValLoss : null,
    stoppedEarly,
    samplesPerSecond: trainingSeconds > 0 ? trainedSamples / trainingSeconds : 0,
    threads: runner.threads,
  };
}
