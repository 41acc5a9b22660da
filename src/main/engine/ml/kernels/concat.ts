// Concat for the wasm backend. The stock kernel copies one row of each input at a time through
// TypedArray.set of a fresh subarray, which between views of the one heap also clones the row
// first: joining AVGNet's six [128, 128, 64] GraphSAGE outputs made 98,304 small copies of two
// allocations each, slower than the products around it. Each input is copied here as one box
// into the output (heap/strided-copy.ts: copyWithin runs, no allocation per row).
import { Concat, backend_util, util, type ConcatAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { copyBox } from './heap/strided-copy.ts';
import type { WasmBackend } from './heap/wasm-heap.ts';

export function concatConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: TensorInfo[]; backend: WasmBackend; attrs: ConcatAttrs }) => {
    const { inputs, backend } = args;
    const nonEmpty = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
    // strings have no heap memory; one input is the stock identity
    if (nonEmpty.length < 2 || nonEmpty[0]!.dtype === 'string') return stock.kernelFunc(args as never);
    const axis = util.parseAxisParam(args.attrs.axis, inputs[0]!.shape)[0]!;
    backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, nonEmpty[0]!.dtype);
    // views after the allocation: heap growth detaches earlier ones
    const target = backend.typedArrayFromHeap(out);
    const at = outShape.map(() => 0);
    for (const input of nonEmpty) {
      copyBox(backend.typedArrayFromHeap(input), input.shape, input.shape.map(() => 0), target, outShape, at, input.shape);
      at[axis]! += input.shape[axis]!;
    }
    return out;
  };
  return { ...stock, kernelName: Concat, kernelFunc: kernelFunc as unknown as KernelFunc };
}
