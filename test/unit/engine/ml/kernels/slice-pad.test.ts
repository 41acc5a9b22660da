import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('wasm Slice, Unpack, SplitV and PadV2', () => {
  beforeAll(useWasm);

  const slices: Array<{ shape: number[]; begin: number[]; size: number[] }> = [
    { shape: [10], begin: [3], size: [4] },
    { shape: [4, 6], begin: [1, 2], size: [2, -1] },
    { shape: [3, 2, 70, 5], begin: [1, 0, 2, 1], size: [2, 2, 64, 3] },
    { shape: [2, 2, 9, 64], begin: [0, 1, 2, 0], size: [2, 1, 5, 64] },
    { shape: [2, 3, 4, 5, 6], begin: [1, 1, 0, 2, 3], size: [1, 2, 4, 2, 3] },
    { shape: [3, 4], begin: [1, 1], size: [0, 2] },
    // whole inner axes on both sides: copied as runs across them
    { shape: [3, 4, 5, 6], begin: [1, 1, 0, 0], size: [2, 2, 5, 6] },
  ];
  for (const s of slices) {
    it(`slice ${s.shape} at ${s.begin} size ${s.size}: matches the cpu backend, float and int`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tensorOf(s.shape, 9);
        return [tf.slice(x, s.begin, s.size), tf.slice(tf.cast(tf.mul(x, 100), 'int32'), s.begin, s.size)];
      });
      expect(wasm[0]).toEqual(cpu[0]);
      expect(wasm[1]).toEqual(cpu[1]);
    });
  }

  const unstacks: Array<{ shape: number[]; axis: number }> = [
    { shape: [6, 4, 64], axis: 0 },
    { shape: [4, 7, 3], axis: 1 },
    { shape: [3, 5, 70], axis: 2 },
    { shape: [2, 3], axis: -1 },
  ];
  for (const u of unstacks) {
    it(`unstack ${u.shape} along axis ${u.axis}: matches the cpu backend, float and int`, async () => {
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tensorOf(u.shape, 5);
        return [...tf.unstack(x, u.axis), ...tf.unstack(tf.cast(tf.mul(x, 100), 'int32'), u.axis)];
      });
      expect(wasm.length).toBe(2 * u.shape.at(u.axis)!);
      expect(wasm).toEqual(cpu);
    });
  }

  const splits: Array<{ shape: number[]; sizes: number[] | number; axis: number }> = [
    { shape: [4, 512], sizes: 4, axis: 1 },
    { shape: [3, 10, 6], sizes: [2, 5, 3], axis: 1 },
    { shape: [6, 70], sizes: [1, -1], axis: 0 },
  ];
  for (const p of splits) {
    it(`split ${p.shape} into ${JSON.stringify(p.sizes)} along axis ${p.axis}: matches the cpu backend`, async () => {
      const { wasm, cpu } = await onBothBackends(() => tf.split(tensorOf(p.shape, 6), p.sizes, p.axis));
      expect(wasm.length).toBe(typeof p.sizes === 'number' ? p.sizes : p.sizes.length);
      expect(wasm).toEqual(cpu);
    });
  }

  const pads: Array<{ shape: number[]; paddings: Array<[number, number]>; value: number }> = [
    { shape: [5], paddings: [[2, 1]], value: 0 },
    { shape: [3, 2, 12, 1], paddings: [[0, 0], [0, 0], [2, 2], [0, 0]], value: 0 },
    { shape: [2, 2, 10, 64], paddings: [[0, 0], [0, 0], [2, 2], [0, 0]], value: 0 },
    { shape: [2, 3, 4], paddings: [[1, 0], [0, 2], [3, 1]], value: -1.5 },
    { shape: [4, 3, 5, 2], paddings: [[0, 0], [1, 1], [0, 0], [0, 0]], value: 0.5 },
  ];
  for (const p of pads) {
    it(`pad ${p.shape} by ${JSON.stringify(p.paddings)} with ${p.value}: matches the cpu backend`, async () => {
      const { wasm, cpu } = await onBothBackends(() => tf.pad(tensorOf(p.shape, 4), p.paddings, p.value));
      expect(wasm[0]).toEqual(cpu[0]);
    });
  }

  it('gradient of zero padding (a slice) matches finite differences', () => {
    const r = tensorOf([2, 2, 9, 3], 2);
    const loss = (x: tf.Tensor) => tf.sum(tf.mul(tf.pad(x, [[0, 0], [0, 0], [2, 2], [0, 0]]), r));
    const x = tensorOf([2, 2, 5, 3], 1);
    const grad = tf.grad(loss)(x).dataSync();
    const base = Array.from(x.dataSync());
    for (const i of [0, 11, 29, 59]) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[i]! += delta;
        return tf.tidy(() => loss(tf.tensor(moved, x.shape)).dataSync()[0]!);
      };
      expect(Math.abs((at(0.05) - at(-0.05)) / 0.1 - grad[i]!)).toBeLessThan(1e-3);
    }
  });
});
