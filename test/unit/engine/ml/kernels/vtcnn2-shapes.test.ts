// VT-CNN2's two heaviest layers at the shapes it trains with (bench:train times them), on wasm
// against the cpu backend: the 2×3 convolution from 256 to 80 channels over a padded 134-wide
// input, and the 10,560 → 256 dense layer. The small cases elsewhere do not reach the blocking,
// chunking and accumulation lengths these take.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBothBackends, relativeError, tensorOf, useWasm } from './compare.ts';

/** Sums of a few thousand float32 products in another order: rounding stays well under this. */
const TOLERANCE = 1e-5;
/** The cpu backend's JavaScript takes seconds on these shapes, more on a shared machine. */
const CPU_BACKEND_TIMEOUT = 300_000;

describe('VT-CNN2 layers at their real shapes on wasm', () => {
  beforeAll(useWasm);

  it('conv2 (2×3, 256 → 80 channels, 2 × 134 input): forward, filter and input gradients match the cpu backend', { timeout: CPU_BACKEND_TIMEOUT }, async () => {
    const x: [number, number, number, number] = [1, 2, 134, 256];
    const filter: [number, number, number, number] = [2, 3, 256, 80];
    const common = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' };
    // One operation per comparison: each blocks this thread for seconds on the cpu backend.
    const ops: Array<() => tf.Tensor> = [
      () => tf.conv2d(tensorOf(x, 1) as tf.Tensor4D, tensorOf(filter, 2) as tf.Tensor4D, 1, 'valid'),
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x: tensorOf(x, 1), dy: tensorOf([1, 1, 132, 80], 3) }, { ...common, filterShape: filter } as never) as tf.Tensor,
      () => tf.engine().runKernel('Conv2DBackpropInput', { dy: tensorOf([1, 1, 132, 80], 3), filter: tensorOf(filter, 2) }, { ...common, inputShape: x } as never) as tf.Tensor,
    ];
    for (const op of ops) {
      const { wasm, cpu } = await onBothBackends(op);
      expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(TOLERANCE);
    }
  });

  it('dense 10,560 → 256 with bias: forward and both gradients match the cpu backend', { timeout: CPU_BACKEND_TIMEOUT }, async () => {
    const r = tensorOf([2, 256], 5);
    const dense = (x: tf.Tensor, w: tf.Tensor) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: tf.ones([256]) });
    const loss = (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(dense(x, w), r));
    // Activations of a ReLU layer (half zeros, the rest positive) and weights of Glorot's scale.
    const x = () => tf.relu(tensorOf([2, 10560], 1));
    const w = () => tf.mul(tensorOf([10560, 256], 2), 0.02);
    for (const op of [() => dense(x(), w()), () => tf.grads(loss)([x(), w()])]) {
      const { wasm, cpu } = await onBothBackends(op);
      wasm.forEach((values, k) => expect(relativeError(values, cpu[k]!)).toBeLessThan(TOLERANCE));
    }
    r.dispose();
  });
});
