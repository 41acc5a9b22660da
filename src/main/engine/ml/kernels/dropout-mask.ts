// Dropout masks drawn on the wasm backend straight into its memory by models/dropout-mask.ts's
// loop (the same mask for the same seed), which saves copying a mask the size of the activation
// into the heap at every step. The loop stays in JavaScript: the same xoshiro128** loop emitted as
// wasm ran at half its speed here (VT-CNN2's 17 M-unit mask: 95 ms CPU against 45, with or without
// V8's baseline compiler).
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DropoutMaskKernel, fillDropoutMask } from '../models/dropout-mask.ts';
import { f32, type WasmBackend } from './heap/wasm-heap.ts';

interface DropoutMaskAttrs {
  shape: number[];
  rate: number;
  seed: number;
}

function dropoutMask(args: { backend: WasmBackend; attrs: DropoutMaskAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const out = backend.makeOutput([...attrs.shape], 'float32');
  fillDropoutMask(f32(backend, out), attrs.rate, attrs.seed);
  return out;
}

export const dropoutMaskConfig: KernelConfig = {
  kernelName: DropoutMaskKernel,
  backendName: 'wasm',
  kernelFunc: dropoutMask as unknown as KernelFunc,
};
