// y = x·scale[c] + shift[c] over a channels-last tensor: the output pass of batch norm, in
// training (batch statistics) and in inference (moving statistics). SIMD when the channels come
// in groups of four, else a JS loop.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from '../simd/simd-kernels.ts';
import { address, f32, free, type WasmBackend } from '../heap/wasm-heap.ts';

/** Per-channel vectors laid end to end in one heap tensor, for the SIMD kernels to read. */
export function coefficients(backend: WasmBackend, parts: Float32Array[]): TensorInfo {
  const C = parts[0]!.length;
  const out = backend.makeOutput([parts.length * C], 'float32');
  const values = f32(backend, out);
  parts.forEach((part, i) => values.set(part, i * C));
  return out;
}

export function channelAffine(backend: WasmBackend, x: TensorInfo, scale: Float32Array, shift: Float32Array): TensorInfo {
  const C = scale.length;
  const rows = x.shape.reduce((p, s) => p * s, 1) / C;
  const y = backend.makeOutput([...x.shape], 'float32');
  const simd = C % 4 === 0 ? simdKernels(backend) : null;
  if (simd) {
    const coef = coefficients(backend, [scale, shift]);
    const at = address(backend, coef);
    simd.affine(address(backend, x), at, at + 4 * C, rows, C, address(backend, y));
    free(backend, coef);
  } else {
    const xs = f32(backend, x);
    const ys = f32(backend, y);
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < C; c++, i++) ys[i] = xs[i]! * scale[c]! + shift[c]!;
  }
  return y;
}
