// Batched matrix products on the emitted strided kernel (simd/strided-products-wasm.ts). The stock wasm
// BatchMatMul runs a product per batch entry through a generic loop (about 1 GFLOP/s on
// [32, 128, 32]ᵀ × [32, 128, 384] here) and reads a transposed operand slowly; the emitted kernel
// reads A through strides, so Aᵀ costs nothing, and keeps a 2 × 16 block of the result in
// registers. Bᵀ is copied transposed first (the kernel needs B's rows contiguous).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.ts';
import { transposeLastTwo } from './heap/transposed-operand.ts';
import { address, free, type WasmBackend } from './heap/wasm-heap.ts';

const product = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/** Depth of one pass: 256 rows of two 64-wide operands are 128 KB, within the L2 cache. */
const DEPTH_SLICE = 256;
/**
 * Columns of one pass: a slice of B this wide (128 KB at full depth) stays in L2 while every row
 * of A passes over it. Without it a wide B (VT-CNN2's dx = dy·Wᵀ, 10,560 columns, 10.8 MB) was
 * streamed from memory again for every pair of rows.
 */
const COLUMN_PANEL = 128;

/** What the kernel may apply to the product before storing it: a bias over the columns, a ReLU. */
export interface ProductEpilogue {
  bias?: TensorInfo;
  relu: boolean;
}

/**
 * op(a)·op(b) for a [..., M, K] (or [..., K, M] with transposeA) and b [..., K, N] (or [..., N, K]),
 * batch dimensions equal or one side's all ones, then the epilogue; null where the kernel does not
 * apply (no SIMD, N not a multiple of 4, other broadcasting, a bias of other than N floats), for
 * the caller to take the stock route.
 */
export function stridedMatMul(
  backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean,
  epilogue: ProductEpilogue = { relu: false },
): TensorInfo | null {
  const kernels = simdKernels(backend);
  if (!kernels || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const M = transposeA ? aCols : aRows;
  const K = transposeA ? aRows : aCols;
  const N = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== K || M < 1 || K < 1 || N < 4 || N % 4 !== 0) return null;
  const batchA = product(a.shape.slice(0, -2));
  const batchB = product(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const { bias } = epilogue;
  if (bias && (bias.dtype !== 'float32' || product(bias.shape) !== N)) return null;
  const batchShape = batchA > batchB || (batchA === batchB && a.shape.length >= b.shape.length) ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  const plainB = transposeB ? transposeLastTwo(backend, b) : b;
  const aDepth = transposeA ? 4 * aCols : 4;
  const out = backend.makeOutput([...batchShape, M, N], 'float32');
  panelProducts(kernels, {
    a: address(backend, a), aBatch: batchA === 1 ? 0 : 4 * aRows * aCols, aRow: transposeA ? 4 : 4 * aCols, aDepth,
    b: address(backend, plainB), bBatch: batchB === 1 ? 0 : 4 * K * N, bRow: 4 * N,
    c: address(backend, out), cBatch: 4 * M * N, cRow: 4 * N,
    batches: Math.max(batchA, batchB), M, K, N,
    bias: bias ? address(backend, bias) : 0, relu: epilogue.relu, accumulate: false,
  });
  if (plainB !== b) free(backend, plainB);
  return out;
}

/** One strided product on the heap: byte addresses and strides as the emitted kernel takes them. */
export interface PanelProduct {
  a: number; aBatch: number; aRow: number; aDepth: number;
  b: number; bBatch: number; bRow: number;
  c: number; cBatch: number; cRow: number;
  batches: number; M: number; K: number; N: number;
  /** address of N floats added to every row (0: none); ignored when accumulating */
  bias: number;
  relu: boolean;
  /** add to C instead of overwriting it */
  accumulate: boolean;
}

/** C (+)= A·B in column panels and depth slices (N a multiple of 4), so both operands' slices stay in cache. */
export function panelProducts(kernels: SimdKernels, p: PanelProduct): void {
  // A long sum runs in slices of depth, each added to C, so the operands' slices stay in cache
  // while every block of C passes over them (a weight gradient sums over all the batch's rows).
  for (let j0 = 0; j0 < p.N; j0 += COLUMN_PANEL) {
    const width = Math.min(COLUMN_PANEL, p.N - j0);
    for (let k0 = 0; k0 < p.K; k0 += DEPTH_SLICE) {
      const depth = Math.min(DEPTH_SLICE, p.K - k0);
      const last = k0 + depth === p.K;
      const add = p.accumulate || k0 > 0;
      kernels.stridedProducts(
        p.a + k0 * p.aDepth, p.aBatch, p.aRow, p.aDepth,
        p.b + k0 * p.bRow + 4 * j0, p.bBatch, p.bRow,
        p.c + 4 * j0, p.cBatch, p.cRow,
        p.batches, p.M, depth, 4 * (width - (width % 16)), 4 * width,
        p.bias ? p.bias + 4 * j0 : 0, p.bias && !p.accumulate ? 1 : 0, last && p.relu ? 1 : 0, add ? 1 : 0,
      );
    }
  }
}
