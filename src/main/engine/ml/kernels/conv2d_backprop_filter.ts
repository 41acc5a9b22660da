// Filter gradient of a 2-D convolution for the wasm backend, which ships none.
// 1-D convolutions with three taps and stride 1: Winograd tiles (conv_winograd.ts). Patches that are contiguous runs of the input (1-D convolutions, short filters over few rows):
// emitted SIMD products read straight off the input (conv_patch_products.ts). Else, row stride 1
// with several input channels: one matmul per grid chunk of the padded grid (conv_taps.ts). Otherwise dW[K, Cout] = patches(x)ᵀ · dy in row chunks, each a plain
// XNNPACK matmul (a transposed operand runs ~10× slower there): either patchesᵀ · dy with the
// patches written transposed, or (dyᵀ · patches)ᵀ, whichever transposes less data.
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, im2col, im2colTransposed, patchRuns, patchRows, patchSize, transposeInto } from './conv_geometry.ts';
import { chunkRows, requireNhwcFloat } from './conv_checks.ts';
import { patchProductsApply, patchProductsFilterGradient } from './conv_patch_products.ts';
import { tapProductsApply, tapProductsFilterGradient } from './conv_taps.ts';
import { winogradApply, winogradFilterGradient } from './conv_winograd.ts';
import { simdKernels } from './simd_kernels.ts';
import { copyFloats, f32, free, matMul, type WasmBackend } from './wasm_heap.ts';

export function conv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  requireNhwcFloat(Conv2DBackpropFilter, attrs.dataFormat, [x, dy]);
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  const simd = simdKernels(backend);
  if (simd && winogradApply(g)) return winogradFilterGradient(backend, simd, x, dy, g, attrs.filterShape);
  if (simd && patchProductsApply(g)) return patchProductsFilterGradient(backend, simd, x, dy, g, attrs.filterShape);
  if (simd && tapProductsApply(g)) return tapProductsFilterGradient(backend, simd, x, dy, g, attrs.filterShape);
  const rows = patchRows(g);
  const patch = patchSize(g);
  const step = chunkRows(rows, Math.max(patch, g.outC));
  // Transpose whichever operand is smaller per row: dy (outC values) or the patch (patch values).
  const transposePatch = patch < g.outC;
  const sum = new Float32Array(g.outC * patch);

  for (let start = 0; start < rows; start += step) {
    const count = Math.min(step, rows - start);
    let part: TensorInfo;
    if (transposePatch) {
      const runs = patchRuns(g, start, start + count);
      const colsT = backend.makeOutput([patch, count], 'float32');
      const dyRows = backend.makeOutput([count, g.outC], 'float32');
      im2colTransposed(runs, patch, count, f32(backend, x), f32(backend, colsT));
      copyFloats(backend, dy, start * g.outC, dyRows, 0, count * g.outC);
      part = matMul(backend, colsT, dyRows);
      free(backend, colsT, dyRows);
    } else {
      const cols = backend.makeOutput([count, patch], 'float32');
      const dyT = backend.makeOutput([g.outC, count], 'float32');
      im2col(g, start, start + count, f32(backend, x), f32(backend, cols));
      transposeInto(f32(backend, dy), start * g.outC, count, g.outC, f32(backend, dyT));
      part = matMul(backend, dyT, cols);
      free(backend, cols, dyT);
    }
    const partValues = f32(backend, part);
    for (let i = 0; i < sum.length; i++) sum[i] += partValues[i];
    free(backend, part);
  }

  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  // sum is [patch][outC] (the filter layout) or [outC][patch].
  if (transposePatch) f32(backend, out).set(sum);
  else transposeInto(sum, 0, g.outC, patch, f32(backend, out));
  return out;
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};
