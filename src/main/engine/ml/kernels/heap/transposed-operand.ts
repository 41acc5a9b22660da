// Explicit transposes for matmul operands: the wasm matmul reads a transposed operand about 10×
// slower than a plain one, so copying it transposed first (tiled, in JavaScript) wins by far.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { f32, type WasmBackend } from './wasm-heap.ts';

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

/** dst[c][r] = src[offset + r*cols + c] for an r×c block; tiled so both sides stay in cache. */
export function transposeInto(src: Float32Array, offset: number, rows: number, cols: number, dst: Float32Array): void {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) {
        const s = offset + r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[s + c];
      }
    }
  }
}
