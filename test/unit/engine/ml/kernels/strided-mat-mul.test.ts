import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, onBothBackends, tensorOf, useWasm } from './compare.ts';

// Shapes the emitted strided kernel takes (N a multiple of 4): blocks of 16 columns, groups of
// 4 left over, an odd row left over, batch broadcasting on either side.
// TF.js's own gradient of a batch-broadcast product fails on every backend, so those are checked
// forward only.
const shapes: Array<{ name: string; a: number[]; b: number[]; broadcast?: true }> = [
  { name: '2-D, 16-column blocks and a 4-column group', a: [7, 9], b: [9, 20] },
  { name: 'batched', a: [5, 6, 3], b: [5, 3, 32] },
  { name: 'batched, b broadcast', a: [3, 5, 8], b: [1, 8, 12], broadcast: true },
  { name: 'batched, a broadcast', a: [1, 4, 6], b: [3, 6, 4], broadcast: true },
  { name: 'one row, one depth', a: [2, 1, 1], b: [2, 1, 16] },
  { name: 'a depth of several slices (summed into C slice by slice)', a: [5, 600], b: [600, 20] },
  { name: 'columns in several panels, the last with a 4-column group', a: [2, 5, 7], b: [2, 7, 276] },
];

const swap = (shape: number[], t: boolean) => (t ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape);

describe('matrix products on the strided wasm kernel', () => {
  beforeAll(useWasm);

  for (const s of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${s.name}, transposeA=${ta} transposeB=${tb}: values${s.broadcast ? '' : ' and gradients'} match the cpu backend`, async () => {
        const batch = s.a.slice(0, -2).map((d, i) => Math.max(d, s.b[i]!));
        const r = tensorOf([...batch, s.a.at(-2)!, s.b.at(-1)!], 3);
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), r));
        const { wasm, cpu } = await onBothBackends(() => {
          const a = tensorOf(swap(s.a, ta), 1);
          const b = tensorOf(swap(s.b, tb), 2);
          return [tf.matMul(a, b, ta, tb), ...(s.broadcast ? [] : tf.grads(loss)([a, b]))];
        });
        expect(wasm.length).toBe(s.broadcast ? 1 : 3);
        wasm.forEach((w, k) => expectClose(w, cpu[k]!, 1e-5));
      });
    }
  }

  for (const activation of ['linear', 'relu'] as const) {
    it(`fused product with bias and ${activation}: matches the cpu backend, gradients included`, async () => {
      // 276 columns: three column panels, the bias read from each panel's offset
      const r = tensorOf([13, 276], 4);
      const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
        tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation });
      // depth 300: the bias starts the first slice's sums only, the ReLU follows the last
      const { wasm, cpu } = await onBothBackends(() => {
        const [a, b, bias] = [tensorOf([13, 300], 1), tensorOf([300, 276], 2), tensorOf([276], 5)];
        const grads = tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(x, w, c), r)))([a, b, bias]);
        return [f(a, b, bias), ...grads];
      });
      for (let k = 0; k < 4; k++) expectClose(wasm[k]!, cpu[k]!, 1e-5);
      if (activation === 'relu') expect(Math.min(...wasm[0]!)).toBe(0);
    });
  }

  it('a product of 128 × 128 by 128 × 64 per batch entry (the graph layers\' shape) matches the cpu backend', async () => {
    const { wasm, cpu } = await onBothBackends(() => tf.matMul(tensorOf([3, 128, 128], 1), tensorOf([3, 128, 64], 2)));
    expectClose(wasm[0]!, cpu[0]!, 1e-5);
  });
});
