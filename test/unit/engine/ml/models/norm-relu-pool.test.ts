import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/ml/backend/index.ts';
import { normReluPool } from '../../../../../src/main/engine/ml/models/norm-relu-pool.ts';
import { tf } from '../../../../../src/main/engine/ml/tfjs.ts';
import { gaussian, relativeError } from '../distill/real-set.ts';
import { unfusedNormReluPool } from './unfused-norm-relu-pool.ts';

beforeAll(async () => {
  await initBackend();
});

describe('fused instance norm → ReLU → average pooling by 2', () => {
  for (const [n, length, channels] of [[3, 16, 5], [2, 15, 4], [4, 128, 8]] as const) {
    it(`[${n}, ${length}, ${channels}]: values and gradient equal the stock ops'`, () => {
      // an offset and a scale per channel, as a convolution's output has
      const x = gaussian(n * length * channels, length).map((v, i) => 3 * v + (i % channels));
      const dy = gaussian(n * (length >> 1) * channels, 7);
      const run = (f: (x: tf.Tensor3D) => tf.Tensor3D) =>
        tf.tidy(() => {
          const input = tf.tensor3d(x, [n, length, channels]);
          const upstream = tf.tensor3d(dy, [n, length >> 1, channels]);
          const y = f(input);
          const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v as tf.Tensor3D), upstream)))(input);
          return { y: y.dataSync(), shape: y.shape, g: g.dataSync() };
        });
      const fused = run(normReluPool);
      const stock = run(unfusedNormReluPool);
      expect(fused.shape).toEqual([n, length >> 1, channels]);
      expect(relativeError(fused.y, stock.y)).toBeLessThan(1e-5);
      expect(relativeError(fused.g, stock.g)).toBeLessThan(1e-4);
    });
  }

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((v: tf.Tensor) => tf.sum(normReluPool(v as tf.Tensor3D)))(tf.tensor3d(gaussian(64, 1), [2, 8, 4]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
