import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchNormTraining } from '../../../../../src/main/engine/ml/kernels/batch-norm-training.ts';
import { simdKernels } from '../../../../../src/main/engine/ml/kernels/simd/simd-kernels.ts';
import type { WasmBackend } from '../../../../../src/main/engine/ml/kernels/heap/wasm-heap.ts';
import { expectClose, tensorOf, useWasm } from './compare.ts';

const epsilon = 1e-3;

/** The stock composition (moments + batchNorm) that the fused kernel replaces. */
function stock(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, beta, gamma, epsilon), mean, variance];
}

async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().map((t) => Array.from(t.dataSync())));
}

function fused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  return tf.engine().runKernel(BatchNormTraining, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
}

describe('wasm fused batch-norm training kernels', () => {
  beforeAll(useWasm);
  beforeEach(async () => {
    await tf.setBackend('wasm');
  });

  it('builds its SIMD kernels on the wasm backend\'s own memory', () => {
    const kernels = simdKernels(tf.backend() as unknown as WasmBackend);
    expect(kernels).not.toBeNull();
    expect(Object.keys(kernels!).sort()).toEqual([
      'adamStep', 'affine', 'affine2', 'bandMatMul', 'bandOuter', 'biasActivation', 'blockSums', 'columnSums', 'gateActivation', 'normReluPoolBackward1', 'normReluPoolBackward2', 'normReluPoolForward1', 'normReluPoolForward4', 'patchProducts', 'patchProductsSingle', 'positiveMask', 'rowProducts', 'rowProductsSet',
      'stridedProducts', 'transpose', 'winogradData', 'winogradDataWindow', 'winogradDy', 'winogradDyWindow', 'winogradFilter', 'winogradOutput', 'winogradOutputWindow', 'winogradTaps',
    ]);
  });

  // Channels in fours take the SIMD kernels (rows summed in blocks of 64), others the JS loops.
  const shapes = [[4, 9, 6], [3, 1, 5, 2], [7, 16], [3, 50, 8], [2, 33, 4]];
  for (const shape of shapes) {
    const c = shape.at(-1)!;
    it(`forward on ${shape}: output, batch mean and variance match the stock ops on cpu`, async () => {
      const run = (f: typeof fused) => () => f(tf.add(tf.mul(tensorOf(shape, 1), 3), 0.7), tf.add(tensorOf([c], 2), 1.5), tensorOf([c], 3));
      const wasm = await on('wasm', run(fused));
      const cpu = await on('cpu', run(stock));
      for (let i = 0; i < 3; i++) expectClose(wasm[i]!, cpu[i]!, 1e-5);
    });

    it(`gradients on ${shape} for x, gamma and beta match the stock ops on cpu`, async () => {
      const weights = tensorOf(shape, 9);
      const grads = (f: typeof fused) => () => {
        const loss = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.sum(tf.mul(f(x, gamma, beta)[0]!, weights));
        return tf.grads(loss)([tf.mul(tensorOf(shape, 4), 2), tf.add(tensorOf([c], 5), 1.2), tensorOf([c], 6)]);
      };
      const wasm = await on('wasm', grads(fused));
      const cpu = await on('cpu', grads(stock));
      for (let i = 0; i < 3; i++) expectClose(wasm[i]!, cpu[i]!, 1e-4);
    });
  }

  it('gradients match central finite differences', () => {
    const shape = [5, 4, 3];
    const weights = tensorOf(shape, 11);
    const gamma = tf.tensor([0.5, 1.5, -1.1]);
    const beta = tf.tensor([0.1, -0.3, 0.2]);
    const loss = (x: tf.Tensor, g: tf.Tensor) => tf.sum(tf.mul(fused(x, g, beta)[0]!, weights));
    const x = tensorOf(shape, 12);
    const [dx, dgamma] = tf.grads(loss)([x, gamma]).map((t) => t.dataSync());
    const check = (values: Float32Array, analytic: Float32Array, indices: number[], eval_: (moved: number[]) => number) => {
      for (const i of indices) {
        const at = (delta: number) => {
          const moved = Array.from(values);
          moved[i]! += delta;
          return eval_(moved);
        };
        const numeric = (at(1e-2) - at(-1e-2)) / 2e-2;
        expect(Math.abs(analytic[i]! - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
      }
    };
    check(x.dataSync() as Float32Array, dx! as Float32Array, [0, 7, 31, 59], (m) => tf.tidy(() => loss(tf.tensor(m, shape), gamma).dataSync()[0]!));
    check(gamma.dataSync() as Float32Array, dgamma! as Float32Array, [0, 1, 2], (m) => tf.tidy(() => loss(x, tf.tensor(m)).dataSync()[0]!));
  });

  for (const channels of [2, 4]) {
    it(`keeps the variance accurate when the mean dwarfs the spread (${channels} channels)`, () => {
      const rows = 500;
      const values = Float32Array.from({ length: rows * channels }, (_, i) => (i % 2 ? -3000 : 1000) + Math.sin(i) * 0.01);
      const [, mean, variance] = fused(tf.tensor(values, [rows, channels]), tf.ones([channels]), tf.zeros([channels])).map((t) => t.dataSync());
      for (let c = 0; c < channels; c++) {
        let m = 0;
        for (let r = 0; r < rows; r++) m += values[r * channels + c]!;
        m /= rows;
        let v = 0;
        for (let r = 0; r < rows; r++) v += (values[r * channels + c]! - m) ** 2;
        v /= rows;
        expect(mean![c]).toBeCloseTo(m, 3);
        expect(Math.abs(variance![c]! - v) / v).toBeLessThan(1e-3);
      }
    });
  }

  it('rejects parameters that do not match the channel count', () => {
    expect(() => fused(tensorOf([2, 3, 4], 1), tensorOf([3], 2), tensorOf([4], 3))).toThrow(/per-channel parameters of shape \[4\]/);
  });
});
