// Sum and Mean over leading axes (e.g. over batch and time per channel, as batch norm and its
// gradient do). The stock wasm kernels first transpose the reduced axes to the end with a slow
// generic transpose; summing rows straight into a per-channel accumulator avoids that copy.
// Channels in fours are summed by emitted SIMD in float32 over blocks of rows, the blocks' sums
// then in float64 here (VT-CNN2's conv1 bias gradient, 66,560 rows of 256, took 36 ms of a step in
// the float64 JavaScript loop alone); other widths take that loop.
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type MeanAttrs, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { address, f32, free, type WasmBackend } from './heap/wasm-heap.ts';
import { simdKernels } from './simd/simd-kernels.ts';

/** Rows summed in float32 before their sum joins the float64 total: short enough to keep rounding at float32's few ulps. */
const SIMD_BLOCK_ROWS = 64;

/** Σ over `rows` rows of `width` floats of x, per column, into a float64 accumulator. */
export function columnTotals(backend: WasmBackend, x: TensorInfo, rows: number, width: number): Float64Array {
  const acc = new Float64Array(width);
  const simd = simdKernels(backend);
  if (simd && width % 4 === 0 && rows > SIMD_BLOCK_ROWS) {
    const blocks = Math.ceil(rows / SIMD_BLOCK_ROWS);
    const sums = backend.makeOutput([blocks, width], 'float32');
    simd.columnSums(address(backend, x), rows, width, SIMD_BLOCK_ROWS, address(backend, sums));
    const partial = f32(backend, sums);
    for (let b = 0, o = 0; b < blocks; b++, o += width) {
      for (let c = 0; c < width; c++) acc[c] += partial[o + c]!;
    }
    free(backend, sums);
    return acc;
  }
  const src = f32(backend, x);
  for (let r = 0, o = 0; r < rows; r++, o += width) {
    for (let c = 0; c < width; c++) acc[c] += src[o + c]!;
  }
  return acc;
}

/** The number of leading axes reduced, when `axes` is exactly 0..k-1 with k < rank; else null. */
function leadingAxes(axis: number | number[], rank: number): number | null {
  const axes = [...new Set(util.parseAxisParam(axis, new Array<number>(rank).fill(1)))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= rank) return null;
  return axes.every((a, i) => a === i) ? axes.length : null;
}

function reduceConfig(stock: KernelConfig, kernelName: string, mean: boolean): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: SumAttrs | MeanAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const k = x.dtype === 'float32' ? leadingAxes(attrs.axis, x.shape.length) : null;
    if (k === null) return stock.kernelFunc(args as never);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    const inner = x.shape.slice(k);
    const width = util.sizeFromShape(inner);
    const acc = columnTotals(backend, x, rows, width);
    const outShape = attrs.keepDims ? [...new Array<number>(k).fill(1), ...inner] : inner;
    const out = backend.makeOutput(outShape, 'float32');
    const dst = backend.typedArrayFromHeap(out);
    const scale = mean ? 1 / rows : 1;
    for (let c = 0; c < width; c++) dst[c] = acc[c]! * scale;
    return out;
  };
  return { ...stock, kernelName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

export const sumConfig = (stock: KernelConfig) => reduceConfig(stock, Sum, false);
export const meanConfig = (stock: KernelConfig) => reduceConfig(stock, Mean, true);
