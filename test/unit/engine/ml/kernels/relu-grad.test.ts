import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReluGrad } from '../../../../../src/main/engine/ml/kernels/relu-grad.ts';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('ReLU gradient on wasm', () => {
  beforeAll(useWasm);

  // 4·4·9 floats fill whole SIMD groups; 3·7 leaves a tail of one float for the JS loop.
  for (const shape of [[4, 4, 9], [3, 7]]) {
    it(`passes dy where x > 0 and zero elsewhere, zeros included (${shape.join('×')})`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        // a third of the inputs exactly zero, where ReLU's gradient is 0 as in the stock formula
        const x = tf.mul(tensorOf(shape, 1), tf.cast(tf.greater(tf.abs(tensorOf(shape, 3)), 0.33), 'float32'));
        const dy = tensorOf(shape, 2);
        return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), dy)))(x);
      });
      expectClose(wasm[0]!, cpu[0]!, 1e-12);
      expect(wasm[0]!.some((v) => v !== 0)).toBe(true);
      expect(wasm[0]!.some((v) => v === 0)).toBe(true);
    });
  }

  it('runs as one kernel and leaves no tensors behind', () => {
    const x = tensorOf([8, 16], 4);
    const dy = tensorOf([8, 16], 5);
    const before = tf.memory().numTensors;
    const out = tf.engine().runKernel(ReluGrad, { dy, x }) as tf.Tensor;
    const [xs, ds, os] = [x.dataSync(), dy.dataSync(), out.dataSync()];
    for (let i = 0; i < xs.length; i++) expect(os[i]).toBe(xs[i]! > 0 ? ds[i] : 0);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
