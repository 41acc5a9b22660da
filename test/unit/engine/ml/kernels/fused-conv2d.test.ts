// FusedConv2D on wasm (what layers run for inference): convolutions the Winograd route takes get
// their bias and ReLU from our epilogue pass, the others stay with the stock kernel; both against
// the cpu backend, and no tensors or heap buffers left behind.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { convGeometry } from '../../../../../src/main/engine/ml/kernels/conv/geometry.ts';
import { winogradApply } from '../../../../../src/main/engine/ml/kernels/conv/winograd.ts';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  bias: boolean;
  activation: 'linear' | 'relu' | 'elu';
  winograd: boolean;
}

const cases: Case[] = [
  { name: '2×3 over two rows with bias and ReLU (VT-CNN2 conv2)', x: [3, 2, 14, 32], filter: [2, 3, 32, 16], bias: true, activation: 'relu', winograd: true },
  { name: '1×3 with bias, linear', x: [2, 1, 11, 16], filter: [1, 3, 16, 32], bias: true, activation: 'linear', winograd: true },
  { name: '2×3 with ReLU, no bias', x: [2, 2, 9, 16], filter: [2, 3, 16, 16], bias: false, activation: 'relu', winograd: true },
  { name: 'ELU: the stock kernel', x: [2, 2, 9, 16], filter: [2, 3, 16, 16], bias: true, activation: 'elu', winograd: true },
  { name: 'eight channels: the stock kernel', x: [2, 2, 9, 8], filter: [2, 3, 8, 16], bias: true, activation: 'relu', winograd: false },
];

function fused(c: Case, seed: number): tf.Tensor {
  const x = tensorOf(c.x, seed) as tf.Tensor4D;
  const filter = tensorOf(c.filter, seed + 1) as tf.Tensor4D;
  const bias = c.bias ? tensorOf([c.filter[3]], seed + 2) : undefined;
  return tf.fused.conv2d({ x, filter, strides: 1, pad: 'valid', bias, activation: c.activation });
}

describe('wasm fused convolution', () => {
  beforeAll(useWasm);

  for (const c of cases) {
    it(`${c.name}: matches the cpu backend`, async () => {
      const g = convGeometry(c.x, c.filter, { strides: [1, 1], pad: 'valid' });
      expect(winogradApply(g)).toBe(c.winograd);
      const { wasm, cpu } = await onBothBackends(() => fused(c, 11));
      expectClose(wasm[0]!, cpu[0]!, 1e-5);
      // the ReLU cases must have cut something off, or they would not test it
      if (c.activation === 'relu') expect(cpu[0]!.some((v) => v === 0)).toBe(true);
    });
  }

  it('leaves no tensors or heap buffers behind', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const [tensorsBefore, idsBefore] = [tf.memory().numTensors, backend.numDataIds()];
    tf.tidy(() => void fused(cases[0]!, 3).dataSync());
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(backend.numDataIds()).toBe(idsBefore);
  });
});
