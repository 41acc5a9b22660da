import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { countParams } from '../../../../../src/main/engine/ml/models/complexity.ts';
import { AdaptiveVisibility } from '../../../../../src/main/engine/ml/models/graph/adaptive-visibility.ts';
import { bandToDense } from '../../../../../src/main/engine/ml/models/graph/band.ts';
import { DenseSage } from '../../../../../src/main/engine/ml/models/graph/dense-sage.ts';
import { assignmentEntropy, DiffPoolAdjacency, DiffPoolFeatures, linkPredictionLoss } from '../../../../../src/main/engine/ml/models/graph/diff-pool.ts';
import { MeanAdjacency } from '../../../../../src/main/engine/ml/models/graph/mean-adjacency.ts';
import { buildModel, removableUnits } from '../../../../../src/main/engine/ml/models/registry.ts';
import { ADAPTIVE_VISIBILITY_LAYER } from '../../../../../src/main/engine/ml/models/avgnet.ts';
import { adaptiveBand, adaptiveFilters } from '../../../../../src/main/engine/ml/models/graph/learned-adjacency.ts';
import { readModelWeights } from '../../../../../src/main/engine/ml/persist/weights.ts';
import { withAuxiliaryLosses } from '../../../../../src/main/engine/ml/models/auxiliary-losses.ts';
import { readHits, shardVariableGrads } from '../../../../../src/main/engine/ml/train/shard-gradients.ts';
import { expectClose, onBothBackends, seeded, tensorOf } from '../kernels/compare.ts';

// A weighted 5-node graph: node 4 has no edges, row 3's weights sum below 1 (torch-geometric
// divides by the row sum clamped to ≥ 1, so that row keeps its plain weighted sum).
const A5 = [
  [0, 2, 0.5, 0, 0],
  [2, 0, 1, 0.25, 0],
  [0.5, 1, 0, 0.3, 0],
  [0, 0.25, 0.3, 0, 0],
  [0, 0, 0, 0, 0],
];
const X5 = [
  [1, -2, 0.5],
  [0, 1, 3],
  [-1, 0.5, 2],
  [2, 2, -1],
  [0.5, -0.5, 1],
];

/** The band form [1, N, 2h + 1] of a dense N × N matrix. */
function toBand(a: number[][], h: number): tf.Tensor {
  const N = a.length;
  const W = 2 * h + 1;
  const band = new Float32Array(N * W);
  for (let t = 0; t < N; t++) for (let o = -h; o <= h; o++) if (t + o >= 0 && t + o < N) band[t * W + o + h] = a[t]![t + o]!;
  return tf.tensor(band, [1, N, W]);
}

const matrix = (rows: number, cols: number, seed: number): number[][] => {
  const v = seeded(rows * cols, seed);
  return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
};

/** y = mean·Wn + x·Wr + b with mean[t] = Σ_s A[t][s]·x[s] / max(Σ_s A[t][s], 1), in float64. */
function sageByHand(a: number[][], x: number[][], wn: number[][], wr: number[][], bias: number[]): number[][] {
  return x.map((row, t) => {
    const degree = Math.max(a[t]!.reduce((s, v) => s + v, 0), 1);
    const mean = row.map((_, f) => a[t]!.reduce((s, w, u) => s + w * x[u]![f]!, 0) / degree);
    return bias.map((b, j) => b + mean.reduce((s, m, f) => s + m * wn[f]![j]!, 0) + row.reduce((s, v, f) => s + v * wr[f]![j]!, 0));
  });
}

describe('AVGNet', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' });
  });

  it('the adaptive visibility layer gives the hand-worked band: symmetric, ReLU of conv d on the d-th diagonal, zero elsewhere', () => {
    // series 1, 2, 0, 3, −1; diagonal 1 from kernel [1, −1] + 0.5, diagonal 2 from [0.5, 0, 1] − 1:
    //   d = 1: relu(1 − 2 + 0.5, 2 − 0 + 0.5, 0 − 3 + 0.5, 3 + 1 + 0.5) = 0, 2.5, 0, 4.5
    //   d = 2: relu(0.5 + 0 − 1, 1 + 3 − 1, 0 − 1 − 1) = 0, 3, 0
    const layer = new AdaptiveVisibility({ name: 'avg_test', diagonals: 2, seed: 1 });
    const series = tf.tensor2d([[1, 2, 0, 3, -1]]);
    layer.apply(series);
    layer.setWeights([tf.tensor([1, -1], [2, 1, 1]), tf.tensor([0.5]), tf.tensor([0.5, 0, 1], [3, 1, 1]), tf.tensor([-1])]);
    const dense = bandToDense(layer.apply(series) as tf.Tensor).arraySync()[0]!;
    expect(dense).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 2.5, 3, 0],
      [0, 2.5, 0, 0, 0],
      [0, 3, 0, 0, 4.5],
      [0, 0, 0, 4.5, 0],
    ]);
    layer.dispose();
  });

  it('its band holds every edge weight of the series\' graph: 2m + 1 offsets, zero off the graph and on the diagonal', () => {
    const layer = new AdaptiveVisibility({ name: 'avg_band', diagonals: 11, seed: 3 });
    const band = tf.tidy(() => layer.apply(tensorOf([2, 40], 4)) as tf.Tensor);
    expect(band.shape).toEqual([2, 40, 23]);
    const v = band.arraySync() as number[][][];
    for (const b of v) {
      for (let t = 0; t < 40; t++) {
        for (let o = -11; o <= 11; o++) {
          const w = b[t]![o + 11]!;
          if (o === 0 || t + o < 0 || t + o >= 40) expect(w).toBe(0);
          else {
            expect(w).toBeGreaterThanOrEqual(0);
            // symmetric: (t, t + o) from t's row equals (t + o, t) from the other end's row
            expect(w).toBe(b[t + o]![-o + 11]!);
          }
        }
      }
    }
    band.dispose();
    layer.dispose();
  });

  for (const form of ['dense', 'band'] as const) {
    it(`one dense GraphSAGE layer (${form} adjacency) equals the hand computation on a 5-node graph`, () => {
      const units = 4;
      const wn = matrix(3, units, 11);
      const wr = matrix(3, units, 12);
      const bias = Array.from(seeded(units, 13));
      const sage = new DenseSage({ name: `sage_${form}`, units, adjacency: form, seed: 1 });
      const mean = new MeanAdjacency({ name: `mean_${form}` });
      const a = form === 'dense' ? tf.tensor3d([A5]) : toBand(A5, 4);
      const x = tf.tensor3d([X5]);
      const p = mean.apply(a) as tf.Tensor;
      sage.apply([x, p]);
      sage.setWeights([tf.tensor(wn), tf.tensor(wr), tf.tensor(bias)]);
      const y = (sage.apply([x, p]) as tf.Tensor).arraySync() as number[][][];
      const expected = sageByHand(A5, X5, wn, wr, bias);
      expectClose(y[0]!.flat(), expected.flat(), 1e-6);
      sage.dispose();
    });
  }

  it('one DiffPool step equals the hand computation: S = softmax(s), Sᵀx, SᵀAS, link and entropy losses', () => {
    const s = matrix(5, 2, 21);
    const soft = s.map((row) => {
      const e = row.map(Math.exp);
      const z = e.reduce((p, q) => p + q, 0);
      return e.map((v) => v / z);
    });
    const pooledX = [0, 1].map((k) => [0, 1, 2].map((f) => soft.reduce((acc, row, t) => acc + row[k]! * X5[t]![f]!, 0)));
    const pooledA = [0, 1].map((k) => [0, 1].map((l) => soft.reduce((acc, rt, t) => acc + rt[k]! * soft.reduce((inner, ru, u) => inner + A5[t]![u]! * ru[l]!, 0), 0)));
    let squared = 0;
    for (let t = 0; t < 5; t++) for (let u = 0; u < 5; u++) squared += (A5[t]![u]! - (soft[t]![0]! * soft[u]![0]! + soft[t]![1]! * soft[u]![1]!)) ** 2;
    const link = Math.sqrt(squared) / 25;
    const entropy = soft.reduce((acc, row) => acc - row.reduce((e, v) => e + v * Math.log(v + 1e-15), 0), 0) / 5;
    for (const form of ['dense', 'band'] as const) {
      const features = new DiffPoolFeatures({ name: `features_${form}` });
      const adjacency = new DiffPoolAdjacency({ name: `adjacency_${form}`, adjacency: form, linkLoss: 1, entropyLoss: 1 });
      const a = form === 'dense' ? tf.tensor3d([A5]) : toBand(A5, 4);
      const assignments = tf.softmax(tf.tensor3d([s]));
      expectClose(Array.from((features.apply([tf.tensor3d([X5]), assignments]) as tf.Tensor).dataSync()), pooledX.flat(), 1e-6);
      const { result, losses } = withAuxiliaryLosses(() => adjacency.apply([a, assignments], { training: true }) as tf.Tensor);
      expectClose(Array.from(result.dataSync()), pooledA.flat(), 1e-6);
      expect(losses.map((l) => l.dataSync()[0]!)).toEqual([expect.closeTo(link, 6), expect.closeTo(entropy, 6)]);
      tf.dispose(losses);
      // the same values from the exported helpers, and nothing collected outside a training pass
      expect(linkPredictionLoss(a, assignments, result).dataSync()[0]).toBeCloseTo(link, 6);
      expect(assignmentEntropy(assignments).dataSync()[0]).toBeCloseTo(entropy, 6);
      expect(withAuxiliaryLosses(() => adjacency.apply([a, assignments], { training: false })).losses).toEqual([]);
    }
  });

  it('layer gradients match finite differences (adaptive visibility kernels, GraphSAGE weights, DiffPool assignments)', () => {
    const x = tensorOf([2, 24], 31);
    const features = tensorOf([2, 24, 4], 32);
    const r = tensorOf([2, 24, 3], 33);
    const avg = new AdaptiveVisibility({ name: 'avg_fd', diagonals: 3, seed: 5 });
    const sage = new DenseSage({ name: 'sage_fd', units: 3, adjacency: 'band', seed: 6 });
    const mean = new MeanAdjacency({ name: 'mean_fd' });
    const pooledFeatures = new DiffPoolFeatures({ name: 'features_fd' });
    const pooledAdjacency = new DiffPoolAdjacency({ name: 'adjacency_fd', adjacency: 'band', linkLoss: 0, entropyLoss: 0 });
    const loss = () => {
      const band = avg.apply(x) as tf.Tensor;
      const h = sage.apply([features, mean.apply(band) as tf.Tensor]) as tf.Tensor;
      const assignments = tf.softmax(h);
      const px = pooledFeatures.apply([h, assignments]) as tf.Tensor;
      const pa = pooledAdjacency.apply([band, assignments], {}) as tf.Tensor;
      return tf.add(tf.sum(tf.mul(h, r)), tf.add(tf.sum(tf.square(px)), tf.sum(pa))) as tf.Scalar;
    };
    tf.tidy(loss);
    const weights = [...avg.trainableWeights, ...sage.trainableWeights];
    const { grads } = tf.variableGrads(loss, weights.map((w) => w.read() as tf.Variable));
    const eps = 1e-2;
    let checked = 0;
    for (const w of weights) {
      const variable = w.read() as tf.Variable;
      const base = variable.dataSync().slice();
      const g = grads[variable.name]!.dataSync();
      for (const i of [0, base.length - 1]) {
        const at = (delta: number) => {
          const moved = base.slice();
          moved[i] = moved[i]! + delta;
          variable.assign(tf.tensor(moved, variable.shape));
          return tf.tidy(() => loss().dataSync()[0]!);
        };
        const fd = (at(eps) - at(-eps)) / (2 * eps);
        variable.assign(tf.tensor(base, variable.shape));
        expect(Math.abs(fd - g[i]!)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
        checked++;
      }
    }
    expect(checked).toBe(2 * weights.length);
    tf.dispose(Object.values(grads));
  });

  it('whole-model gradients on wasm (band kernels, strided products) equal the cpu backend\'s (dense route)', async () => {
    const model = buildModel({ arch: 'avgnet', numClasses: 3, length: 32 }, { seed: 2 });
    const x = tensorOf([8, 2, 32], 41);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 2, 0, 0, 1], 'int32'), 3);
    const { wasm, cpu } = await onBothBackends(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      return model.trainableWeights.map((w) => grads[w.name]!);
    });
    expect(wasm.length).toBe(model.trainableWeights.length);
    // ‖wasm − cpu‖/‖cpu‖ per layer: summation order alone moves a single convolution bias's gradient
    // (a few thousand terms that mostly cancel) by up to ~5e-3 of itself; a wrong route would move
    // gradients by ~1. The float64 PyTorch comparison (test/integration/ml/avgnet-reference.test.ts)
    // bounds both backends weight by weight.
    const byLayer = new Map<string, { error: number; norm: number }>();
    wasm.forEach((g, i) => {
      const layer = model.trainableWeights[i]!.originalName.split('/')[0]!;
      const sums = byLayer.get(layer) ?? { error: 0, norm: 0 };
      g.forEach((v, k) => {
        sums.error += (v - cpu[i]![k]!) ** 2;
        sums.norm += cpu[i]![k]! ** 2;
      });
      byLayer.set(layer, sums);
    });
    for (const [layer, { error, norm }] of byLayer) expect(Math.sqrt(error / norm), layer).toBeLessThan(2e-3);
    model.dispose();
  });

  it('the learned graph computed from stored weights (for the views) equals the layer\'s output', () => {
    const model = buildModel({ arch: 'avgnet', numClasses: 4, length: 48 }, { seed: 6 });
    const x = tensorOf([1, 2, 48], 51);
    const layer = model.getLayer(ADAPTIVE_VISIBILITY_LAYER);
    const filters = adaptiveFilters(readModelWeights(model), ADAPTIVE_VISIBILITY_LAYER);
    for (const row of [0, 1]) {
      const series = x.dataSync().slice(row * 48, (row + 1) * 48);
      const fromLayer = tf.tidy(() => (layer.apply(tf.tensor2d(series, [1, 48])) as tf.Tensor).dataSync());
      expectClose(Array.from(adaptiveBand(series, filters)), Array.from(fromLayer), 1e-6);
    }
    expect(() => adaptiveFilters(readModelWeights(model), 'conv1')).toThrow(/no adaptive visibility layer 'conv1'/);
    model.dispose();
  });

  it('adds DiffPool\'s link and entropy losses to the training objective only when their weights are set', () => {
    const shard = { x: seeded(4 * 2 * 24, 61), y: Int32Array.of(0, 1, 2, 0), n: 4 };
    const lossOf = (options: Record<string, number>) => {
      const model = buildModel({ arch: 'avgnet', numClasses: 3, length: 24, options }, { seed: 7 });
      const loss = tf.tidy(() => {
        const { value, correct } = shardVariableGrads(model, shard, 24, 3);
        readHits(correct);
        return value.dataSync()[0]!;
      });
      const x = tf.tensor3d(shard.x, [4, 2, 24]);
      const { result, losses } = withAuxiliaryLosses(() => model.apply(x, { training: true }) as tf.Tensor);
      const terms = losses.map((l) => l.dataSync()[0]!);
      tf.dispose([x, result, ...losses]);
      model.dispose();
      return { loss, terms };
    };
    const plain = lossOf({});
    const withTerms = lossOf({ linkLoss: 1, entropyLoss: 0.5 });
    expect(plain.terms).toEqual([]);
    // two pooling steps × two branches × (link, entropy)
    expect(withTerms.terms).toHaveLength(8);
    expect(withTerms.loss - plain.loss).toBeCloseTo(withTerms.terms.reduce((a, b) => a + b, 0), 4);
    expect(withTerms.loss).toBeGreaterThan(plain.loss);
  });

  it('has 456,259 parameters on RML2016 (11 classes, 128 steps), like its PyTorch reference, and no removable units', () => {
    const model = buildModel({ arch: 'avgnet', numClasses: 11, length: 128 });
    expect(countParams(model)).toBe(456_259);
    expect(removableUnits({ arch: 'avgnet', numClasses: 11, length: 128 })).toEqual([]);
    model.dispose();
  });

  it('rejects a diagonal count the series cannot hold', () => {
    expect(() => buildModel({ arch: 'avgnet', numClasses: 4, length: 16, options: { diagonals: 16 } })).toThrow(/diagonals must be an integer from 1 to 15/);
  });
});
