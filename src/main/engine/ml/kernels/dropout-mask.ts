// Dropout masks drawn on the wasm backend straight into its memory: the draws and keep test of
// models/dropout-mask.ts (the same mask for the same seed, bit for bit) by emitted wasm, which
// also saves copying a mask the size of the activation into the heap. VT-CNN2's first mask
// (17 M units at batch 256) took about 50 ms CPU in the JavaScript loop, plus the copy.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DropoutMaskKernel, fillDropoutMask, maskStream } from '../models/dropout-mask.ts';
import { address, f32, type WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels } from './simd/simd-kernels.ts';

interface DropoutMaskAttrs {
  shape: number[];
  rate: number;
  seed: number;
}

function dropoutMask(args: { backend: WasmBackend; attrs: DropoutMaskAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const out = backend.makeOutput([...attrs.shape], 'float32');
  const size = attrs.shape.reduce((p, s) => p * s, 1);
  const kernels = simdKernels(backend);
  if (!kernels) {
    fillDropoutMask(f32(backend, out), attrs.rate, attrs.seed);
    return out;
  }
  const { state, keepAtMost, scale } = maskStream(attrs.rate, attrs.seed);
  const scaleBits = new Int32Array(Float32Array.of(scale).buffer)[0]!;
  if (size > 0) kernels.dropoutMaskFill(address(backend, out), size, ...state, keepAtMost | 0, scaleBits);
  return out;
}

export const dropoutMaskConfig: KernelConfig = {
  kernelName: DropoutMaskKernel,
  backendName: 'wasm',
  kernelFunc: dropoutMask as unknown as KernelFunc,
};
