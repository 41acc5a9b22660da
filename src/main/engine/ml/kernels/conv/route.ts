// A convolution route: one way of computing a pass (forward, input or filter gradient), when it
// applies, and how it runs. A kernel holds its routes in order and runs the first that applies.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernels } from '../simd/simd-kernels.ts';

export interface ConvRoute<Call> {
  applies(call: Call): boolean;
  run(call: Call): TensorInfo;
}

/** A route on the emitted SIMD kernels: it applies only where wasm SIMD runs. */
export function simdRoute<Call extends { simd: SimdKernels | null }>(
  applies: (call: Call) => boolean,
  run: (call: Call, simd: SimdKernels) => TensorInfo,
): ConvRoute<Call> {
  return {
    applies: (call) => call.simd !== null && applies(call),
    run: (call) => run(call, call.simd as SimdKernels),
  };
}

/** Runs the first route that applies; every list ends with a route that applies to all. */
export function runFirstRoute<Call>(routes: readonly ConvRoute<Call>[], call: Call): TensorInfo {
  const route = routes.find((r) => r.applies(call));
  if (!route) throw new Error('no convolution route applies: a route list must end with one that takes every call');
  return route.run(call);
}
