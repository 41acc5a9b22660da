import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { convNetEmbedder, convNetFeatureSize, drawConvNetWeights } from '../../../../../src/main/engine/ml/distill/convnet-embedder.ts';
import { checkEmbedder, drawEmbedder } from '../../../../../src/main/engine/ml/distill/embedder.ts';
import { buildModel } from '../../../../../src/main/engine/ml/models/registry.ts';
import { tf, tfl } from '../../../../../src/main/engine/ml/tfjs.ts';
import { gaussian, relativeError } from './real-set.ts';

beforeAll(async () => {
  await initBackend();
});

const features = (arch: string, seed: number, x: Float32Array, length: number, extra: Record<string, number> = {}) => {
  const e = drawEmbedder({ arch, width: 16, depth: 3, ...extra }, length, 4, seed);
  try {
    return tf.tidy(() => {
      const f = e.features(tf.tensor3d(x, [x.length / (2 * length), 2, length]));
      return { shape: f.shape, values: Array.from(f.dataSync()) };
    });
  } finally {
    e.dispose();
  }
};

describe('distillation embedders', () => {
  it('the 1-D ConvNet: width × L/2^depth features, a fresh network per seed, the same one per seed', () => {
    const x = gaussian(5 * 2 * 64, 1);
    const before = tf.memory().numTensors;
    const a = features('convnet', 1, x, 64);
    const b = features('convnet', 1, x, 64);
    const c = features('convnet', 2, x, 64);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.shape).toEqual([5, convNetFeatureSize({ inChannels: 2, width: 16, depth: 3, kernel: 3 }, 64)]);
    expect(a.shape[1]).toBe(16 * 8);
    expect(b.values).toEqual(a.values);
    expect(c.values).not.toEqual(a.values);
  });

  it('the ConvNet is blind to the scale of unit-RMS inputs, not of RML2016-scale ones (why the run rescales)', () => {
    const x = gaussian(3 * 2 * 32, 2);
    const worstChange = (factor: number) => {
      const a = features('convnet', 4, x, 32);
      const b = features('convnet', 4, x.map((v) => v * factor), 32);
      return a.values.reduce((m, v, i) => Math.max(m, Math.abs(v - b.values[i]!)), 0);
    };
    expect(worstChange(3)).toBeLessThan(1e-3);
    // an RMS near 0.006 brings the first block's variance down to the instance norm's ε
    expect(worstChange(0.006)).toBeGreaterThan(0.1);
  });

  it('draws PyTorch-default weights: uniform within ±1/√(fan in)', () => {
    const w = drawConvNetWeights({ inChannels: 2, width: 32, depth: 2, kernel: 3 }, 9);
    const bounds = [1 / Math.sqrt(6), 1 / Math.sqrt(96)];
    w.kernels.forEach((k, d) => {
      const largest = k.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(largest).toBeLessThanOrEqual(bounds[d]!);
      expect(largest).toBeGreaterThan(0.9 * bounds[d]!);
    });
  });

  it('the zoo ConvNet classifier computes the embedder\'s features when given its weights', () => {
    const shape = { inChannels: 2, width: 8, depth: 3, kernel: 3 };
    const weights = drawConvNetWeights(shape, 5);
    const model = buildModel({ arch: 'convnet', numClasses: 4, length: 32, options: { width: 8, depth: 3 } }, { seed: 1 });
    tf.tidy(() => weights.kernels.forEach((k, d) => model.getLayer(`conv${d + 1}`).setWeights([tf.tensor3d(k, [3, d === 0 ? 2 : 8, 8])])));
    const x = gaussian(3 * 2 * 32, 6);
    const trunk = tf.tidy(() => {
      const flat = model.getLayer('flatten').output as tfl.SymbolicTensor;
      return Array.from((tfl.model({ inputs: model.inputs, outputs: flat }).predict(tf.tensor3d(x, [3, 2, 32])) as tf.Tensor).dataSync());
    });
    const embedder = convNetEmbedder(weights, shape);
    const direct = tf.tidy(() => Array.from(embedder.features(tf.tensor3d(x, [3, 2, 32])).dataSync()));
    embedder.dispose();
    model.dispose();
    expect(relativeError(trunk, direct)).toBeLessThan(1e-5);
  });

  it('a zoo model as embedder: the features its head reads', () => {
    const x = gaussian(3 * 2 * 32, 3);
    const before = tf.memory().numTensors;
    const f = features('cnn1d', 1, x, 32, { width: 8 });
    expect(tf.memory().numTensors).toBe(before);
    // cnn1d's head reads its global average pool: one value per filter (default width 64)
    expect(f.shape).toEqual([3, 64]);
  });

  it('refuses a ConvNet deeper than the signal allows, and unknown architectures', () => {
    expect(() => checkEmbedder({ arch: 'convnet', width: 8, depth: 6 }, 32, 4)).toThrow(/6 poolings by 2 need at least 64 samples, got 32/);
    expect(() => checkEmbedder({ arch: 'nonet', width: 8, depth: 3 }, 32, 4)).toThrow(/unknown model architecture 'nonet'/);
  });
});
