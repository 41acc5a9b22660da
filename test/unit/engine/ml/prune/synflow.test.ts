import { describe, expect, it } from 'vitest';
import { synflowScores } from '../../../../../src/main/engine/ml/prune/synflow.ts';
import { tf, tfl } from '../../../../../src/main/engine/ml/tfjs.ts';

describe('SynFlow', () => {
  it('equals the hand-computed scores of a two-layer net and restores the weights', () => {
    const input = tfl.input({ shape: [3] });
    const hidden = tfl.layers.dense({ name: 'l1', units: 4, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ name: 'l2', units: 2 }).apply(hidden) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const W1 = [[0.5, -1, 0.2, 0.3], [-0.4, 0.1, -0.7, 0.9], [0.6, 0.8, -0.3, -0.2]];
    const b1 = [0.1, -0.2, 0.05, 0];
    const W2 = [[1, -0.5], [-0.3, 0.2], [0.4, -0.9], [-0.6, 0.7]];
    const b2 = [-0.25, 0.5];
    model.setWeights([tf.tensor2d(W1), tf.tensor1d(b1), tf.tensor2d(W2), tf.tensor1d(b2)]);

    // By hand: with |w| and x = 1, h_j = Σ_i |W1_ij| + |b1_j| (all positive, ReLU passes),
    // ∂R/∂W2_jk = h_j, ∂R/∂b2_k = 1, and ∂R/∂W1_ij = ∂R/∂b1_j = g_j = Σ_k |W2_jk|.
    const h = [0, 1, 2, 3].map((j) => W1.reduce((s, row) => s + Math.abs(row[j]!), 0) + Math.abs(b1[j]!));
    const g = W2.map((row) => row.reduce((s, v) => s + Math.abs(v), 0));
    const l2 = W2.reduce((s, row, j) => s + row.reduce((t, v) => t + Math.abs(v) * h[j]!, 0), 0) + b2.reduce((s, v) => s + Math.abs(v), 0);
    const l1 = W1.reduce((s, row) => s + row.reduce((t, v, j) => t + Math.abs(v) * g[j]!, 0), 0) + b1.reduce((s, v, j) => s + Math.abs(v) * g[j]!, 0);

    const scores = synflowScores(model);
    expect(scores.get('l1')).toBeCloseTo(l1, 4);
    expect(scores.get('l2')).toBeCloseTo(l2, 4);
    expect(model.getLayer('l1').getWeights()[0]!.arraySync()).toEqual(tf.tensor2d(W1).arraySync());
    expect(model.getLayer('l2').getWeights()[1]!.arraySync()).toEqual(tf.tensor1d(b2).arraySync());
    model.dispose();
  });
});
