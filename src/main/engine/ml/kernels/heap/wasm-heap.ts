// Thin access to the wasm backend's tensor memory and kernels, so our training kernels can
// fill buffers from JavaScript and hand the heavy arithmetic to the backend's XNNPACK kernels.
import { getKernel, type DataType, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's BackendWasm these kernels rely on. */
export interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
  getMemoryOffset(dataId: object): number;
}

/** A float32 view of a tensor's data. Take it after the last allocation: heap growth detaches earlier views. */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info);
}

/**
 * Copies `length` floats between tensors (float offsets within each) with copyWithin on one view
 * of the whole heap: TypedArray.set between views of the same buffer first clones the source.
 */
export function copyFloats(backend: WasmBackend, from: TensorInfo, fromOffset: number, to: TensorInfo, toOffset: number, length: number): void {
  const heap = new Float32Array(f32(backend, to).buffer);
  const source = address(backend, from) / 4 + fromOffset;
  heap.copyWithin(address(backend, to) / 4 + toOffset, source, source + length);
}

/** Byte address of a tensor's data in the wasm heap, for kernels that run on it in place. */
export function address(backend: WasmBackend, info: TensorInfo): number {
  return backend.getMemoryOffset(info.dataId);
}

/** Runs another kernel registered for the wasm backend directly, without engine bookkeeping. */
export function runWasmKernel(
  backend: WasmBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${kernelName} is not registered`);
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  return Array.isArray(out) ? out[0]! : out;
}

/** Plain 2-D product a[m,k] × b[k,n] → [1,m,n] on XNNPACK. */
export function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

export function free(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
