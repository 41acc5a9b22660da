// Preconditions and work splitting shared by the convolution gradient kernels.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../../shared/errors.ts';

/** Largest patch-matrix chunk, in floats: big enough to keep XNNPACK busy, small enough for cache and heap. */
const CHUNK_FLOATS = 1 << 20;

export function requireNhwcFloat(kernel: string, dataFormat: string, tensors: TensorInfo[]): void {
  if (dataFormat !== 'NHWC') {
    throw new AppError('UNSUPPORTED', `${kernel} on wasm: data format ${dataFormat} is not supported, only NHWC`);
  }
  for (const t of tensors) {
    if (t.dtype !== 'float32') throw new AppError('UNSUPPORTED', `${kernel} on wasm: expected float32, found ${t.dtype}`);
  }
}

/** Rows per chunk so that a chunk of the [rows][patch] matrix stays within the budget. */
export function chunkRows(rows: number, patch: number): number {
  return Math.max(1, Math.min(rows, Math.floor(CHUNK_FLOATS / patch)));
}
