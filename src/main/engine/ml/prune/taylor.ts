// First-order Taylor importance (a layer-selection metric of “Reassessing Layer Pruning in LLMs: New Insights
// and Methods”): Σ |w · ∂L/∂w| per layer, accumulated over the first `batches` batches of a calibration set,
// with the model in inference mode.
import { AppError } from '../../../../shared/errors.ts';
import { tf, type tfl } from '../tfjs.ts';
import type { DataSource } from '../train/data.ts';
import { layerOfWeight, type LayerScores } from './layer-scores.ts';

export interface TaylorOptions {
  batches?: number;
  batchSize?: number;
}

export function taylorScores(model: tfl.LayersModel, data: DataSource, opts: TaylorOptions = {}): LayerScores {
  const maxBatches = opts.batches ?? 10;
  const batchSize = opts.batchSize ?? 64;
  const numClasses = (model.outputs[0]!.shape as number[])[1]!;
  const weights = model.trainableWeights;
  const vars = weights.map((w) => w.read() as tf.Variable);
  const totals = new Float64Array(weights.length);
  let used = 0;
  for (const b of data.batches(batchSize, null)) {
    if (used >= maxBatches) break;
    used++;
    tf.tidy(() => {
      const x = tf.tensor3d(b.x, [b.n, 2, data.length]);
      const targets = tf.oneHot(tf.tensor1d(b.y, 'int32'), numClasses);
      const { grads } = tf.variableGrads(() => {
        const logits = model.apply(x, { training: false }) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
      }, vars);
      vars.forEach((v, i) => {
        const g = grads[v.name];
        if (g) totals[i]! += tf.sum(tf.abs(tf.mul(v, g))).dataSync()[0]!;
      });
    });
  }
  if (used === 0) throw new AppError('VALIDATION', 'taylor scores need a calibration set with at least one sample');
  const scores: LayerScores = new Map();
  weights.forEach((w, i) => {
    const layer = layerOfWeight(w);
    scores.set(layer, (scores.get(layer) ?? 0) + totals[i]!);
  });
  return scores;
}
