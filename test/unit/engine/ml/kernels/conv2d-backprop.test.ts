import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { convGeometry } from '../../../../../src/main/engine/ml/kernels/conv/geometry.ts';
import { patchProductsApply } from '../../../../../src/main/engine/ml/kernels/conv/patch-products.ts';
import { patchRowsApply } from '../../../../../src/main/engine/ml/kernels/conv/patch-rows.ts';
import { winogradApply } from '../../../../../src/main/engine/ml/kernels/conv/winograd.ts';
import { expectClose, onBothBackends, seeded, tensorOf, useWasm } from './compare.ts';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  /**
   * emitted SIMD routes this case qualifies for: all three by Winograd tiles (which come first),
   * else dW by patch products, dx and y by patch rows
   */
  simd?: Array<'winograd' | 'filter' | 'input' | 'forward'>;
}

// The convolutions of the model zoo: VT-CNN2 (1×3 and 2×3 after explicit zero padding),
// ResNet1D (conv1d k3 same, stride 2, 1×1 stride-2 projection), plus a 2-D strided case.
const cases: Case[] = [
  { name: 'VT-CNN2 conv1 1×3 valid', x: [3, 2, 12, 1], filter: [1, 3, 1, 8], strides: [1, 1], pad: 'valid' },
  { name: 'VT-CNN2 conv2 2×3 valid', x: [3, 2, 14, 8], filter: [2, 3, 8, 5], strides: [1, 1], pad: 'valid' },
  { name: '2×3 explicit zero padding', x: [2, 2, 9, 4], filter: [2, 3, 4, 3], strides: [1, 1], pad: [[0, 0], [0, 0], [2, 2], [0, 0]] },
  { name: 'conv1d k3 same', x: [2, 1, 16, 6], filter: [1, 3, 6, 7], strides: [1, 1], pad: 'same' },
  { name: 'conv1d k3 stride 2 same', x: [2, 1, 16, 6], filter: [1, 3, 6, 4], strides: [1, 2], pad: 'same' },
  { name: 'conv1d k3 stride 2 same, odd length', x: [2, 1, 15, 3], filter: [1, 3, 3, 4], strides: [1, 2], pad: 'same' },
  { name: '1×1 stride 2 projection', x: [2, 1, 16, 6], filter: [1, 1, 6, 9], strides: [1, 2], pad: 'same' },
  { name: '3×3 stride 2 same', x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { name: 'one output row, 3×3 same (row-wise route)', x: [2, 1, 10, 4], filter: [3, 3, 4, 5], strides: [1, 1], pad: 'same' },
  { name: 'one output row, 3×2 valid over 3 rows', x: [2, 3, 8, 6], filter: [3, 2, 6, 4], strides: [1, 1], pad: 'valid' },
  { name: 'one output row, stride 2 (an input row no tap reaches)', x: [2, 3, 8, 6], filter: [2, 2, 6, 4], strides: [2, 1], pad: 'valid' },
  { name: 'wide channels (set-copy path)', x: [2, 1, 10, 64], filter: [1, 3, 64, 8], strides: [1, 1], pad: 'same' },
  { name: 'conv1d k3 stride 2 after explicit 1/1 padding (ResNet1D downsampling)', x: [2, 1, 18, 5], filter: [1, 3, 5, 4], strides: [1, 2], pad: [[0, 0], [0, 0], [1, 1], [0, 0]] },
  { name: 'conv1d k4 stride 3 same', x: [2, 1, 20, 4], filter: [1, 4, 4, 3], strides: [1, 3], pad: 'same' },
  { name: '2×3 column stride 2 same', x: [2, 8, 21, 3], filter: [2, 3, 3, 4], strides: [1, 2], pad: 'same' },
  { name: 'two input channels (the ResNet1D stem)', x: [3, 1, 20, 2], filter: [1, 3, 2, 5], strides: [1, 1], pad: 'same' },
  // Channel counts the emitted SIMD routes take.
  { name: 'conv1d k3 same, odd width, 16 channels', x: [3, 1, 13, 16], filter: [1, 3, 16, 16], strides: [1, 1], pad: 'same', simd: ['winograd', 'filter', 'input', 'forward'] },
  { name: 'conv1d k3 stride 2 same, odd length, 16 → 24 channels', x: [2, 1, 17, 16], filter: [1, 3, 16, 24], strides: [1, 2], pad: 'same', simd: ['filter', 'input'] },
  { name: '1×1 stride 2 projection, 16 → 32 channels', x: [2, 1, 16, 16], filter: [1, 1, 16, 32], strides: [1, 2], pad: 'valid', simd: ['filter', 'input', 'forward'] },
  { name: 'k5 stride 3, uneven explicit padding, 16 channels', x: [2, 1, 23, 16], filter: [1, 5, 16, 16], strides: [1, 3], pad: [[0, 0], [0, 0], [2, 1], [0, 0]], simd: ['filter', 'input', 'forward'] },
  { name: 'many short samples per kernel call', x: [40, 1, 5, 16], filter: [1, 3, 16, 16], strides: [1, 1], pad: 'same', simd: ['winograd', 'filter', 'input', 'forward'] },
  // Winograd tiles: lengths that leave a partial last tile, tiles reading padding on both sides
  // or none, several chunks of samples with a short last one.
  { name: 'Winograd: k3 valid, 16 → 32 channels, a partial last tile', x: [2, 1, 17, 16], filter: [1, 3, 16, 32], strides: [1, 1], pad: 'valid', simd: ['winograd', 'filter', 'input', 'forward'] },
  { name: 'Winograd: k3, explicit padding 2 and 1, 32 → 16 channels', x: [3, 1, 9, 32], filter: [1, 3, 32, 16], strides: [1, 1], pad: [[0, 0], [0, 0], [2, 1], [0, 0]], simd: ['winograd', 'filter', 'input', 'forward'] },
  { name: 'Winograd: k3 same, 64 channels, samples in several chunks', x: [5, 1, 130, 64], filter: [1, 3, 64, 64], strides: [1, 1], pad: 'same', simd: ['winograd', 'filter', 'input', 'forward'] },
  // Filter rows spanning the input's height (VT-CNN2's conv2): the rows' 1-D convolutions summed
  { name: 'Winograd: 2×3 valid over two rows, 16 → 32 channels, a partial last tile', x: [3, 2, 17, 16], filter: [2, 3, 16, 32], strides: [1, 1], pad: 'valid', simd: ['winograd', 'filter'] },
  { name: 'Winograd: 3×3 over three rows, width padding 2 and 1, 32 → 16 channels', x: [2, 3, 9, 32], filter: [3, 3, 32, 16], strides: [1, 1], pad: [[0, 0], [0, 0], [2, 1], [0, 0]], simd: ['winograd', 'filter'] },
  { name: 'k3 same, 8 → 16 channels (too few for Winograd)', x: [2, 1, 12, 8], filter: [1, 3, 8, 16], strides: [1, 1], pad: 'same', simd: ['filter', 'forward'] },
  { name: '2×3 valid over 2 rows, 8 → 16 channels (VT-CNN2 conv2)', x: [2, 2, 14, 8], filter: [2, 3, 8, 16], strides: [1, 1], pad: 'valid', simd: ['filter'] },
  { name: 'two input channels into 16 (the ResNet1D stem)', x: [3, 1, 20, 2], filter: [1, 3, 2, 16], strides: [1, 1], pad: 'same', simd: ['filter', 'forward'] },
  // Patches whose length is not a multiple of the register block: the rest one float at a time.
  { name: 'three input channels, k3 same (patches of 6 and 9 floats)', x: [2, 1, 11, 3], filter: [1, 3, 3, 8], strides: [1, 1], pad: 'same', simd: ['filter'] },
  { name: 'one input channel, k8 same (patches of 4 to 8 floats)', x: [2, 1, 20, 1], filter: [1, 8, 1, 8], strides: [1, 1], pad: 'same', simd: ['filter'] },
  { name: 'grid split into several matmul chunks', x: [2, 16, 300, 128], filter: [3, 3, 128, 2], strides: [1, 1], pad: 'same' },
];

function backpropFilter(x: tf.Tensor, dy: tf.Tensor, c: Case): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
    strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter,
  } as never) as tf.Tensor;
}

function backpropInput(dy: tf.Tensor, filter: tf.Tensor, c: Case): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
    strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x,
  } as never) as tf.Tensor;
}

function outShape(c: Case): number[] {
  return tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape);
}

describe('wasm convolution gradients', () => {
  beforeAll(useWasm);

  for (const c of cases) {
    it(`${c.name}: gradients and forward pass match the cpu backend`, async () => {
      const dyShape = outShape(c);
      const { wasm, cpu } = await onBothBackends(() => {
        const x = tensorOf(c.x, 1);
        const filter = tensorOf(c.filter, 2);
        const dy = tensorOf(dyShape, 3);
        return [backpropFilter(x, dy, c), backpropInput(dy, filter, c), tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad)];
      });
      expectClose(wasm[0]!, cpu[0]!, 1e-5);
      expectClose(wasm[1]!, cpu[1]!, 1e-5);
      expectClose(wasm[2]!, cpu[2]!, 1e-5);
    });

    it(`${c.name}: match finite differences of the forward convolution`, () => {
      const x = tensorOf(c.x, 4);
      const filter = tensorOf(c.filter, 5);
      const weights = tensorOf(outShape(c), 6);
      // L is linear in x and in the filter, so a central difference is exact up to rounding.
      const loss = (xv: tf.Tensor, fv: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xv as tf.Tensor4D, fv as tf.Tensor4D, c.strides, c.pad), weights));
      const [dx, dFilter] = tf.grads(loss)([x, filter]).map((g) => g.dataSync());
      const eps = 0.05;
      const probe = (t: tf.Tensor, grad: ArrayLike<number>, which: 0 | 1, seed: number) => {
        const values = t.dataSync();
        const picks = seeded(6, seed).map((u) => Math.floor(((u + 1) / 2) * values.length));
        for (const i of picks) {
          const shifted = (delta: number) => {
            const copy = Float32Array.from(values);
            copy[i] += delta;
            const moved = tf.tensor(copy, t.shape);
            const value = tf.tidy(() => (which === 0 ? loss(moved, filter) : loss(x, moved)).dataSync()[0]!);
            moved.dispose();
            return value;
          };
          const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
          expect(Math.abs(numeric - grad[i]!)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
        }
      };
      probe(x, dx!, 0, 7);
      probe(filter, dFilter!, 1, 8);
    });
  }

  it('sends the SIMD cases through the emitted routes', () => {
    for (const c of cases.filter((k) => k.simd)) {
      const g = convGeometry(c.x, c.filter, { strides: c.strides, pad: c.pad as never });
      expect(winogradApply(g), c.name).toBe(c.simd!.includes('winograd'));
      expect(patchProductsApply(g), c.name).toBe(c.simd!.includes('filter'));
      expect(patchRowsApply(g, g.inC), c.name).toBe(c.simd!.includes('input'));
      expect(patchRowsApply(g, g.outC), c.name).toBe(c.simd!.includes('forward'));
    }
  });

  it('leaves no tensors or heap buffers behind', () => {
    for (const c of [cases[4]!, ...cases.filter((k) => k.name.startsWith('conv1d k3 stride 2 same, odd length, 16') || k.name.startsWith('Winograd'))]) {
      const x = tensorOf(c.x, 1);
      const dy = tensorOf(outShape(c), 2);
      const filter = tensorOf(c.filter, 3);
      const before = tf.memory().numTensors;
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const idsBefore = backend.numDataIds();
      tf.dispose([backpropFilter(x, dy, c), backpropInput(dy, filter, c), tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad)]);
      expect(tf.memory().numTensors).toBe(before);
      expect(backend.numDataIds()).toBe(idsBefore);
      tf.dispose([x, dy, filter]);
    }
  });

  it('rejects NCHW with an UNSUPPORTED error', () => {
    const c = cases[0]!;
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.zeros(c.x), dy: tf.zeros(outShape(c)) }, {
        strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: c.filter,
      } as never),
    ).toThrow(/NCHW/);
  });
});
