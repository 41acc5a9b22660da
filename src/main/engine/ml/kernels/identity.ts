// Identity for the wasm backend. The stock kernel copies the tensor (through TypedArray.set on
// one heap, which clones the source first): ~500 copies per ResNet1D step, many activation-sized.
// Tensors are immutable, so the output shares the input's data with one more reference, as the
// stock Reshape and the cpu backend's Identity do.
import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from './heap/wasm-heap.ts';

export function identityConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: WasmBackend & { incRef(dataId: object): void } }) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return stock.kernelFunc(args as never);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...stock, kernelName: Identity, kernelFunc: kernelFunc as unknown as KernelFunc };
}
