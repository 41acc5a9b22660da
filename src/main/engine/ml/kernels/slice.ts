// Slice for the wasm backend, and the stock kernels made of slices (Unpack, SplitV). The stock
// slice first copies the whole input out of the heap (readSync), which made the gradient of every
// ZeroPadding layer cost more than the convolution, and made unstacking a sequence quadratic:
// a recurrent layer unstacks its [time, batch, features] input into one slice per step, each of
// which copied the whole sequence (≈ 4.7 s of a 6 s LSTM2 training pass at batch 256).
import {
  SplitV,
  Slice,
  Unpack,
  backend_util,
  slice_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type SliceAttrs,
  type SplitVAttrs,
  type TensorInfo,
  type UnpackAttrs,
} from '@tensorflow/tfjs-core';
import { copyBox } from './heap/strided-copy.ts';
import type { WasmBackend } from './heap/wasm-heap.ts';

/** x[begin : begin + size] into a new tensor, read in place from the heap. */
function sliceOnHeap(backend: WasmBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  // views after the allocation: heap growth detaches earlier ones
  copyBox(backend.typedArrayFromHeap(x), x.shape, begin, backend.typedArrayFromHeap(out), size, size.map(() => 0), size);
  return out;
}

/**
 * A wrapper that runs `f` on numeric tensors (read in place) and leaves strings, which have no
 * heap memory, to the stock kernel. `input` names the kernel's one input.
 */
function onHeap<A>(stock: KernelConfig, kernelName: string, input: 'x' | 'value', f: (backend: WasmBackend, x: TensorInfo, attrs: A) => TensorInfo | TensorInfo[]): KernelConfig {
  const kernelFunc = (args: { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs: A }) => {
    const x = args.inputs[input]!;
    return x.dtype === 'string' ? stock.kernelFunc(args as never) : f(args.backend, x, args.attrs);
  };
  return { ...stock, kernelName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

export function sliceConfig(stock: KernelConfig): KernelConfig {
  return onHeap<SliceAttrs>(stock, Slice, 'x', (backend, x, attrs) => {
    const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
    return sliceOnHeap(backend, x, begin, size);
  });
}

/** One slice per index along the axis, with that axis dropped. */
export function unpackConfig(stock: KernelConfig): KernelConfig {
  return onHeap<UnpackAttrs>(stock, Unpack, 'value', (backend, value, attrs) => {
    const axis = attrs.axis < 0 ? attrs.axis + value.shape.length : attrs.axis;
    const begin = value.shape.map(() => 0);
    const size = [...value.shape];
    size[axis] = 1;
    const outShape = value.shape.filter((_, i) => i !== axis);
    return Array.from({ length: value.shape[axis]! }, (_, i) => {
      begin[axis] = i;
      return { ...sliceOnHeap(backend, value, begin, size), shape: outShape };
    });
  });
}

/** Consecutive slices along the axis, of the given sizes. */
export function splitVConfig(stock: KernelConfig): KernelConfig {
  return onHeap<SplitVAttrs>(stock, SplitV, 'x', (backend, x, attrs) => {
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
    const begin = x.shape.map(() => 0);
    return backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits, axis).map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceOnHeap(backend, x, begin, size);
      begin[axis] += s;
      return part;
    });
  });
}
