import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTANCE_NORM_EPSILON, NormReluPoolKernel, normReluPool } from '../../../../../src/main/engine/ml/models/norm-relu-pool.ts';
import { unfusedNormReluPool } from '../models/unfused-norm-relu-pool.ts';
import { expectClose, onBothBackends, seeded, useWasm } from './compare.ts';

/** Inputs with an offset and a scale per channel, as a convolution leaves them; `offset` sets how far from zero. */
function input(n: number, length: number, channels: number, offset: number): Float32Array {
  return seeded(n * length * channels, 11).map((v, i) => 3 * v + offset * (1 + (i % channels)));
}

/** y and ∂Σ(dy·y)/∂x of `op` at x */
function valueAndGradient(op: (x: tf.Tensor3D) => tf.Tensor3D, x: Float32Array, dy: Float32Array, shape: [number, number, number]): tf.Tensor[] {
  const [n, length, channels] = shape;
  const input = tf.tensor3d(x, shape);
  const upstream = tf.tensor3d(dy, [n, length >> 1, channels]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(op(v as tf.Tensor3D), upstream)))(input);
  return [op(input), g];
}

describe('instance norm → ReLU → pooling by 2 on wasm', () => {
  beforeAll(useWasm);

  // C = 64: whole SIMD blocks each way; 20: blocks and single groups left over; 8 with L = 1:
  // nothing pooled; 5: not in groups of four, the JS loops on the backend's memory
  for (const [n, length, channels] of [[3, 128, 64], [2, 17, 20], [2, 1, 8], [3, 9, 5]] as const) {
    it(`[${n}, ${length}, ${channels}]: values and gradient equal the stock ops' on cpu`, async () => {
      const shape: [number, number, number] = [n, length, channels];
      const x = input(n, length, channels, 1);
      const dy = seeded(n * (length >> 1) * channels, 7);
      const { wasm, cpu } = await onBothBackends(() => {
        const fused = valueAndGradient(normReluPool, x, dy, shape);
        return tf.getBackend() === 'cpu' ? [...fused, ...valueAndGradient(unfusedNormReluPool, x, dy, shape)] : fused;
      });
      const [y, g] = wasm as [Float32Array, Float32Array];
      const [loopsY, loopsG, stockY, stockG] = cpu as [Float32Array, Float32Array, Float32Array, Float32Array];
      expect(y.length).toBe(n * (length >> 1) * channels);
      expectClose(y, stockY, 1e-5);
      expectClose(g, stockG, 1e-4);
      // the JS loops the op runs on other backends
      expectClose(loopsY, stockY, 1e-5);
      expectClose(loopsG, stockG, 1e-4);
      if (length > 1) expect(g.some((v) => v !== 0)).toBe(true);
    });
  }

  it('float32 statistics over L = 128 match float64 ones far from zero', () => {
    const [n, length, channels] = [4, 128, 16];
    // means up to 1600 against a standard deviation near 1.7: E[x²] − E[x]² in float32 would lose every digit
    const x = input(n, length, channels, 100);
    const [y, mean, invStd] = tf.engine().runKernel(NormReluPoolKernel, { x: tf.tensor3d(x, [n, length, channels]) }) as tf.Tensor[];
    const exactMean = new Float64Array(n * channels);
    const exactInvStd = new Float64Array(n * channels);
    const exactY = new Float64Array(n * (length >> 1) * channels);
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < channels; c++) {
        const column = Array.from({ length }, (_, t) => x[(b * length + t) * channels + c]!);
        const m = column.reduce((a, v) => a + v, 0) / length;
        const r = 1 / Math.sqrt(column.reduce((a, v) => a + (v - m) ** 2, 0) / length + INSTANCE_NORM_EPSILON);
        exactMean[b * channels + c] = m;
        exactInvStd[b * channels + c] = r;
        for (let t = 0; t < length >> 1; t++) {
          const z = (k: number) => Math.max(0, (column[2 * t + k]! - m) * r);
          exactY[(b * (length >> 1) + t) * channels + c] = (z(0) + z(1)) / 2;
        }
      }
    }
    expectClose(mean!.dataSync(), exactMean, 1e-7);
    expectClose(invStd!.dataSync(), exactInvStd, 1e-6);
    // z carries the input's own rounding, |x|·2⁻²⁴ ≈ 1e-4 at 1600, times r ≈ 0.6
    expectClose(y!.dataSync(), exactY, 1e-4);
    tf.dispose([y!, mean!, invStd!]);
  });

  it('leaves no tensor behind, with or without a gradient', () => {
    const x = tf.tensor3d(input(2, 16, 8, 1), [2, 16, 8]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      normReluPool(x);
      tf.grad((v: tf.Tensor) => tf.sum(normReluPool(v as tf.Tensor3D)))(x);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
