// Filter gradient of a convolution whose patches are contiguous runs of its input: with no column
// dilation, output pixel (n, oh, ow) under filter row kh reads kW·Cin consecutive floats of input
// row ih = oh·sH − padTop + kh·dH, from column ow·sW − padLeft on. The emitted patchProducts
// kernel (simd/patch-products-wasm.ts) accumulates patchᵀ · dy straight off the input. Output columns
// whose window overlaps the padding read only their valid taps, into those taps' rows of dW: the
// zeros of the padding add nothing. Measured per layer at batch 256: 1.4–2.2× the grid route.
// Patch floats beyond a multiple of the register block (the ResNet1D stem's 3 taps × 2 channels)
// go through a one-float variant: the stem's filter gradient 1.02 → 0.10 ms at batch 128.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { columnRuns, type ConvGeometry } from './geometry.ts';
import { CHANNEL_VECTORS, PATCH_BLOCK } from '../simd/patch-products-wasm.ts';
import type { SimdKernels } from '../simd/simd-kernels.ts';
import { address, f32, type WasmBackend } from '../heap/wasm-heap.ts';

/** Most (filter row, output row) pairs: each is one pass over the batch from JavaScript. */
const MAX_ROW_PASSES = 4;

/** Rows per kernel call: enough to amortise loading a register block, few enough to stay in L1. */
const ROWS_PER_CALL = 128;

/** Whether this route computes the filter gradient of g (the kernel's block sizes divide the work). */
export function patchProductsApply(g: ConvGeometry): boolean {
  if (g.dilationW !== 1 || g.outC % (4 * CHANNEL_VECTORS) !== 0 || g.kH * g.outH > MAX_ROW_PASSES) return false;
  // patch floats beyond a multiple of the register block go one at a time: fine as a remainder,
  // too slow as the whole patch (one input channel and fewer taps than the block)
  return columnRuns(g).every((run) => (run.tapTo - run.tapFrom) * g.inC >= PATCH_BLOCK);
}

export function patchProductsFilterGradient(
  backend: WasmBackend,
  kernels: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  filterShape: readonly number[],
): TensorInfo {
  const out = backend.makeOutput([...filterShape], 'float32');
  f32(backend, out).fill(0);
  const runs = columnRuns(g);
  const xAt = address(backend, x);
  const dyAt = address(backend, dy);
  const outAt = address(backend, out);
  const xSample = 4 * g.inH * g.inW * g.inC;
  const dySample = 4 * g.outH * g.outW * g.outC;
  for (let kh = 0; kh < g.kH; kh++) {
    for (let oh = 0; oh < g.outH; oh++) {
      const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
      if (ih < 0 || ih >= g.inH) continue;
      for (const run of runs) {
        const iw = run.first * g.strideW - g.padLeft + run.tapFrom;
        const xRun = xAt + 4 * (ih * g.inW + iw) * g.inC;
        const dyRun = dyAt + 4 * (oh * g.outW + run.first) * g.outC;
        const rows = outAt + 4 * (kh * g.kW + run.tapFrom) * g.inC * g.outC;
        const kc = (run.tapTo - run.tapFrom) * g.inC;
        const blocked = kc - (kc % PATCH_BLOCK);
        const samples = Math.max(1, Math.floor(ROWS_PER_CALL / run.count));
        for (let n = 0; n < g.batch; n += samples) {
          const segments = Math.min(samples, g.batch - n);
          const x0 = xRun + n * xSample;
          const dy0 = dyRun + n * dySample;
          kernels.patchProducts(x0, 4 * g.strideW * g.inC, xSample, segments, run.count, dy0, dySample, blocked, g.outC, rows);
          if (blocked < kc) {
            kernels.patchProductsSingle(x0 + 4 * blocked, 4 * g.strideW * g.inC, xSample, segments, run.count, dy0, dySample, kc - blocked, g.outC, rows + 4 * blocked * g.outC);
          }
        }
      }
    }
  }
  return out;
}
