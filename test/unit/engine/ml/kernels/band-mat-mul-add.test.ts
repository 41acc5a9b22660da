import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BandMatMulAdd } from '../../../../../src/main/engine/ml/kernels/band-mat-mul-add.ts';
import { adjacencyMatMul, adjacencyMatMulAdd } from '../../../../../src/main/engine/ml/models/graph/band.ts';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

// Feature counts through the kernel's blocks of 16 and groups of 4, and one it takes in JS (6).
const cases = [
  { n: 2, N: 13, h: 3, F: 4 },
  { n: 1, N: 20, h: 11, F: 20 },
  { n: 2, N: 17, h: 2, F: 64 },
  { n: 2, N: 10, h: 3, F: 6 },
];

describe('band product plus addend on wasm', () => {
  beforeAll(useWasm);

  it('runs as its own kernel on wasm; the cpu backend has none and takes a product and an Add', () => {
    expect(tf.getKernel(BandMatMulAdd, 'wasm')).toBeDefined();
    expect(tf.getKernel(BandMatMulAdd, 'cpu')).toBeUndefined();
  });

  for (const c of cases) {
    for (const transpose of [false, true]) {
      const label = `n ${c.n}, N ${c.N}, h ${c.h}, F ${c.F}${transpose ? ', transposed' : ''}`;
      it(`${label}: value and the three gradients equal the stock product + Add on the cpu backend`, async () => {
        const r = tensorOf([c.n, c.N, c.F], 9);
        const loss = (band: tf.Tensor, x: tf.Tensor, addend: tf.Tensor) => tf.sum(tf.mul(adjacencyMatMulAdd(band, x, addend, 'band', transpose), r));
        const { wasm, cpu } = await onBothBackends(() => {
          const band = tensorOf([c.n, c.N, 2 * c.h + 1], 1);
          const x = tensorOf([c.n, c.N, c.F], 2);
          const addend = tf.mul(tensorOf([c.n, c.N, c.F], 3), 5);
          const grads = tf.grads(loss)([band, x, addend]);
          return [adjacencyMatMulAdd(band, x, addend, 'band', transpose), ...grads];
        });
        // relative to each tensor's largest magnitude (floored at float32's epsilon)
        for (let k = 0; k < 4; k++) expectClose(wasm[k]!, cpu[k]!, 1e-5);
      });
    }
  }

  it('rounds as the band product and an Add on wasm do, bit for bit, with an addend far larger than the product', () => {
    // the sum is taken before the addend joins: started from a large addend, each of its steps
    // rounded at the addend's scale, and a batch norm downstream magnified that
    const band = tensorOf([2, 16, 9], 4);
    const x = tensorOf([2, 16, 36], 5);
    const addend = tf.mul(tensorOf([2, 16, 36], 6), 1000);
    const before = addend.dataSync().slice();
    const fused = adjacencyMatMulAdd(band, x, addend, 'band');
    const apart = tf.add(addend, adjacencyMatMul(band, x, 'band'));
    expect(fused.dataSync()).toEqual(apart.dataSync());
    expect(addend.dataSync()).toEqual(before);
    tf.dispose([band, x, addend, fused, apart]);
  });

  it('rejects an addend of another shape, naming it', () => {
    const band = tensorOf([1, 8, 5], 1);
    const x = tensorOf([1, 8, 4], 2);
    const addend = tensorOf([1, 8, 8], 3);
    expect(() => tf.engine().runKernel(BandMatMulAdd, { band, x, addend }, { transpose: false } as never)).toThrow(/addend \[1, 8, 8\]/);
    tf.dispose([band, x, addend]);
  });

  it('frees what it allocates, gradients included', () => {
    const band = tensorOf([2, 13, 7], 1);
    const x = tensorOf([2, 13, 8], 2);
    const addend = tensorOf([2, 13, 8], 3);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((b: tf.Tensor, v: tf.Tensor, s: tf.Tensor) => tf.sum(adjacencyMatMulAdd(b, v, s, 'band')))([band, x, addend]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([band, x, addend]);
  });
});
