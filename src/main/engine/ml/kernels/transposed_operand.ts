// Explicit transposes for matmul operands: the wasm matmul reads a transposed operand about 10×
// slower than a plain one, so copying it transposed first (tiled, in JavaScript) wins by far.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { transposeInto } from './conv_geometry.ts';
import { f32, type WasmBackend } from './wasm_heap.ts';

/** A new tensor holding `t` with its last two axes swapped; the caller frees it. */
export function transposeLastTwo(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const rows = t.shape[rank - 2]!;
  const cols = t.shape[rank - 1]!;
  const out = backend.makeOutput([...t.shape.slice(0, -2), cols, rows], 'float32');
  const src = f32(backend, t);
  const dst = f32(backend, out);
  const matrix = rows * cols;
  for (let offset = 0; offset < src.length; offset += matrix) {
    transposeInto(src, offset, rows, cols, dst.subarray(offset, offset + matrix));
  }
  return out;
}
