// Sum and Mean over leading axes (e.g. over batch and time per channel, as batch norm and its
// gradient do). The stock wasm kernels first transpose the reduced axes to the end with a slow
// generic transpose; summing rows straight into a per-channel accumulator avoids that copy.
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type MeanAttrs, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from './heap/wasm-heap.ts';

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
    const acc = new Float64Array(width);
    const src = backend.typedArrayFromHeap(x);
    for (let r = 0, o = 0; r < rows; r++, o += width) {
      for (let c = 0; c < width; c++) acc[c] += src[o + c]!;
    }
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
