// Slice for the wasm backend. The stock kernel first copies the whole input out of the heap
// (readSync), which made the gradient of every ZeroPadding layer cost more than the convolution.
import { Slice, slice_util, type KernelConfig, type KernelFunc, type SliceAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { copyBox } from './strided_copy.ts';
import type { WasmBackend } from './wasm_heap.ts';

export function sliceConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: SliceAttrs }) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    if (x.dtype === 'string') return stock.kernelFunc(args as never);
    const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
    const out = backend.makeOutput(size, x.dtype);
    copyBox(
      backend.typedArrayFromHeap(x),
      x.shape,
      begin,
      backend.typedArrayFromHeap(out),
      size,
      size.map(() => 0),
      size,
    );
    return out;
  };
  return { ...stock, kernelName: Slice, kernelFunc: kernelFunc as unknown as KernelFunc };
}
