import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('batch norm at inference on wasm', () => {
  beforeAll(useWasm);

  // 8 channels take the SIMD pass, 3 the JS loop; with and without offset and scale.
  for (const [shape, withParams] of [[[5, 7, 8], true], [[5, 7, 8], false], [[4, 6, 3], true]] as const) {
    it(`matches the cpu backend on ${shape.join('×')}${withParams ? '' : ' without offset and scale'}`, async () => {
      const C = shape[shape.length - 1]!;
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tf.mul(tensorOf([...shape], 1), 3);
        const mean = tensorOf([C], 2);
        const variance = tf.add(tf.abs(tensorOf([C], 3)), 0.1);
        return withParams ? tf.batchNorm(x, mean, variance, tensorOf([C], 4), tensorOf([C], 5), 1e-3) : tf.batchNorm(x, mean, variance, undefined, undefined, 1e-3);
      });
      expectClose(wasm[0]!, cpu[0]!, 1e-6);
    });
  }

  it('leaves no tensors or heap buffers behind', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const [x, mean, offset, scale] = [tensorOf([4, 8], 1), tensorOf([8], 2), tensorOf([8], 4), tensorOf([8], 5)];
    const variance = tf.add(tf.abs(tensorOf([8], 3)), 0.1);
    const before = [tf.memory().numTensors, backend.numDataIds()];
    tf.batchNorm(x, mean, variance, offset, scale).dispose();
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual(before);
    tf.dispose([x, mean, variance, offset, scale]);
  });
});
