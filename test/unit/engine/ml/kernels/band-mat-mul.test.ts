import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BandMatMul } from '../../../../../src/main/engine/ml/kernels/band-mat-mul.ts';
import { adjacencyMatMul, bandToDense } from '../../../../../src/main/engine/ml/models/graph/band.ts';
import { expectClose, onBothBackends, seeded, tensorOf, useWasm } from './compare.ts';

// Band [n, N, 2h + 1] with every entry set, the ones outside the graph included: the kernel
// must ignore those as the dense form does.
const cases = [
  { n: 2, N: 13, h: 3, F: 4 },
  { n: 3, N: 9, h: 4, F: 2 },
  { n: 2, N: 10, h: 3, F: 6 },
  { n: 1, N: 20, h: 11, F: 20 },
  { n: 2, N: 17, h: 2, F: 64 },
];

describe('band matrix products on wasm', () => {
  beforeAll(useWasm);

  it('the kernel is the one that runs on wasm, and the cpu backend has none (it takes the dense route)', () => {
    expect(tf.getKernel(BandMatMul, 'wasm')).toBeDefined();
    expect(tf.getKernel(BandMatMul, 'cpu')).toBeUndefined();
  });

  it('bandToDense puts entry (t, o + h) at (t, t + o) and drops the ones outside the graph', async () => {
    await tf.setBackend('cpu');
    const band = tf.tensor(seeded(1 * 5 * 5, 3), [1, 5, 5]);
    const dense = bandToDense(band).arraySync()[0]!;
    const b = band.arraySync() as number[][][];
    for (let t = 0; t < 5; t++) {
      for (let s = 0; s < 5; s++) expect(dense[t]![s]).toBe(Math.abs(s - t) <= 2 ? b[0]![t]![s - t + 2] : 0);
    }
    await tf.setBackend('wasm');
  });

  for (const c of cases) {
    for (const transpose of [false, true]) {
      const label = `n ${c.n}, N ${c.N}, h ${c.h}, F ${c.F}${transpose ? ', transposed' : ''}`;
      it(`${label}: values and gradients match the dense product on the cpu backend`, async () => {
        const r = tensorOf([c.n, c.N, c.F], 9);
        const loss = (band: tf.Tensor, x: tf.Tensor) => tf.sum(tf.mul(adjacencyMatMul(band, x, 'band', transpose), r));
        const { wasm, cpu } = await onBothBackends(() => {
          const band = tensorOf([c.n, c.N, 2 * c.h + 1], 1);
          const x = tensorOf([c.n, c.N, c.F], 2);
          const [gBand, gX] = tf.grads(loss)([band, x]);
          return [adjacencyMatMul(band, x, 'band', transpose), gBand!, gX!];
        });
        for (let k = 0; k < 3; k++) expectClose(wasm[k]!, cpu[k]!, 1e-5);
      });
    }
  }

  it('gradients match finite differences (the loss is linear in each operand, so they agree to rounding)', () => {
    const [n, N, h, F] = [1, 11, 3, 8];
    const band = tensorOf([n, N, 2 * h + 1], 4);
    const x = tensorOf([n, N, F], 5);
    const r = tensorOf([n, N, F], 6);
    for (const transpose of [false, true]) {
      const loss = (b: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(adjacencyMatMul(b, v, 'band', transpose), r));
      const [gBand, gX] = tf.grads(loss)([band, x]).map((g) => g!.dataSync());
      const eps = 0.25;
      const moved = (t: tf.Tensor, i: number, delta: number) => {
        const v = t.dataSync().slice();
        v[i] = v[i]! + delta;
        return tf.tensor(v, t.shape);
      };
      // entries inside the graph, and entry (0, −3), outside it
      for (const i of [0, 3, 10, 24, 40, 76]) {
        const fd = (loss(moved(band, i, eps), x).dataSync()[0]! - loss(moved(band, i, -eps), x).dataSync()[0]!) / (2 * eps);
        expect(Math.abs(fd - gBand![i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
      }
      expect(gBand![0]).toBe(0);
      for (const i of [0, 17, 50, 87]) {
        const fd = (loss(band, moved(x, i, eps)).dataSync()[0]! - loss(band, moved(x, i, -eps)).dataSync()[0]!) / (2 * eps);
        expect(Math.abs(fd - gX![i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('frees what it allocates, features padded to a multiple of 4 or not', () => {
    for (const F of [4, 2]) {
      const band = tensorOf([2, 13, 7], 1);
      const x = tensorOf([2, 13, F], 2);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        tf.grads((b: tf.Tensor, v: tf.Tensor) => tf.sum(adjacencyMatMul(b, v, 'band')))([band, x]);
      });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([band, x]);
    }
  });
});
