import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

describe('wasm matmul with transposed operands', () => {
  beforeAll(useWasm);

  const shapes: Array<{ name: string; a: number[]; b: number[] }> = [
    { name: '2-D', a: [7, 5], b: [5, 6] },
    { name: 'batched', a: [3, 4, 5], b: [3, 5, 2] },
    { name: 'broadcast batch', a: [3, 4, 5], b: [1, 5, 2] },
  ];
  for (const s of shapes) {
    for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
      it(`${s.name}, transposeA=${ta} transposeB=${tb}: matches the cpu backend`, async () => {
        const swap = (shape: number[], t: boolean) => (t ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape);
        const { wasm, cpu } = await onBothBackends(() =>
          tf.matMul(tensorOf(swap(s.a, ta), 1), tensorOf(swap(s.b, tb), 2), ta, tb),
        );
        expectClose(wasm[0]!, cpu[0]!, 1e-5);
      });
    }
  }

  it('fused matmul with bias and relu, transposed operands: matches the cpu backend', async () => {
    const { wasm, cpu } = await onBothBackends(() =>
      tf.fused.matMul({
        a: tensorOf([5, 7], 1),
        b: tensorOf([6, 5], 2),
        transposeA: true,
        transposeB: true,
        bias: tensorOf([6], 3),
        activation: 'relu',
      }),
    );
    expectClose(wasm[0]!, cpu[0]!, 1e-5);
  });

  it('dense-layer gradients (dx = dy·Wᵀ, dW = xᵀ·dy) match the cpu backend and finite differences', async () => {
    const r = tensorOf([9, 4], 5);
    const loss = (x: tf.Tensor, w: tf.Tensor) =>
      tf.sum(tf.mul(tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: tf.ones([4]) }), r));
    const { wasm, cpu } = await onBothBackends(() => tf.grads(loss)([tensorOf([9, 6], 1), tensorOf([6, 4], 2)]));
    expectClose(wasm[0]!, cpu[0]!, 1e-5);
    expectClose(wasm[1]!, cpu[1]!, 1e-5);
    const x = tensorOf([9, 6], 1);
    const w = tensorOf([6, 4], 2);
    const base = Array.from(w.dataSync());
    const eps = 0.05;
    for (const i of [0, 7, 23]) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[i]! += delta;
        return tf.tidy(() => loss(x, tf.tensor(moved, [6, 4])).dataSync()[0]!);
      };
      expect(Math.abs((at(eps) - at(-eps)) / (2 * eps) - wasm[1]![i]!)).toBeLessThan(1e-2);
    }
  });
});
