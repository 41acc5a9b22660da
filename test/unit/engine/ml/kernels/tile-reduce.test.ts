import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('wasm Tile, Sum and Mean', () => {
  beforeAll(useWasm);

  const tiles: Array<{ shape: number[]; reps: number[] }> = [
    { shape: [3], reps: [4] },
    { shape: [1, 1, 1, 5], reps: [2, 1, 7, 1] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [2, 1, 64], reps: [2, 3, 2] },
    { shape: [2, 2], reps: [0, 2] },
  ];
  for (const t of tiles) {
    it(`tile ${t.shape} by ${t.reps}: matches the cpu backend, float and int`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tensorOf(t.shape, 3);
        return [tf.tile(x, t.reps), tf.tile(tf.cast(tf.mul(x, 50), 'int32'), t.reps)];
      });
      expect(wasm).toEqual(cpu);
    });
  }

  const reductions: Array<{ shape: number[]; axis: number[]; keepDims: boolean }> = [
    { shape: [4, 1, 9, 6], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 1, 9, 6], axis: [2, 0, 1], keepDims: true },
    { shape: [5, 7], axis: [0], keepDims: false },
    { shape: [3, 4, 5], axis: [1, 2], keepDims: false },
    { shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
    // channels in fours over more than one block of rows: the emitted SIMD sums, a partial last block
    { shape: [3, 2, 30, 16], axis: [0, 1, 2], keepDims: false },
    { shape: [10, 401, 8], axis: [0, 1], keepDims: true },
  ];
  for (const r of reductions) {
    it(`sum and mean of ${r.shape} over ${r.axis} (keepDims ${r.keepDims}): match the cpu backend`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tensorOf(r.shape, 8);
        return [tf.sum(x, r.axis, r.keepDims), tf.mean(x, r.axis, r.keepDims)];
      });
      expectClose(wasm[0]!, cpu[0]!, 1e-5);
      expectClose(wasm[1]!, cpu[1]!, 1e-5);
      const shapes = tf.tidy(() => [tf.sum(tensorOf(r.shape, 8), r.axis, r.keepDims).shape]);
      expect(wasm[0]!.length).toBe(shapes[0]!.reduce((a, b) => a * b, 1));
    });
  }

  it('batch-norm gradients (tile, sum and mean inside) match finite differences', () => {
    const r = tensorOf([4, 1, 6, 3], 2);
    const loss = (x: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.sum(tf.mul(tf.batchNorm(x, mean, variance, tf.zeros([3]), tf.ones([3]), 1e-3), r));
    };
    const x = tensorOf([4, 1, 6, 3], 1);
    const grad = tf.grad(loss)(x).dataSync();
    const base = Array.from(x.dataSync());
    for (const i of [0, 13, 40, 71]) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[i]! += delta;
        return tf.tidy(() => loss(tf.tensor(moved, x.shape)).dataSync()[0]!);
      };
      const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
      expect(Math.abs(numeric - grad[i]!)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
    }
  });
});
