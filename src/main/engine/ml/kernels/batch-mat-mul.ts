// BatchMatMul with transposed operands, as every Dense/LSTM gradient asks for (dx = dy·Wᵀ,
// dW = xᵀ·dy): transpose explicitly, then run the stock kernel on plain operands.
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { transposeLastTwo } from './heap/transposed-operand.ts';
import { free, type WasmBackend } from './heap/wasm-heap.ts';

export function batchMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackend; attrs: BatchMatMulAttrs }) => {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return stock.kernelFunc(args as never);
    const a = attrs.transposeA ? transposeLastTwo(backend, inputs.a) : inputs.a;
    const b = attrs.transposeB ? transposeLastTwo(backend, inputs.b) : inputs.b;
    const out = stock.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } } as never);
    if (a !== inputs.a) free(backend, a);
    if (b !== inputs.b) free(backend, b);
    return out;
  };
  return { ...stock, kernelName: BatchMatMul, kernelFunc: kernelFunc as unknown as KernelFunc };
}
