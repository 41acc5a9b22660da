// The gradient function shared by the whole-sequence recurrent kernels.
import { engine, matMul, reshape, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Runs a sequence kernel's gradient kernel (here, not in a closure, whose scope would free its
 * other outputs); the input gradient dA·Wᵀ is left to the closure, as the first layer's is never asked for.
 */
export function sequenceGradients(gradKernel: string, dy: Tensor | Tensor[], saved: Tensor[]): Record<string, () => Tensor> {
  const [x, kernel, recurrentKernel, cache, hs] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const [dA, dW, dU, db] = engine().runKernel(gradKernel, { dy: Array.isArray(dy) ? dy[0]! : dy, x, recurrentKernel, hs, cache }) as Tensor[];
  const [B, T, D] = x.shape as [number, number, number];
  const width = kernel.shape[1]!;
  return {
    x: () => reshape(matMul(reshape(dA!, [B * T, width]), kernel, false, true), [B, T, D]),
    kernel: () => dW!,
    recurrentKernel: () => dU!,
    bias: () => db!,
  };
}
