// SynFlow, the contribution score of “A Generic Layer Pruning Method for Signal Modulation Recognition Deep
// Learning Models” (step 3): data-free. Every trainable weight is replaced by its absolute value, an all-ones
// input goes through the network in inference mode (BN uses its running statistics), R = Σ output, and a
// layer scores Σ |w · ∂R/∂w|. The model's own weights are restored afterwards, whatever happens.
import { tf, type tfl } from '../tfjs.ts';
import { layerOfWeight, type LayerScores } from './layer-scores.ts';

export function synflowScores(model: tfl.LayersModel): LayerScores {
  const weights = model.trainableWeights;
  const vars = weights.map((w) => w.read() as tf.Variable);
  const saved = vars.map((v) => tf.clone(v));
  try {
    vars.forEach((v) => tf.tidy(() => v.assign(tf.abs(v))));
    const inputShape = (model.inputs[0]!.shape as (number | null)[]).slice(1) as number[];
    const totals = tf.tidy(() => {
      const ones = tf.ones([1, ...inputShape]);
      const { grads } = tf.variableGrads(() => tf.sum(model.apply(ones, { training: false }) as tf.Tensor) as tf.Scalar, vars);
      return vars.map((v) => {
        const g = grads[v.name];
        return g ? tf.sum(tf.abs(tf.mul(v, g))).dataSync()[0]! : 0;
      });
    });
    const scores: LayerScores = new Map();
    weights.forEach((w, i) => {
      const layer = layerOfWeight(w);
      scores.set(layer, (scores.get(layer) ?? 0) + totals[i]!);
    });
    return scores;
  } finally {
    vars.forEach((v, i) => v.assign(saved[i]!));
    saved.forEach((t) => t.dispose());
  }
}
