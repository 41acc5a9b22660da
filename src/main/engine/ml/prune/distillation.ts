// Knowledge distillation from the unpruned parent (the optional fine-tuning of step 4 in “A Generic Layer
// Pruning Method for Signal Modulation Recognition Deep Learning Models”): the student minimises
// α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − α)·CE(labels, student), T = 4 by default. Same
// contract as trainModel: trains in place, ends on the best val-loss epoch.
import { AppError } from '../../../../shared/errors.ts';
import { deriveSeed } from '../../base/random.ts';
import { assignModelWeights, readModelWeights, type NamedWeights } from '../persist/weights.ts';
import { tf, type tfl } from '../tfjs.ts';
import { learningRateAt, type TrainConfig } from '../train/config.ts';
import type { DataSource } from '../train/data.ts';
import { evaluateLoss, type EpochMetrics, type TrainHooks, type TrainResult } from '../train/trainer.ts';

export interface DistillOptions {
  teacher: tfl.LayersModel;
  temperature?: number;
  /** weight of the distillation term (default 0.9) */
  alpha?: number;
}

/** Mean over the batch of T²·KL(p_teacher ‖ p_student) at temperature T, plus (1 − α)·CE. */
export function distillationLoss(studentLogits: tf.Tensor2D, teacherLogits: tf.Tensor2D, labels: tf.Tensor2D, temperature: number, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const logQ = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1));
    const ce = tf.losses.softmaxCrossEntropy(labels, studentLogits);
    return tf.add(tf.mul(kl, alpha * temperature * temperature), tf.mul(ce, 1 - alpha)) as tf.Scalar;
  });
}

export async function distillModel(
  model: tfl.LayersModel,
  data: { train: DataSource; val?: DataSource },
  config: TrainConfig,
  opts: DistillOptions,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const T = opts.temperature ?? 4;
  const alpha = opts.alpha ?? 0.9;
  const numClasses = (model.outputs[0]!.shape as number[])[1]!;
  const { train, val } = data;
  if (train.count === 0) throw new AppError('VALIDATION', 'the training selection is empty');
  const opt = tf.train.adam(config.learningRate);
  const history: EpochMetrics[] = [];
  let best: NamedWeights | null = null;
  let bestEpoch = -1;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let seen = 0;
  const started = performance.now();
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const lr = learningRateAt(config, epoch);
      (opt as unknown as { learningRate: number }).learningRate = lr;
      const t0 = performance.now();
      let lossSum = 0;
      let n = 0;
      for (const b of train.batches(config.batchSize, deriveSeed(config.seed, 'shuffle', epoch))) {
        if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'fine-tuning was cancelled');
        const loss = tf.tidy(() => {
          const x = tf.tensor3d(b.x, [b.n, 2, train.length]);
          const labels = tf.oneHot(tf.tensor1d(b.y, 'int32'), numClasses) as tf.Tensor2D;
          const teacher = opts.teacher.apply(x, { training: false }) as tf.Tensor2D;
          const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
          const cost = opt.minimize(() => distillationLoss(model.apply(x, { training: true }) as tf.Tensor2D, teacher, labels, T, alpha), true, vars)!;
          return cost.dataSync()[0]!;
        });
        lossSum += loss * b.n;
        n += b.n;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      seen += n;
      const v = val && val.count > 0 ? evaluateLoss(model, val, config.batchSize, numClasses) : null;
      history.push({ epoch, learningRate: lr, loss: lossSum / n, accuracy: Number.NaN, valLoss: v?.loss ?? null, valAccuracy: v?.accuracy ?? null, seconds: (performance.now() - t0) / 1000 });
      const score = v?.loss ?? lossSum / n;
      if (score < bestValLoss) {
        bestValLoss = score;
        bestEpoch = epoch;
        best = readModelWeights(model);
      }
    }
    if (best) assignModelWeights(model, best, { where: 'best distillation epoch' });
  } finally {
    opt.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { seed: config.seed, history, bestEpoch, bestValLoss: val && val.count > 0 ? bestValLoss : null, stoppedEarly: false, samplesPerSecond: seen / Math.max(seconds, 1e-9), threads: 1 };
}
