// Tile for the wasm backend. Batch-norm gradients tile per-channel statistics up to the full
// activation shape; the stock kernel's per-element index arithmetic made that the largest cost
// of a ResNet1D step. Here every output row is one contiguous copy (repeated along the last axis).
import { Tile, type KernelConfig, type KernelFunc, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core';
import type { WasmBackend } from './heap/wasm-heap.ts';

export function tileConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: TileAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const rank = x.shape.length;
    if (x.dtype === 'string' || rank === 0) return stock.kernelFunc(args as never);
    const outShape = x.shape.map((d, axis) => d * attrs.reps[axis]!);
    const out = backend.makeOutput(outShape, x.dtype);
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (dst.length === 0) return out;
    const srcStrides = new Array<number>(rank);
    for (let axis = rank - 1, stride = 1; axis >= 0; axis--) {
      srcStrides[axis] = stride;
      stride *= x.shape[axis]!;
    }
    const run = x.shape[rank - 1]!;
    const rowLength = outShape[rank - 1]!;
    const index = new Array<number>(rank - 1).fill(0);
    for (let d = 0; d < dst.length; d += rowLength) {
      let s = 0;
      for (let axis = 0; axis < rank - 1; axis++) s += (index[axis]! % x.shape[axis]!) * srcStrides[axis]!;
      for (let r = 0; r < rowLength; r += run) {
        if (run === 1) dst[d + r] = src[s]!;
        else dst.set(src.subarray(s, s + run), d + r);
      }
      for (let axis = rank - 2; axis >= 0 && ++index[axis]! === outShape[axis]!; axis--) index[axis] = 0;
    }
    return out;
  };
  return { ...stock, kernelName: Tile, kernelFunc: kernelFunc as unknown as KernelFunc };
}
