// The matrix products of the whole-sequence recurrent kernels, on the emitted strided kernel, with
// offsets and strides counted in floats (the kernels index their buffers per step and per row).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { AppError } from '../../../../../shared/errors.ts';
import { columnTotals } from '../leading-axes-reduce.ts';
import { panelProducts } from '../strided-mat-mul.ts';
import { simdKernels, type SimdKernels } from '../simd/simd-kernels.ts';
import { address, f32, type WasmBackend } from '../heap/wasm-heap.ts';

/** C (+)= A·B with A(m, k) at a + m·aRow + k·aDepth, B[k][j] at b + k·bRow + j, C[m][j] at c + m·cRow + j (floats). */
export interface SequenceProduct {
  a: number; aRow: number; aDepth: number;
  b: number; bRow: number;
  c: number; cRow: number;
  M: number; K: number; N: number;
  accumulate?: boolean;
  /** float offset of N floats added to every row of C */
  bias?: number;
  /** repeat over this many batches, A, B and C moving on by their batch strides */
  batches?: { count: number; a: number; b: number; c: number };
}

/** The SIMD kernels a sequence kernel needs; the layer takes the stock route where they are missing. */
export function sequenceKernels(backend: WasmBackend, kernelName: string): SimdKernels {
  const kernels = simdKernels(backend);
  if (!kernels) throw new AppError('UNSUPPORTED', `${kernelName} needs wasm SIMD, which this engine lacks`);
  return kernels;
}

/** Float offset of a tensor's data in the heap. */
export function at(backend: WasmBackend, info: TensorInfo): number {
  return address(backend, info) / 4;
}

export function sequenceProduct(kernels: SimdKernels, p: SequenceProduct): void {
  const batches = p.batches ?? { count: 1, a: 0, b: 0, c: 0 };
  panelProducts(kernels, {
    a: 4 * p.a, aBatch: 4 * batches.a, aRow: 4 * p.aRow, aDepth: 4 * p.aDepth,
    b: 4 * p.b, bBatch: 4 * batches.b, bRow: 4 * p.bRow,
    c: 4 * p.c, cBatch: 4 * batches.c, cRow: 4 * p.cRow,
    batches: batches.count, M: p.M, K: p.K, N: p.N,
    bias: p.bias === undefined ? 0 : 4 * p.bias, relu: false, accumulate: p.accumulate === true,
  });
}

/** Sizes of one recurrent layer's pass: batch, timesteps, input features, units, gates × units. */
export interface SequenceShape {
  B: number; T: number; D: number; H: number; G: number;
}

/**
 * The gradients that follow from the pre-activation gradients dA [B, T, G·H] of every step:
 * dW = xᵀ·dA, db = Σ dA, and dU = Σ h(t−1)ᵀ·dA(t) over the first `recurrentColumns` columns (the
 * gates whose recurrent product takes the previous state as it is), into dU's columns from 0.
 * dU's other columns are left zero for the caller.
 */
export function weightGradients(
  backend: WasmBackend, kernels: SimdKernels, s: SequenceShape, recurrentColumns: number,
  tensors: { x: TensorInfo; hs: TensorInfo; dA: TensorInfo; dW: TensorInfo; dU: TensorInfo; db: TensorInfo },
): void {
  const { B, T, D, H, G } = s;
  const width = G * H;
  const dA = at(backend, tensors.dA);
  f32(backend, tensors.dU).fill(0);
  if (T > 1) {
    // h(t−1) of batch entry b is row t−1 of its hs block: one product per entry, all summed into dU
    sequenceProduct(kernels, {
      a: at(backend, tensors.hs), aRow: 1, aDepth: H,
      b: dA + width, bRow: width,
      c: at(backend, tensors.dU), cRow: width,
      M: H, K: T - 1, N: recurrentColumns, accumulate: true,
      batches: { count: B, a: T * H, b: T * width, c: 0 },
    });
  }
  sequenceProduct(kernels, {
    a: at(backend, tensors.x), aRow: 1, aDepth: D,
    b: dA, bRow: width,
    c: at(backend, tensors.dW), cRow: width,
    M: D, K: B * T, N: width,
  });
  f32(backend, tensors.db).set(columnTotals(backend, tensors.dA, B * T, width));
}

/** Shape and gate count of a sequence kernel's inputs, checked: x [B, T, D], kernel [D, G·H], recurrent kernel [H, G·H], bias [G·H]. */
export function sequenceShape(kernelName: string, G: number, x: TensorInfo, kernel: TensorInfo, recurrent: TensorInfo, bias: TensorInfo): SequenceShape {
  const [B, T, D] = x.shape as [number, number, number];
  const H = recurrent.shape[0]!;
  const ok = x.shape.length === 3 && kernel.shape.length === 2 && kernel.shape[0] === D && kernel.shape[1] === G * H
    && recurrent.shape.length === 2 && recurrent.shape[1] === G * H && bias.shape.length === 1 && bias.shape[0] === G * H
    && H % 4 === 0 && [x, kernel, recurrent, bias].every((t) => t.dtype === 'float32');
  if (!ok) {
    throw new AppError('UNSUPPORTED', `${kernelName}: expected float32 x [B, T, D], kernel [D, ${G}·H], recurrent kernel [H, ${G}·H], bias [${G}·H] with H a multiple of 4; found [${x.shape}], [${kernel.shape}], [${recurrent.shape}], [${bias.shape}]`);
  }
  return { B, T, D, H, G };
}
