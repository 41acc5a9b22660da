// Filter gradient of a 2-D convolution for the wasm backend, which ships none: the first of
// its routes that applies computes it.
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { chunkRows, requireNhwcFloat } from './conv/checks.ts';
import { convGeometry, im2col, im2colTransposed, patchRuns, patchRows, patchSize, type ConvGeometry } from './conv/geometry.ts';
import { patchProductsApply, patchProductsFilterGradient } from './conv/patch-products.ts';
import { runFirstRoute, simdRoute, type ConvRoute } from './conv/route.ts';
import { tapProductsApply, tapProductsFilterGradient } from './conv/taps.ts';
import { winogradApply, winogradFilterGradient } from './conv/winograd.ts';
import { transposeInto } from './heap/transposed-operand.ts';
import { copyFloats, f32, free, matMul, type WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels, type SimdKernels } from './simd/simd-kernels.ts';

interface FilterGradientCall {
  backend: WasmBackend;
  x: TensorInfo;
  dy: TensorInfo;
  g: ConvGeometry;
  filterShape: readonly number[];
  simd: SimdKernels | null;
}

const routes: readonly ConvRoute<FilterGradientCall>[] = [
  // 1-D, three taps, stride 1: Winograd F(3, 4) tiles
  simdRoute((c) => winogradApply(c.g), (c, simd) => winogradFilterGradient(c.backend, simd, c.x, c.dy, c.g, c.filterShape)),
  // patches that are contiguous runs of the input (1-D, short filters over few rows): products read off the input
  simdRoute((c) => patchProductsApply(c.g), (c, simd) => patchProductsFilterGradient(c.backend, simd, c.x, c.dy, c.g, c.filterShape)),
  // row stride 1 with several input channels: one matmul per chunk of the padded grid
  simdRoute((c) => tapProductsApply(c.g), (c, simd) => tapProductsFilterGradient(c.backend, simd, c.x, c.dy, c.g, c.filterShape)),
  // anything else: patches(x)ᵀ · dy in row chunks on XNNPACK's matmul
  { applies: () => true, run: patchMatrixFilterGradient },
];

export function conv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  requireNhwcFloat(Conv2DBackpropFilter, attrs.dataFormat, [x, dy]);
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  return runFirstRoute(routes, { backend, x, dy, g, filterShape: attrs.filterShape, simd: simdKernels(backend) });
}

/**
 * dW[K, Cout] = patches(x)ᵀ · dy, one plain XNNPACK matmul per row chunk (a transposed operand
 * runs ~10× slower there): patchesᵀ · dy with the patches written transposed, or (dyᵀ · patches)ᵀ,
 * whichever transposes less data.
 */
function patchMatrixFilterGradient({ backend, x, dy, g, filterShape }: FilterGradientCall): TensorInfo {
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

  const out = backend.makeOutput([...filterShape], 'float32');
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
